import Graph from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import { describe, expect, it } from 'vitest';
import { events, generate, prepare, type ScenarioName, type Truth } from '../../scripts/generator/index.js';
import { detectCommunities } from '../../src/detect/communities.js';
import { createRng } from '../../src/detect/rng.js';
import { coreSpan, normalTail, pairsWithin } from '../../src/detect/stats.js';
import { tableFromEvents, type EventTable } from '../../src/ingest/table.js';
import { scanTable } from '../../src/pipeline.js';
import type { Report } from '../../src/report/types.js';

/** A generated scenario as the scan sees it (time-ordered events), with its ground truth. */
function scenario(name: ScenarioName, seed: number, n: number): { table: EventTable; truth: Truth } {
  const { world, truth } = generate({ scenario: name, seed, events: n });
  return { table: tableFromEvents(events(world.store, prepare(world.store, 'time', seed))), truth };
}

function accountScores(report: Report, truth: Truth) {
  const flagged = new Set(report.clusters.flatMap((c) => c.members));
  const positives = new Set(truth.campaigns.flatMap((c) => c.members));
  let tp = 0;
  for (const a of flagged) if (positives.has(a)) tp++;
  return { flagged: flagged.size, positives: positives.size, precision: flagged.size ? tp / flagged.size : NaN, recall: positives.size ? tp / positives.size : NaN };
}

describe('detection on generated scenarios', () => {
  it('finds the planted campaigns in scenario "basic" (seed 11): account precision and recall ≥ 0.9', async () => {
    const { table, truth } = scenario('basic', 11, 100_000);
    expect(truth.campaigns.length).toBeGreaterThan(0);
    const report = await scanTable(table);
    const s = accountScores(report, truth);
    expect(s.positives).toBeGreaterThan(0);
    expect(s.precision, JSON.stringify(s)).toBeGreaterThanOrEqual(0.9);
    expect(s.recall, JSON.stringify(s)).toBeGreaterThanOrEqual(0.9);
    // Every campaign is found, not just most accounts overall.
    const flagged = new Set(report.clusters.flatMap((c) => c.members));
    for (const c of truth.campaigns) {
      const found = c.members.filter((m) => flagged.has(m)).length / c.members.length;
      expect(found, `campaign ${c.id} (${c.kind}, ${c.members.length} members)`).toBeGreaterThanOrEqual(0.8);
    }
    // Organic accounts are not flagged.
    const organicFlagged = [...flagged].filter((a) => truth.roles[a] !== 'campaign');
    expect(organicFlagged.length).toBeLessThanOrEqual(Math.ceil(0.1 * flagged.size));
  });

  it('flags at most 0.5% of accounts in scenario "organic" (seed 12), which has no campaign', async () => {
    const { table, truth } = scenario('organic', 12, 100_000);
    expect(truth.campaigns).toEqual([]);
    const report = await scanTable(table);
    const accounts = table.accountNames.length;
    expect(accounts).toBeGreaterThan(1000);
    expect(report.stats.flaggedAccounts).toBeLessThanOrEqual(0.005 * accounts);
    expect(new Set(report.clusters.flatMap((c) => c.members)).size).toBe(report.stats.flaggedAccounts);
  });

  it('is deterministic: the same input and seed give identical cluster ids, members and scores', async () => {
    const run = async () => {
      const { table } = scenario('basic', 12, 60_000);
      const r = await scanTable(table, { seed: 9 });
      return r.clusters.map((c) => ({ id: c.id, members: c.members, score: c.score }));
    };
    const a = await run();
    const b = await run();
    expect(a.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });
});

describe('timing helpers', () => {
  it('coreSpan: the narrowest window holding 80% of the times (at least two)', () => {
    expect(coreSpan([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toBe(7); // 8 of 10
    // Outliers on both sides do not widen the core.
    expect(coreSpan([-1000, 100, 101, 102, 103, 104, 105, 106, 107, 5000])).toBe(7);
    expect(coreSpan([10, 25])).toBe(15);
    expect(coreSpan([5, 5, 5])).toBe(0);
    // Only the first m values count.
    expect(coreSpan([0, 10, 20, 1e9], 3)).toBe(20);
  });

  it('coreSpan is monotone: stretching the times never narrows the core', () => {
    const rng = createRng(4);
    const xs = Array.from({ length: 40 }, () => rng() * 1000).sort((a, b) => a - b);
    let prev = -1;
    for (const f of [0.5, 1, 2, 3, 10]) {
      const s = coreSpan(xs.map((x) => x * f));
      expect(s).toBeGreaterThanOrEqual(prev);
      prev = s;
    }
    // Moving one point away from the rest never narrows it either.
    const ys = [...xs];
    ys[ys.length - 1] += 5000;
    expect(coreSpan(ys)).toBeGreaterThanOrEqual(coreSpan(xs));
  });

  it('pairsWithin counts pairs at most w apart (inclusive) and agrees with brute force', () => {
    expect(pairsWithin([0, 1, 2, 10], 1)).toBe(2);
    expect(pairsWithin([0, 1, 2, 10], 2)).toBe(3);
    expect(pairsWithin([0, 1, 2, 10], 0.999)).toBe(0);
    expect(pairsWithin([0, 1, 2, 10], 10)).toBe(6);
    expect(pairsWithin([3, 3, 3], 0)).toBe(3);
    const rng = createRng(8);
    const xs = Array.from({ length: 300 }, () => Math.floor(rng() * 10_000)).sort((a, b) => a - b);
    let prev = -1;
    for (const w of [0, 5, 50, 500, 5000, 10_000]) {
      let brute = 0;
      for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) if (xs[j] - xs[i] <= w) brute++;
      const n = pairsWithin(xs, w);
      expect(n).toBe(brute);
      expect(n).toBeGreaterThanOrEqual(prev);
      prev = n;
    }
    expect(prev).toBe((300 * 299) / 2);
  });

  it('normalTail matches the standard normal tail at known points, far into the tail', () => {
    const known: [number, number][] = [
      [0, 0.5],
      [1, 0.15865525393145707],
      [1.959963984540054, 0.025],
      [3, 0.0013498980316301],
      [5, 2.866515718791939e-7],
      [10, 7.61985302416047e-24],
      [20, 2.7536241186061556e-89],
      [-1, 0.8413447460685429],
      [-3, 0.9986501019683699],
    ];
    for (const [z, p] of known) expect(Math.abs(normalTail(z) - p) / p, `z = ${z}`).toBeLessThan(1e-6);
    expect(normalTail(35)).toBeGreaterThan(0);
    expect(normalTail(35)).toBeLessThan(1e-260);
  });

  it('normalTail is monotone decreasing in z', () => {
    let prev = Infinity;
    for (let z = -8; z <= 30; z += 0.05) {
      const p = normalTail(z);
      expect(p).toBeLessThanOrEqual(prev);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      prev = p;
    }
  });
});

type Louvain = (g: Graph, o: { getEdgeWeight: string; resolution: number; rng: () => number }) => Record<string, number>;
const louvain = ((louvainModule as unknown as { default?: Louvain }).default ?? louvainModule) as unknown as Louvain;

function isConnected(g: Graph, nodes: string[]): boolean {
  const inside = new Set(nodes);
  const seen = new Set([nodes[0]]);
  const stack = [nodes[0]];
  while (stack.length) {
    const v = stack.pop()!;
    g.forEachNeighbor(v, (u) => {
      if (inside.has(u) && !seen.has(u)) {
        seen.add(u);
        stack.push(u);
      }
    });
  }
  return seen.size === nodes.length;
}

describe('detectCommunities', () => {
  const graph = (edges: [string, string, number][], order: string[] = []) => {
    const g = new Graph({ type: 'undirected' });
    for (const n of order) g.addNode(n);
    for (const [a, b, w] of edges) {
      g.mergeNode(a);
      g.mergeNode(b);
      g.addUndirectedEdge(a, b, { weight: w });
    }
    return g;
  };

  it('separates disconnected groups and drops those smaller than minSize, largest first', () => {
    const g = graph([
      ['a1', 'a2', 1], ['a2', 'a3', 1], ['a1', 'a3', 1], ['a3', 'a4', 1], ['a4', 'a1', 1],
      ['b1', 'b2', 1], ['b2', 'b3', 1], ['b1', 'b3', 1],
      ['c1', 'c2', 1],
    ]);
    expect(detectCommunities(g, { resolution: 1, seed: 1, minSize: 3 })).toEqual([
      ['a1', 'a2', 'a3', 'a4'],
      ['b1', 'b2', 'b3'],
    ]);
    expect(detectCommunities(g, { resolution: 1, seed: 1, minSize: 2 })).toHaveLength(3);
    expect(detectCommunities(new Graph({ type: 'undirected' }), { resolution: 1, seed: 1, minSize: 1 })).toEqual([]);
  });

  it('splits a community that Louvain returns disconnected into its connected parts', () => {
    // Two pairs (a, b) bridged only by x, which is pulled into a heavier clique r: Louvain's known
    // defect leaves {a0, a1, b0, b1} as one community with no path inside it.
    const edges: [string, string, number][] = [
      ['a0', 'a1', 1], ['b0', 'b1', 1],
      ['r0', 'r1', 2], ['r0', 'r2', 2], ['r1', 'r2', 2],
      ['x', 'a0', 3], ['x', 'a1', 3], ['x', 'b0', 3], ['x', 'b1', 3],
      ['x', 'r0', 6], ['x', 'r1', 6], ['x', 'r2', 6],
    ];
    const g = graph(edges, ['x', 'a0', 'a1', 'b0', 'b1', 'r0', 'r1', 'r2']);
    const seed = 0;
    // Precondition: the raw Louvain partition really has a disconnected community here.
    const raw = louvain(g, { getEdgeWeight: 'weight', resolution: 1, rng: createRng(seed) });
    const byComm = new Map<number, string[]>();
    for (const [n, c] of Object.entries(raw)) byComm.set(c, [...(byComm.get(c) ?? []), n]);
    expect([...byComm.values()].some((nodes) => !isConnected(g, nodes)), `raw partition ${JSON.stringify(raw)}`).toBe(true);

    const out = detectCommunities(g, { resolution: 1, seed, minSize: 1 });
    for (const c of out) expect(isConnected(g, c), c.join(',')).toBe(true);
    expect(out.flat().sort()).toEqual(g.nodes().sort());
    expect(out).toContainEqual(['a0', 'a1']);
    expect(out).toContainEqual(['b0', 'b1']);
    // With minSize 3 the two stranded pairs are not reported at all.
    expect(detectCommunities(g, { resolution: 1, seed, minSize: 3 }).flat()).not.toContain('a0');
  });

  it('is deterministic for a seed', () => {
    const rng = createRng(21);
    const edges: [string, string, number][] = [];
    for (let i = 0; i < 60; i++) for (let j = i + 1; j < 60; j++) if (rng() < (Math.floor(i / 10) === Math.floor(j / 10) ? 0.6 : 0.03)) edges.push([`n${i}`, `n${j}`, 1 + rng()]);
    const a = detectCommunities(graph(edges), { resolution: 1, seed: 5, minSize: 3 });
    const b = detectCommunities(graph(edges), { resolution: 1, seed: 5, minSize: 3 });
    expect(b).toEqual(a);
    expect(a.length).toBeGreaterThanOrEqual(4);
  });
});
