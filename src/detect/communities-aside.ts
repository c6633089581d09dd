import { runWorker } from '../exec/workers.js';
import type { EdgeList } from '../graph/coaction.js';
import { louvainCommunities, type CommunityOptions } from './communities.js';

/** Below this many edges the graph is built and split in this thread (a worker's start-up would dominate). */
const MIN_EDGES = 10_000;

/**
 * Louvain communities of the pruned graph, found in a worker when there is a second thread, while
 * this thread does `meanwhile` (the scan builds the scoring context then: at 10 M events about 7 s
 * of graph building and Louvain and 9 s of context, which ran one after the other on one core).
 * The worker runs the same code on the same edges in the same order, so the communities are the
 * same. Returns the communities and what `meanwhile` returned.
 */
export async function communitiesAside<T>(edges: EdgeList, accountNames: string[], opts: CommunityOptions, threads: number, meanwhile: () => T): Promise<{ communities: string[][]; value: T }> {
  if (threads < 2 || edges.size < MIN_EDGES) {
    const communities = louvainCommunities(edges, accountNames, opts);
    return { communities, value: meanwhile() };
  }
  const pending = runWorker<string[][]>('detect/communities-worker', { edges, accountNames, opts });
  // A failure in the worker must not go unhandled while this thread works.
  pending.catch(() => undefined);
  const value = meanwhile();
  return { communities: await pending, value };
}
