import type { EventTable } from '../ingest/table.js';
import type { TargetGroups } from '../graph/groups.js';
import { buildNullContext, clusterTiming, type ClusterTiming, type NullContext } from './cluster-test.js';
import type { DayFigures, ScoringTable } from './null-context.js';
import { ALL_READINGS, clusterVerdict, type ClusterVerdict, type Readings } from './score.js';
import type { EdgeList } from '../graph/coaction.js';
import { leastSize, type Regime } from './regime.js';
import { copied, groupRng, markCopying, wholeRings } from './rings.js';
import Graph from 'graphology';
import { detectCommunities } from './communities.js';
import { adjacency, communityParts, MAX_DEPTH, splittable, type Adjacency } from './parts.js';

/**
 * Which communities are flagged: each is tested as found (testing only the members that fit the
 * bursts would be double-dipping), scored, and reported as its core — the members inside the bursts
 * — re-tested on its own.
 */

export interface FlagOptions {
  window: number;
  scales: number[];
  nullDraws: number;
  threshold: number;
  minClusterSize: number;
  seed: number;
  /** Louvain resolution, for splitting a community into its parts (default 1). */
  resolution?: number;
  signal?: AbortSignal;
  /**
   * A counter shared by the scoring threads (see flag-threaded.ts): each takes the next untested
   * community from it, so a thread that drew big communities does not leave the others idle.
   */
  claim?: Int32Array;
  /** The day-wide figures, when the table is an extract of the day (see DayFigures). */
  day?: DayFigures;
}

export interface FlaggedCommunity {
  /** Reported members (account indices): the core when it is smaller than the community. */
  members: number[];
  /** The test of the reported members, and of the community as found (what the score rests on). */
  timing: ClusterTiming;
  decision: ClusterTiming;
  score: number;
  /** Clusters this strong expected by chance (population regime only: a slice has no null). */
  expectedFalse?: number;
  /** Index of the community it came from. */
  community?: number;
  /** Found as a part of that community (parts.ts): its size. */
  partOf?: number;
  /** The reading the score came from (population regime: see score.ts). */
  reading?: ClusterVerdict['reading'];
  /** Of `members`, how many were added as the ring's other writers (rings.ts). */
  writers?: number;
  /** Copying flags whose families were one ring's, reported as one (rings.ts): how many. */
  ringParts?: number;
}

/**
 * A verdict this close to the threshold is read again with REFINE_DRAWS times the null's draws.
 * Forty draws a burst move a score by about ±0.1, and they understate a burst tighter than all of
 * them (p < 1/41 at most): near the line, the draws decided (nineteenth session, docs/evaluation.md).
 * This reaches the contrast and stimulus nulls; the floor and the trigger's crowd are drawn once per
 * burst size on as many already (model-crowds.ts).
 */
const NEAR_THRESHOLD = 0.15;
const REFINE_DRAWS = 8;

/** Bursts the reported core of a timing flag must share by itself. */
const MIN_CORE_BURSTS = 2;

/** Targets on which members must have acted within the base window of each other, in a slice. */
const MIN_SLICE_TARGETS = 3;

/**
 * The candidates a regime tests, and the least size its cells, parts and cores keep: pairs in a
 * slice, three or more in a population whatever --min-size allows (regime.ts, leastSize). The
 * filter keeps the candidates' order, so a population tests what it always did.
 */
export function testedIn(regime: Regime, communities: number[][], opts: FlagOptions): { communities: number[][]; opts: FlagOptions } {
  const least = leastSize(regime, opts.minClusterSize);
  return { communities: communities.filter((nodes) => nodes.length >= least), opts: { ...opts, minClusterSize: least } };
}

export function flagCommunities(
  table: EventTable,
  groups: TargetGroups,
  weights: Map<string, number>,
  candidates: number[][],
  edges: EdgeList,
  regime: Regime,
  options: FlagOptions,
): FlaggedCommunity[] {
  const { communities, opts } = testedIn(regime, candidates, options);
  const ctx = buildNullContext(table, groups, weights, {}, undefined, opts.day);
  return wholeRings(ctx, flagWithContext(ctx, communities, edges, regime, opts), opts);
}

/** flagCommunities on a null context built once: scoring workers get the context, not the table. */
export function flagWithContext(ctx: NullContext, communities: number[][], edges: EdgeList, regime: Regime, opts: FlagOptions): FlaggedCommunity[] {
  const { table } = ctx;
  const testOpts = { window: opts.window, draws: opts.nullDraws, regime };
  // Lockstep means minutes: bursts typically wider than the widest co-action window (15 min by
  // default) fade quadratically. An interest community passing an old post around over half an
  // hour is tight against the post's age, but its trigger is simply unseen.
  const paceLimit = opts.window * Math.max(...opts.scales);
  const cohesion = regime === 'slice' ? communityCohesion(edges, communities, table.accountNames.length) : [];
  const out: FlaggedCommunity[] = [];
  let adj: Adjacency | undefined; // the edge list by account, at the first split (parts.ts)
  const { claim } = opts;
  const next = (c: number) => (claim ? Atomics.add(claim, 0, 1) : c + 1);
  for (let c = next(-1); c < communities.length; c = next(c)) testOne(communities[c], c);
  return out;

  /** Each group's null draws are seeded by its first member's name: the same verdict whichever
   *  thread or engine tests it. */
  function rngFor(group: number[]): () => number {
    return groupRng(opts.seed, table.accountNames, group);
  }

  function testOne(community: number[], c: number): void {
    if (c % 50 === 0) opts.signal?.throwIfAborted();
    const rng = rngFor(community);
    const decision = clusterTiming(ctx, community, rng, testOpts);
    if (regime === 'slice') {
      // Every account is a suspect: the groups that act together are the finding. A community is
      // reported when its members acted within the base window of each other on several targets,
      // scored by how much of their co-action stays among themselves.
      const score = decision.bursts >= MIN_SLICE_TARGETS ? cohesion[c] : 0;
      if (score < opts.threshold) return;
      // Reported: the cells of members in lockstep with each other (within the base window on at
      // least two targets). Louvain's community also holds members tied only by slower co-action,
      // and cells of different operators meet through them.
      for (const members of lockstepCells(table, decision, opts.window * 1000, opts)) {
        const timing = clusterTiming(ctx, members, rng, testOpts);
        out.push({ members, timing, decision, score, community: c });
      }
      return;
    }
    testPopulation(community, c, decision, rng, communities.length, 0, ALL_READINGS);
  }

  /**
   * A community (or a part of one, at `depth`) in a population, one of `tested` tests: flagged as
   * its core, or, where it shows evidence it cannot carry whole, read as its parts (parts.ts).
   */
  function testPopulation(community: number[], c: number, decision: ClusterTiming, rng: () => number, tested: number, depth: number, use: Readings): void {
    let verdict = clusterVerdict(decision, tested, paceLimit, use);
    if (Math.abs(verdict.score - opts.threshold) < NEAR_THRESHOLD) {
      // Read again on more draws (parts, as they were first read, against the answers they were among).
      decision = clusterTiming(ctx, community, rngFor(community), { ...testOpts, exposure: depth > 0, drawScale: REFINE_DRAWS });
      verdict = clusterVerdict(decision, tested, paceLimit, use);
    }
    const { score, expectedFalse, reading } = verdict;
    if (score < opts.threshold) {
      const split = depth < MAX_DEPTH ? splittable(community.length, decision, tested, use) : undefined;
      if (split) {
        adj ??= adjacency(edges, table.accountNames.length);
        const parts = communityParts(edges, community, table.accountNames, { resolution: opts.resolution ?? 1, seed: opts.seed, minSize: opts.minClusterSize }, adj);
        // Only the parts that hold the evidence are tested: a flagged part reports a core of its
        // own bursts or families, and a part holding fewer of the community's core (the members its
        // bursts, or its shared families, were made of) than a cluster's least size has none to
        // report. Every part still counts in the correction. (A giant community's parts are
        // otherwise most of the cost of splitting it.)
        const inCore = new Set([...(split.timing ? decision.core : []), ...(split.copying ? heldFamilyMembers(ctx, decision) : [])]);
        for (const part of parts) {
          if (heldBy(part, inCore) < opts.minClusterSize) continue;
          const partRng = rngFor(part);
          // A part's copying is read against the answers its members were among (exposure).
          testPopulation(part, c, clusterTiming(ctx, part, partRng, { ...testOpts, exposure: true }), partRng, tested * parts.length, depth + 1, split);
        }
      }
      return;
    }
    if (reading === 'copying') markCopying(ctx, decision);
    const core = reading === 'copying' ? copyingCore(ctx, decision) : decision.core;
    const members = core.length < community.length ? core : community;
    if (members.length < opts.minClusterSize) return;
    const timing = members === community ? decision : clusterTiming(ctx, members, rng, testOpts);
    // The report names the core, so the core must show bursts of its own: a big organic community
    // holding a few automated pairs (each in its own bursts, never together) passes as a whole,
    // but its core would be accounts with no burst in common. Evidence repeats: two at least.
    if (timing !== decision && reading !== 'copying' && timing.bursts < MIN_CORE_BURSTS) return;
    if (reading === 'copying' && timing !== decision) markCopying(ctx, timing);
    out.push({ members, timing, decision, score, expectedFalse, reading, community: c, ...(depth ? { partOf: communities[c].length } : {}) });
  }
}

/** How many of `part` are in `set`. */
function heldBy(part: number[], set: Set<number>): number {
  let n = 0;
  for (const a of part) if (set.has(a)) n++;
  return n;
}

/**
 * Members of the shared families the group holds at least half of: where a ring is, when rings
 * share a community (each holds its own families whole), and few of a big crowd's members (a crowd
 * holds a sliver of each family of a common wording). Testing every part that held any shared
 * family's authors cost the 1 M benchmark day 1.5 s.
 */
function heldFamilyMembers(ctx: NullContext, t: ClusterTiming): number[] {
  const out = new Set<number>();
  for (const g of t.groups) if (copied(ctx, g) && 2 * g.events.length >= ctx.copying.authors[g.group]) for (const e of g.events) out.add(ctx.table.account[e]);
  return [...out];
}

/**
 * Members in at least two of the shared near-duplicate families, or in one when the families are
 * few (under six): with partial participation, a ring seen over a handful of waves has many members
 * in only one of them, and cutting them would report a different sliver of it every day.
 */
function copyingCore(ctx: NullContext, t: ClusterTiming): number[] {
  const n = new Map<number, number>();
  let families = 0;
  for (const g of t.groups) {
    if (!copied(ctx, g)) continue;
    families++;
    for (const e of g.events) n.set(ctx.table.account[e], (n.get(ctx.table.account[e]) ?? 0) + 1);
  }
  const least = families < 6 ? 1 : 2;
  return [...n].filter(([, k]) => k >= least).map(([a]) => a);
}

/**
 * The lockstep cells of a community: pairs of members acting within `w` ms of each other on at
 * least two targets, split into communities (Louvain on those pairs, weighted by targets).
 */
function lockstepCells(table: ScoringTable, t: ClusterTiming, w: number, opts: Pick<FlagOptions, 'seed' | 'minClusterSize'>): number[][] {
  const pairs = new Map<string, number>();
  // In the groups' own order, not the test's (by evidence): the cells are Louvain's on these pairs,
  // and should not move when a burst's z does.
  const bursts = t.groups.filter((g) => g.burst).sort((x, y) => x.group - y.group);
  // The first pair of events each account pair was counted on, and whether it met on another.
  const first = new Map<string, string>();
  const twice = new Set<string>();
  for (const g of bursts) {
    const ev = g.events;
    const seen = new Set<string>();
    for (let x = 0; x < ev.length; x++)
      for (let y = x + 1; y < ev.length && table.ts[ev[y]] - table.ts[ev[x]] <= w; y++) {
        const a = table.account[ev[x]];
        const b = table.account[ev[y]];
        const key = a < b ? `${a} ${b}` : `${b} ${a}`;
        if (seen.has(key)) continue;
        seen.add(key);
        pairs.set(key, (pairs.get(key) ?? 0) + 1);
        const events = ev[x] < ev[y] ? `${ev[x]} ${ev[y]}` : `${ev[y]} ${ev[x]}`;
        const had = first.get(key);
        if (had === undefined) first.set(key, events);
        else if (had !== events) twice.add(key);
      }
  }
  const graph = new Graph({ type: 'undirected' });
  for (const [key, n] of pairs) {
    if (n < 2) continue;
    const [a, b] = key.split(' ');
    graph.mergeNode(a);
    graph.mergeNode(b);
    graph.addUndirectedEdge(a, b, { weight: n });
  }
  // A cell of two rests on its one pair alone, which must have met on two different pairs of events:
  // a retweet carrying its text sits in the item's group and in the text's family, one co-action
  // counted twice. (Bigger cells keep that count: deduplicating it cut 2015-07's lockstep recall to
  // 90%, since members the "twice within 60 s" definition counts are tied to their cell that way.)
  return detectCommunities(graph, { resolution: 1, seed: opts.seed, minSize: opts.minClusterSize })
    .map((nodes) => nodes.map(Number).sort((x, y) => x - y))
    .filter((cell) => cell.length > 2 || twice.has(`${cell[0]} ${cell[1]}`));
}

/** Share of each community's co-action weight (pruned graph) that stays inside it. */
function communityCohesion(edges: EdgeList, communities: number[][], nAccounts: number): number[] {
  const of = new Int32Array(nAccounts).fill(-1);
  communities.forEach((nodes, c) => nodes.forEach((a) => (of[a] = c)));
  const inside = new Float64Array(communities.length);
  const total = new Float64Array(communities.length);
  for (let e = 0; e < edges.size; e++) {
    const ca = of[edges.a[e]];
    const cb = of[edges.b[e]];
    const w = edges.weight[e];
    if (ca >= 0) total[ca] += w;
    if (cb >= 0) total[cb] += w;
    if (ca >= 0 && ca === cb) inside[ca] += 2 * w;
  }
  return communities.map((_, c) => (total[c] ? inside[c] / total[c] : 0));
}
