import { DEFAULT_TEXT_OPTIONS } from '../graph/text-similarity.js';
import { findTextGroupsThreaded } from '../graph/text-parallel.js';
import { joinGroups } from '../graph/groups.js';
import { targetEpisodesAside } from '../graph/groups-aside.js';
import { actionWeights } from '../graph/coaction.js';
import { countAndPrune, recordsFor } from '../graph/count-pairs.js';
import { availableThreads } from '../exec/threads.js';
import type { HeavyEngine } from './types.js';

/** Room left under a memory budget in bytes (Infinity without one). */
export function headroom(budget: number | undefined): number {
  return budget === undefined ? Infinity : budget * 0.9 - process.memoryUsage.rss();
}

/** The heavy stages in this process (the default engine), split over worker threads where they split. */
export const inProcess: HeavyEngine = async (table, params, exec = {}) => {
  const threads = exec.threads ?? availableThreads();
  const seconds: Record<string, number> = {};
  let clock = performance.now();
  // The target episodes need no texts: a worker makes them while the texts are clustered.
  const targets = targetEpisodesAside(table, params.episodeGap * 1000, threads);
  const text = await findTextGroupsThreaded(table, { ...DEFAULT_TEXT_OPTIONS, minSimilarity: params.textSimilarity }, threads);
  seconds.text = (performance.now() - clock) / 1000;
  clock = performance.now();
  const episodes = await targets();
  const groups = joinGroups(table, episodes, text.groups, params.episodeGap * 1000);
  const weights = actionWeights(table);
  // Pair records take at most 45% of the room left (count-pairs.ts).
  const maxRecords = recordsFor(headroom(exec.memoryBudget), threads);
  const edges = await countAndPrune(table, groups, weights, { window: params.window, scales: params.scales, fanout: params.fanout, minGroups: params.minTargets, topK: params.topK, threads, maxRecords, gathered: episodes.gathered });
  seconds.graph = (performance.now() - clock) / 1000;
  return { text, groups, weights, edges, seconds };
};
