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
    expect(splittable(community.length, t, 1)).toBe(true);
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
    const c = describeCluster(table, groups, found[0].members, found[0].timing, found[0].score, { window: P.window, maxEvidence: P.maxEvidence }, found[0].decision, found[0].expectedFalse, found[0].partOf);
    expect(c.statistics!.partOf).toBe(community.length);
    expect(c.summary).toMatch(new RegExp(`Found as a part of a community of ${community.length} accounts`));
    // One test among (1 community) × (its parts): expectedFalse = tests × p.
    const p = found[0].expectedFalse! / parts.length;
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1e-5);
  });

  it('does not split small communities, or one without evidence', () => {
    const quiet = { pValue: 0.5, bursts: 1, burstEligible: 100 } as ClusterTiming;
    const loud = { pValue: 1e-12, bursts: 40, burstEligible: 100 } as ClusterTiming;
    expect(splittable(MIN_PARENT - 1, loud, 1)).toBe(false);
    expect(splittable(MIN_PARENT, loud, 1)).toBe(true);
    expect(splittable(500, quiet, 1)).toBe(false);
    // The gate is corrected for the tests the community is one of.
    expect(splittable(500, { pValue: 1e-4, bursts: 0, burstEligible: 100 } as ClusterTiming, 10)).toBe(true);
    expect(splittable(500, { pValue: 1e-4, bursts: 0, burstEligible: 100 } as ClusterTiming, 1e4)).toBe(false);
    // The organic accounts alone: nothing to split, nothing flagged.
    expect(flagCommunities(table, groups, weights, [O], edges, 'population', opts)).toEqual([]);
  });
});
