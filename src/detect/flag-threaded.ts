import type { EventTable } from '../ingest/table.js';
import type { TargetGroups } from '../graph/groups.js';
import type { EdgeList } from '../graph/coaction.js';
import { runWorker } from '../exec/workers.js';
import { flagCommunities, flagWithContext, testedIn, type FlaggedCommunity, type FlagOptions } from './flag.js';
import { wholeRings } from './rings.js';
import { buildNullContext } from './null-context.js';
import { shareContext, type SharedContext } from './score-context.js';
import type { Regime } from './regime.js';

/** Below this many communities a worker costs more than it saves. */
const MIN_COMMUNITIES = 24;

/**
 * flagCommunities on `threads` threads, each taking the next untested community from a shared
 * counter (a fixed deal, c mod threads, left the main thread — slower for its larger heap — with
 * 27 s of a 10 M scan's communities against the worker's 17 s). Each community's test is seeded by
 * its own members and reads only shared, unchanging context, so the result is the same whichever
 * thread tests it and for any thread count; it is put back in community order. The null context is
 * built once and shared with the workers.
 */
export async function flagCommunitiesThreaded(
  table: EventTable,
  groups: TargetGroups,
  weights: Map<string, number>,
  candidates: number[][],
  edges: EdgeList,
  regime: Regime,
  options: FlagOptions,
  threads: number,
  minPerThread = MIN_COMMUNITIES,
  /** The context already built and shared (the scan builds it while Louvain runs). */
  prebuilt?: SharedContext,
): Promise<FlaggedCommunity[]> {
  const { communities, opts } = testedIn(regime, candidates, options);
  const count = Math.min(Math.max(1, Math.floor(threads)), Math.floor(communities.length / minPerThread));
  if (count <= 1) return prebuilt ? wholeRings(prebuilt.ctx, flagWithContext(prebuilt.ctx, communities, edges, regime, opts), opts) : flagCommunities(table, groups, weights, communities, edges, regime, opts);
  const { signal, day, ...plain } = opts;
  // Built once, in shared memory that the workers read in place (score-context.ts).
  const { ctx, message } = prebuilt ?? shareContext(buildNullContext(table, groups, weights, {}, undefined, day));
  const claim = new Int32Array(new SharedArrayBuffer(4));
  const others = Array.from({ length: count - 1 }, () => runWorker<FlaggedCommunity[]>('detect/flag-worker', { message, communities, edges, regime, opts: { ...plain, claim } }));
  // A worker's failure must not leave the others' promises unhandled while this thread works.
  others.forEach((p) => p.catch(() => undefined));
  const mine = flagWithContext(ctx, communities, edges, regime, { ...opts, claim });
  signal?.throwIfAborted();
  const all = [mine, ...(await Promise.all(others))].flat();
  // Stable: a community's entries stay in the order its thread made them.
  return wholeRings(ctx, all.sort((a, b) => a.community! - b.community!), opts);
}
