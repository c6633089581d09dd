import Graph from 'graphology';
import type { EdgeList } from '../graph/coaction.js';
import type { ClusterTiming } from './cluster-test.js';
import { detectCommunities } from './communities.js';
import { timingLog10p } from './score.js';

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
 * Which communities are split, and how their parts are tested (flag.ts):
 * - only a community of at least MIN_PARENT members, not flagged itself, whose strongest timing
 *   reading (whole or bursts) is significant at a corrected p ≤ 0.1: the gate only spends time
 *   where there is evidence to find, and the parts carry their own correction;
 * - a part of a community split into k parts is one test among (tests of its community) × k.
 *   Over every community that could be split, the expected number of false flags then stays
 *   within the budget of the communities themselves (each community's parts share its share);
 * - at most MAX_DEPTH levels (a part of a part);
 * - only parts holding at least a cluster's least size of their community's core (the members its
 *   bursts were made of) are tested; every part counts in the correction.
 * Parts of one community are disjoint, and a flagged community is never split, so no account is
 * reported twice.
 */

/** Communities smaller than this are read whole. */
export const MIN_PARENT = 50;

/** Levels of splitting: a community's parts, and their parts. */
export const MAX_DEPTH = 2;

/** A community is split when its strongest timing reading reaches −log₁₀ p − log₁₀ tests ≥ 1. */
const GATE_LOG10P = 1;

/** Whether a community (not flagged) that was one of `tested` tests is worth splitting. */
export function splittable(size: number, t: ClusterTiming, tested: number): boolean {
  if (size < MIN_PARENT) return false;
  const { whole, bursts } = timingLog10p(t);
  return Math.max(whole, bursts) - Math.log10(Math.max(1, tested)) >= GATE_LOG10P;
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
export function communityParts(edges: EdgeList, members: number[], names: string[], opts: PartOptions): number[][] {
  const inside = new Uint8Array(names.length);
  for (const a of members) inside[a] = 1;
  const g = new Graph({ type: 'undirected', multi: false, allowSelfLoops: false });
  const indexOf = new Map<string, number>();
  for (const a of members) {
    g.addNode(names[a]);
    indexOf.set(names[a], a);
  }
  for (let e = 0; e < edges.size; e++) {
    const a = edges.a[e];
    const b = edges.b[e];
    if (inside[a] && inside[b]) g.addUndirectedEdgeWithKey(e, names[a], names[b], { weight: edges.weight[e] });
  }
  const parts = detectCommunities(g, opts);
  return parts.length > 1 ? parts.map((p) => p.map((n) => indexOf.get(n)!)) : [];
}
