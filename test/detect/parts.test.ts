import { describe, expect, it } from 'vitest';
import { buildNullContext, clusterTiming, type ClusterTiming } from '../../src/detect/cluster-test.js';
import { flagCommunities } from '../../src/detect/flag.js';
import { DEFAULT_PARAMS } from '../../src/detect/params.js';
import { communityParts, MIN_PARENT, splittable } from '../../src/detect/parts.js';
import { createRng } from '../../src/detect/rng.js';
import { clusterVerdict } from '../../src/detect/score.js';
import type { EdgeList } from '../../src/graph/coaction.js';
import { actionWeights } from '../../src/graph/coaction.js';
import { groupByTarget } from '../../src/graph/groups.js';
import { tableFromEvents } from '../../src/ingest/table.js';
import { describeCluster } from '../../src/report/cluster.js';
import type { ActivityEvent } from '../../src/ingest/types.js';

const P = DEFAULT_PARAMS;
const T0 = Date.UTC(2026, 0, 5, 8);
const MIN = 60_000;

function edgeList(list: [number, number, number][]): EdgeList {
  return {
    a: Int32Array.from(list, (e) => e[0]),
    b: Int32Array.from(list, (e) => e[1]),
    weight: Float64Array.from(list, (e) => e[2]),
    groups: Float32Array.from(list, () => 2),
    size: list.length,
  };
}

/**
 * A camouflaged campaign inside an organic community: 12 accounts push 30 items, 9 of them within
 * 20 s each time; 200 organic accounts share 200 stories among themselves and a few outsiders,
 * minutes apart. The community holds both (as Louvain's resolution limit puts them together), and
 * its edges tie the 12 densely to each other and loosely to the rest.
 */
function world() {
  const rng = createRng(5);
  const out: ActivityEvent[] = [];
  const campaign = Array.from({ length: 12 }, (_, i) => `c${i}`);
  const organic = Array.from({ length: 200 }, (_, i) => `o${i}`);
  for (let k = 0; k < 30; k++) {
    const t = T0 + k * 144 * MIN;
    const joined = campaign.filter(() => rng() < 0.75);
    for (const a of joined) out.push({ account: a, action: 'share', ts: Math.round(t + rng() * 20_000), target: `https://promo.example/${k}` });
  }
  const delay = () => 10 * MIN * Math.exp(0.8 * (rng() + rng() + rng() - 1.5) * 2);
  for (let j = 0; j < 200; j++) {
    const t = T0 + j * 21 * MIN;
    for (let k = 0; k < 8; k++) out.push({ account: organic[Math.floor(rng() * organic.length)], action: 'share', ts: Math.round(t + delay()), target: `story-${j}` });
    for (let k = 0; k < 6; k++) out.push({ account: `x${Math.floor(rng() * 5000)}`, action: 'share', ts: Math.round(t + delay()), target: `story-${j}` });
  }
  out.sort((x, y) => x.ts - y.ts);
  const table = tableFromEvents(out);
  const index = new Map(table.accountNames.map((n, i) => [n, i]));
  const C = campaign.filter((a) => index.has(a)).map((a) => index.get(a)!);
  const O = organic.filter((a) => index.has(a)).map((a) => index.get(a)!);
  const list: [number, number, number][] = [];
  for (let i = 0; i < C.length; i++) for (let j = i + 1; j < C.length; j++) list.push([C[i], C[j], 5]);
  for (let i = 0; i < O.length; i++) for (let k = 1; k <= 5; k++) list.push([O[i], O[(i + k * 37) % O.length], 1]);
  for (let i = 0; i < C.length; i++) list.push([C[i], O[(i * 13) % O.length], 0.5]);
  return { table, C, O, edges: edgeList(list) };
}

describe('parts of a big community (detect/parts.ts)', () => {
  const { table, C, O, edges } = world();
  const groups = groupByTarget(table, undefined, P.episodeGap * 1000);
  const weights = actionWeights(table);
  const community = [...C, ...O].sort((a, b) => a - b);
  const opts = P;

  it('the community as a whole does not carry the campaign: its bursts are diluted by the organic majority', () => {
    const ctx = buildNullContext(table, groups, weights, {});
    const t = clusterTiming(ctx, community, createRng(1), { window: P.window, draws: P.nullDraws, regime: 'population' });
    const paceLimit = P.window * Math.max(...P.scales);
    expect(t.bursts).toBeGreaterThanOrEqual(20);
    expect(clusterVerdict(t, 1, paceLimit).score).toBeLessThan(P.threshold);
    // ...but it shows evidence beyond chance, so it is split.
    expect(splittable(community.length, t, 1)).toMatchObject({ timing: true });
  });

  it('Louvain on the community’s own edges sets the campaign apart', () => {
    const parts = communityParts(edges, community, table.accountNames, { resolution: 1, seed: 42, minSize: 3 });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => [...p].sort((a, b) => a - b))).toContainEqual([...C].sort((a, b) => a - b));
    // Each part in the order of its members' names, as communities are (engines number accounts differently).
    for (const p of parts) expect(p.map((a) => table.accountNames[a])).toEqual(p.map((a) => table.accountNames[a]).sort());
    // Parts are disjoint and within the community.
    const seen = new Set<number>();
    for (const p of parts) for (const a of p) {
      expect(seen.has(a)).toBe(false);
      expect(community).toContain(a);
      seen.add(a);
    }
  });

  it('finds the same parts, in the same order, whatever numbers the accounts carry (the Spark extract numbers them its own way)', () => {
    const names = table.accountNames;
    const n = names.length;
    // Another numbering of the same accounts: reversed, as a dense extract might number them.
    const to = Int32Array.from({ length: n }, (_, i) => n - 1 - i);
    const renamed: string[] = new Array(n);
    for (let i = 0; i < n; i++) renamed[to[i]] = names[i];
    const moved: EdgeList = { ...edges, a: edges.a.map((x) => to[x]), b: edges.b.map((x) => to[x]) };
    const byName = (parts: number[][], nm: string[]) => parts.map((p) => p.map((a) => nm[a]));
    const louvain = { resolution: 1, seed: P.seed, minSize: P.minClusterSize };
    // Communities list their members in name order in either numbering.
    const ours = communityParts(edges, community.slice().sort((x, y) => (names[x] < names[y] ? -1 : 1)), names, louvain);
    const theirs = communityParts(moved, community.map((a) => to[a]).sort((x, y) => (renamed[x] < renamed[y] ? -1 : 1)), renamed, louvain);
    expect(ours.length).toBeGreaterThan(1);
    expect(byName(theirs, renamed)).toEqual(byName(ours, names));
  });

  it('a scan flags the campaign as a part of the community, corrected for the parts tested', () => {
    const found = flagCommunities(table, groups, weights, [community], edges, 'population', opts);
    expect(found).toHaveLength(1);
    expect(found[0].members.sort((a, b) => a - b)).toEqual([...C].sort((a, b) => a - b));
    expect(found[0].partOf).toBe(community.length);
    const parts = communityParts(edges, community, table.accountNames, { resolution: 1, seed: P.seed, minSize: P.minClusterSize });
    // The report says where the cluster was found.
    const c = describeCluster(table, groups, found[0], { window: P.window, maxEvidence: P.maxEvidence });
    expect(c.statistics!.partOf).toBe(community.length);
    expect(c.summary).toMatch(new RegExp(`Found as a part of a community of ${community.length} accounts`));
    // One test among (1 community) × (its parts): expectedFalse = tests × p.
    const p = found[0].expectedFalse! / parts.length;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-5);
  });

  it('does not split small communities, or one without evidence', () => {
    const none = { families: 0, expected: 0, log10p: 0, concentration: 1, held: 0, pooledLog10p: 0, joined: 0, authors: 0, counted: [] as number[] };
    const quiet = { pValue: 0.5, bursts: 1, burstEligible: 100, copying: none } as ClusterTiming;
    const loud = { pValue: 1e-12, bursts: 40, burstEligible: 100, copying: none } as ClusterTiming;
    expect(splittable(MIN_PARENT - 1, loud, 1)).toBeUndefined();
    expect(splittable(MIN_PARENT, loud, 1)).toMatchObject({ timing: true });
    expect(splittable(500, quiet, 1)).toBeUndefined();
    // The gate is corrected for the tests the community is one of.
    expect(splittable(500, { pValue: 1e-4, bursts: 0, burstEligible: 100, copying: none } as ClusterTiming, 10)).toMatchObject({ timing: true });
    expect(splittable(500, { pValue: 1e-4, bursts: 0, burstEligible: 100, copying: none } as ClusterTiming, 1e4)).toBeUndefined();
    // Repeated copying opens it too (three families at least, as for the copying reading).
    expect(splittable(500, { ...quiet, copying: { ...none, families: 3, pooledLog10p: 6, concentration: 0.1 } }, 10)).toEqual({ timing: false, copying: true });
    // ...where its members are concentrated in their families: a giant community holds half of
    // every family by its size alone.
    expect(splittable(500, { ...quiet, copying: { ...none, families: 3, pooledLog10p: 6, concentration: 0.5 } }, 10)).toBeUndefined();
    expect(splittable(500, { ...quiet, copying: { ...none, families: 2, pooledLog10p: 6, concentration: 0.1 } }, 10)).toBeUndefined();
    // The organic accounts alone: nothing to split, nothing flagged.
    expect(flagCommunities(table, groups, weights, [O], edges, 'population', opts)).toEqual([]);
  });
});

/**
 * Three copypasta rings of 8 in one community with 60 organic posters: each ring posts its own
 * template in six waves over the day (about three-quarters of it each time, seconds to minutes
 * apart), the organic accounts write their own words, and 3,000 other people are the day's texts.
 * Each family holds one ring's part, under the tenth of the community the ring rule asks for.
 */
function rings() {
  const rng = createRng(11);
  const out: ActivityEvent[] = [];
  const templates = ['they dont want you to know what is in the water supply', 'the elections were decided before anyone voted at all', 'mainstream media hides the truth about the fires again'];
  const ringOf = (r: number) => Array.from({ length: 8 }, (_, i) => `r${r}-${i}`);
  for (let r = 0; r < 3; r++)
    for (let w = 0; w < 6; w++) {
      const t = T0 + (w * 3 + r) * 67 * MIN;
      for (const a of ringOf(r)) if (rng() < 0.75) out.push({ id: `${a}-${w}`, account: a, action: 'post', ts: Math.round(t + rng() * 5 * MIN), text: `${templates[r]} wave ${r * 6 + w}` });
    }
  for (let i = 0; i < 60; i++) for (let k = 0; k < 4; k++) out.push({ id: `o${i}-${k}`, account: `o${i}`, action: 'post', ts: T0 + (i * 4 + k) * 5 * MIN, text: `my own thoughts on topic ${i}-${k} today, nothing like anyone else ${i * 7919 + k}` });
  for (let i = 0; i < 3000; i++) out.push({ id: `x${i}`, account: `x${i}`, action: 'post', ts: T0 + i * 25_000, text: `someone else entirely on subject ${i}, in words of their own ${i * 104729}` });
  out.sort((x, y) => x.ts - y.ts);
  const table = tableFromEvents(out);
  // Text families by hand, one per wave (what the text stage finds for these).
  const family = new Int32Array(table.size).fill(-1);
  for (let i = 0; i < table.size; i++) {
    const m = / wave (\d+)$/.exec(table.text[i] ?? '');
    if (m) family[i] = Number(m[1]);
  }
  const index = new Map(table.accountNames.map((n, i) => [n, i]));
  const R = [0, 1, 2].map((r) => ringOf(r).filter((a) => index.has(a)).map((a) => index.get(a)!));
  const O = Array.from({ length: 60 }, (_, i) => index.get(`o${i}`)!);
  const list: [number, number, number][] = [];
  for (const ring of R) for (let i = 0; i < ring.length; i++) for (let j = i + 1; j < ring.length; j++) list.push([ring[i], ring[j], 5]);
  for (let i = 0; i < O.length; i++) for (let k = 1; k <= 4; k++) list.push([O[i], O[(i + k * 7) % O.length], 1]);
  R.forEach((ring, r) => ring.forEach((a, i) => list.push([a, O[(r * 20 + i) % O.length], 0.5])));
  return { table, family, R, O, edges: edgeList(list) };
}

describe('copypasta rings that share a community (detect/parts.ts)', () => {
  const { table, family, R, O, edges } = rings();
  const groups = groupByTarget(table, family, P.episodeGap * 1000);
  const weights = actionWeights(table);
  const community = [...R.flat(), ...O].sort((a, b) => a - b);

  it('the community is no ring by the ring rule, yet its copying opens the split', () => {
    const ctx = buildNullContext(table, groups, weights, {});
    const t = clusterTiming(ctx, community, createRng(1), { window: P.window, draws: P.nullDraws, regime: 'population' });
    expect(t.copying.families).toBe(18);
    expect(t.copying.log10p).toBe(0);
    expect(t.copying.pooledLog10p).toBeGreaterThan(5);
    expect(clusterVerdict(t, 1, P.window * Math.max(...P.scales)).score).toBeLessThan(P.threshold);
    expect(splittable(community.length, t, 1)).toEqual({ timing: false, copying: true });
  });

  it('a scan flags each ring as a part of the community, and nothing else', () => {
    const found = flagCommunities(table, groups, weights, [community], edges, 'population', P);
    const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
    expect(found.map((f) => sorted(f.members)).sort((x, y) => x[0] - y[0])).toEqual(R.map(sorted).sort((x, y) => x[0] - y[0]));
    for (const f of found) expect(f.partOf).toBe(community.length);
  });
});
