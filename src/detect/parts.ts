import Graph from 'graphology';
import type { EdgeList } from '../graph/coaction.js';
import type { ClusterTiming } from './cluster-test.js';
import { detectCommunities } from './communities.js';
import { ALL_READINGS, timingLog10p, type Readings } from './score.js';

/**
 * The parts of a big community that shows evidence it cannot carry as a whole: Louvain again, on
 * the community's own edges.
 *
 * Modularity's resolution limit merges a small dense group into any community that holds more of
 * the graph's weight than the share of the group's own ties that leave it. A camouflaged campaign
 * whose members spend most of their activity on cover has many such ties: on mixed large seed 301
 * a campaign of 30 (88% of its events cover) sits in a community of 12,344 that shows 61
 * significant bursts among 271 shared targets and scores 0.07, diluted by the organic majority.
 * Louvain on that community's edges alone puts the 30 in a part of 575, which scores 1.0 with a
 * core of the 30.
 *
 * Copypasta rings that share a community are the other case (fourteenth session): on dev cjk large
 * seed 302 seven rings sat in one community of 161, each family holding one ring's part, under the
 * tenth of the community the copying reading's ring rule asks for.
 *
 * Which communities are split, and how their parts are tested (flag.ts):
 * - only a community of at least MIN_PARENT members, not flagged itself, whose strongest timing
 *   reading (whole or bursts), or its copying test before the ring rule, is significant at a
 *   corrected p ≤ 0.1: the gate only spends time where there is evidence to find, and the parts
 *   carry their own correction;
 * - the parts are read for the evidence that opened the gate only (timing, copying or both), and
 *   their copying against the answers their members were among (cluster-test.ts, exposure);
 * - a part of a community split into k parts is one test among (tests of its community) × k.
 *   Over every community that could be split, the expected number of false flags then stays
 *   within the budget of the communities themselves (each community's parts share its share);
 * - at most MAX_DEPTH levels (a part of a part);
 * - only parts holding at least a cluster's least size of their community's core (the members its
 *   bursts, or its shared families, were made of) are tested; every part counts in the correction.
 * Parts of one community are disjoint, and a flagged community is never split, so no account is
 * reported twice.
 */

/** Communities smaller than this are read whole. */
export const MIN_PARENT = 50;

/** Levels of splitting: a community's parts, and their parts. */
export const MAX_DEPTH = 2;

/** Most concentration (members' share of the day's texts over their share of their families) a
 *  community split for copying may show: the copying reading's 0.5 effect bar, log₁₀(1/c) ≥ 0.5. */
const COPYING_EFFECT = 10 ** -0.5;

/** A community is split when its strongest reading reaches −log₁₀ p − log₁₀ tests ≥ 1. */
const GATE_LOG10P = 1;

/**
 * Whether a community (not flagged) that was one of `tested` tests is worth splitting, and for
 * which evidence (read among `use`): its parts are read for that evidence only. A fan community
 * split for its near-duplicate replies had a part of 10 flagged by timing (dev organic large 303),
 * evidence the community as a whole never showed.
 */
export function splittable(size: number, t: ClusterTiming, tested: number, use: Readings = ALL_READINGS): Readings | undefined {
  if (size < MIN_PARENT) return undefined;
  const { whole, bursts } = timingLog10p(t);
  const bar = GATE_LOG10P + Math.log10(Math.max(1, tested));
  // Copying before the ring rule (rings sharing a community each hold a sliver of it), and with
  // the copying reading's effect bar on how concentrated the members are: a giant community holds
  // half of every family by its size alone (1 M benchmark day: 8,315 members, every part tested).
  const { families, pooledLog10p, concentration } = t.copying;
  const found = { timing: use.timing && Math.max(whole, bursts) >= bar, copying: use.copying && families >= 3 && pooledLog10p >= bar && concentration <= COPYING_EFFECT };
  return found.timing || found.copying ? found : undefined;
}

export interface PartOptions {
  resolution: number;
  seed: number;
  minSize: number;
}

/**
 * Louvain communities of the subgraph a community's members induce in the pruned graph, or none
 * when it does not split. Each part lists its members (account indices) in the order of their
 * names, as a community does: the Spark extract numbers accounts differently, and a part's seed
 * and its place among the parts follow its names, so every engine and thread reads the same parts.
 * Seeded as the scan's own Louvain, and built in the edge list's order.
 */
export function communityParts(edges: EdgeList, members: number[], names: string[], opts: PartOptions, adj: Adjacency = adjacency(edges, names.length)): number[][] {
  const inside = new Uint8Array(names.length);
  for (const a of members) inside[a] = 1;
  const g = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  const indexOf = new Map<string, number>();
  for (const a of members) {
    g.addNode(names[a]);
    indexOf.set(names[a], a);
  }
  // The members' own edges, each once (from its first end), added in the edge list's order.
  const ids: number[] = [];
  for (const m of members)
    for (let k = adj.offset[m]; k < adj.offset[m + 1]; k++) {
      const e = adj.edge[k];
      if (edges.a[e] === m && inside[edges.b[e]]) ids.push(e);
    }
  ids.sort((x, y) => x - y);
  for (const e of ids) g.addUndirectedEdgeWithKey(e, names[edges.a[e]], names[edges.b[e]], { weight: edges.weight[e] });
  const parts = detectCommunities(g, opts);
  return parts.length > 1 ? parts.map((p) => p.map((n) => indexOf.get(n)!)) : [];
}

/** Each account's edges (ids into the edge list), as CSR: account a's are edge[offset[a]..offset[a+1]]. */
export interface Adjacency {
  offset: Int32Array;
  edge: Int32Array;
}

/**
 * The edge list by account, built once per scoring thread at its first split: a split read every
 * edge of the day to find its community's own, and splits for copying made them many (10 M
 * benchmark day: seconds of score stage).
 */
export function adjacency(edges: EdgeList, accounts: number): Adjacency {
  const offset = new Int32Array(accounts + 1);
  for (let e = 0; e < edges.size; e++) {
    offset[edges.a[e] + 1]++;
    offset[edges.b[e] + 1]++;
  }
  for (let a = 0; a < accounts; a++) offset[a + 1] += offset[a];
  const fill = offset.slice(0, accounts);
  const edge = new Int32Array(offset[accounts]);
  for (let e = 0; e < edges.size; e++) {
    edge[fill[edges.a[e]]++] = e;
    edge[fill[edges.b[e]]++] = e;
  }
  return { offset, edge };
}
