import { describe, expect, it } from 'vitest';
import { backboneFlags, countDrawn, relativeStrength, weightStops, type WeightedEdge } from '../../src/web/backbone.js';
import { clusterLayout, subCommunities, type LayoutInput } from '../../src/web/layout.js';

/** A seeded near-clique: `cells` groups; strong edges inside a cell, weak ones across. */
function cellsCluster(sizes: number[], seed = 1): { edges: WeightedEdge[]; cellOf: number[] } {
  let s = seed;
  const rnd = (): number => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const cellOf = sizes.flatMap((n, c) => new Array<number>(n).fill(c));
  const edges: WeightedEdge[] = [];
  for (let i = 0; i < cellOf.length; i++) {
    for (let j = i + 1; j < cellOf.length; j++) {
      const same = cellOf[i] === cellOf[j];
      if (!same && rnd() < 0.7) continue; // cells meet on only some targets
      edges.push({ source: `m${i}`, target: `m${j}`, weight: same ? 6 + Math.floor(rnd() * 6) : 1 + Math.floor(rnd() * 2) });
    }
  }
  return { edges, cellOf };
}

function toInput(n: number, edges: WeightedEdge[], flags: boolean[]): LayoutInput {
  const idx = (m: string): number => Number(m.slice(1));
  return {
    n,
    sources: edges.map((e) => idx(e.source)),
    targets: edges.map((e) => idx(e.target)),
    weights: edges.map((e) => e.weight),
    backbone: flags.map((f) => (f ? 1 : 0)),
  };
}

describe('backboneFlags', () => {
  it('keeps a spanning forest plus each member\'s strongest edges of a complete graph', () => {
    const n = 80;
    const edges: WeightedEdge[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push({ source: `m${i}`, target: `m${j}`, weight: 1 + ((i * 7 + j * 13) % 10) });
    expect(edges).toHaveLength(3160);
    const flags = backboneFlags(edges, 2);
    const kept = edges.filter((_, i) => flags[i]);
    // Far fewer than the complete graph: at most n-1 (forest) + 2n (top-2 per member).
    expect(kept.length).toBeLessThanOrEqual(n - 1 + 2 * n);
    expect(kept.length).toBeGreaterThanOrEqual(n - 1);
    // Still connects every member (a spanning tree is inside).
    const parent = new Map<string, string>();
    const find = (x: string): string => (parent.get(x) ?? x) === x ? x : find(parent.get(x)!);
    for (const e of kept) parent.set(find(e.source), find(e.target));
    expect(new Set(Array.from({ length: n }, (_, i) => find(`m${i}`))).size).toBe(1);
    // Every member's single strongest edge (relative to the members' activity) is in.
    const rel = relativeStrength(edges);
    for (let i = 0; i < n; i++) {
      const mine = edges.map((e, k) => ({ e, k })).filter(({ e }) => e.source === `m${i}` || e.target === `m${i}`);
      const best = Math.max(...mine.map(({ k }) => rel[k]));
      expect(mine.some(({ k }) => rel[k] === best && flags[k])).toBe(true);
    }
  });

  it('prefers strong edges for the spanning forest and handles disconnected parts', () => {
    const edges: WeightedEdge[] = [
      { source: 'a', target: 'b', weight: 1 }, { source: 'b', target: 'c', weight: 5 }, { source: 'a', target: 'c', weight: 4 },
      { source: 'x', target: 'y', weight: 2 },
    ];
    expect(backboneFlags(edges, 0)).toEqual([false, true, true, true]);
    expect(backboneFlags([], 2)).toEqual([]);
  });

  it('does not hang every member on the busiest one (a star says only who is most active)', () => {
    // Hub h co-acts a little with everyone; pairs (a_i, b_i) co-act with each other specifically.
    const edges: WeightedEdge[] = [];
    for (let i = 0; i < 10; i++) {
      edges.push({ source: 'h', target: `a${i}`, weight: 3 }, { source: 'h', target: `b${i}`, weight: 3 });
      edges.push({ source: `a${i}`, target: `b${i}`, weight: 2 });
    }
    const flags = backboneFlags(edges, 1);
    for (let i = 0; i < 10; i++) expect(flags[3 * i + 2]).toBe(true); // every specific pair is kept
    expect(flags.filter((f, k) => f && edges[k].source === 'h').length).toBeLessThan(20);
  });

  it('counts drawn edges under the weight slider and the all-edges switch', () => {
    const edges: WeightedEdge[] = [1, 2, 2, 3, 5].map((w, i) => ({ source: `a${i}`, target: `b${i}`, weight: w }));
    const flags = [true, false, true, false, true];
    expect(weightStops(edges)).toEqual([1, 2, 3, 5]);
    expect(countDrawn(edges, flags, { all: false, minWeight: 1 })).toBe(3);
    expect(countDrawn(edges, flags, { all: false, minWeight: 2 })).toBe(2);
    expect(countDrawn(edges, flags, { all: true, minWeight: 2 })).toBe(4);
    expect(countDrawn(edges, flags, { all: true, minWeight: 6 })).toBe(0);
  });
});

describe('clusterLayout', () => {
  it('finds the sub-cells of a 500-member cluster and draws them apart', () => {
    const { edges, cellOf } = cellsCluster([200, 170, 130]);
    const flags = backboneFlags(edges);
    const input = toInput(cellOf.length, edges, flags);
    const res = clusterLayout(input);
    expect(res.groups).toBe(3);
    // Louvain's groups are the planted cells.
    for (let c = 0; c < 3; c++) {
      const gs = new Set(cellOf.flatMap((cc, i) => (cc === c ? [res.group[i]] : [])));
      expect(gs.size).toBe(1);
    }
    expect([...res.pos].every((v) => Number.isFinite(v) && Math.abs(v) <= 1 + 1e-9)).toBe(true);
    // Each cell is a compact group: members sit far closer to their own centroid than the centroids to each other.
    const centroid = (c: number): [number, number] => {
      let x = 0; let y = 0; let k = 0;
      cellOf.forEach((cc, i) => { if (cc === c) { x += res.pos[2 * i]; y += res.pos[2 * i + 1]; k++; } });
      return [x / k, y / k];
    };
    const cs = [0, 1, 2].map(centroid);
    const spread = (c: number): number => {
      let s = 0; let k = 0;
      cellOf.forEach((cc, i) => { if (cc === c) { s += Math.hypot(res.pos[2 * i] - cs[c][0], res.pos[2 * i + 1] - cs[c][1]); k++; } });
      return s / k;
    };
    const minGap = Math.min(...[[0, 1], [0, 2], [1, 2]].map(([a, b]) => Math.hypot(cs[a][0] - cs[b][0], cs[a][1] - cs[b][1])));
    expect(minGap).toBeGreaterThan(2 * Math.max(spread(0), spread(1), spread(2)));
  });

  it('keeps a uniform near-clique as one group, and is deterministic', () => {
    const { edges, cellOf } = cellsCluster([80]);
    const input = toInput(cellOf.length, edges, backboneFlags(edges));
    expect(subCommunities(input).groups).toBe(1);
    const a = clusterLayout(input);
    expect(clusterLayout(input).pos).toEqual(a.pos);
  });

  it('sets members without edges apart, below the graph', () => {
    const { edges, cellOf } = cellsCluster([30]);
    const n = cellOf.length + 5; // five members the report gave no edge
    const res = clusterLayout(toInput(n, edges, backboneFlags(edges)));
    expect([...res.isolated].slice(-5)).toEqual([1, 1, 1, 1, 1]);
    expect(res.isolated.slice(0, 30).every((f) => f === 0)).toBe(true);
    for (let i = 30; i < n; i++) expect(res.pos[2 * i + 1]).toBeLessThan(-1);
    for (let i = 0; i < 30; i++) expect(res.pos[2 * i + 1]).toBeGreaterThanOrEqual(-1 - 1e-9);
  });

  it('copes with tiny and edgeless clusters', () => {
    expect(clusterLayout({ n: 0, sources: [], targets: [], weights: [], backbone: [] }).pos).toHaveLength(0);
    const one = clusterLayout({ n: 3, sources: [], targets: [], weights: [], backbone: [] });
    expect([...one.pos].every(Number.isFinite)).toBe(true);
  });
});
