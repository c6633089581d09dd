import { DEFAULT_TEXT_OPTIONS, findTextGroups } from '../graph/text-similarity.js';
import { groupByTarget } from '../graph/groups.js';
import { actionWeights, countCoactions, pruneEdges } from '../graph/coaction.js';
import type { HeavyEngine } from './types.js';

/** The heavy stages in this process (the default engine). */
export const inProcess: HeavyEngine = async (table, params) => {
  const seconds: Record<string, number> = {};
  let clock = performance.now();
  const text = findTextGroups(table, { ...DEFAULT_TEXT_OPTIONS, minSimilarity: params.textSimilarity });
  seconds.text = (performance.now() - clock) / 1000;
  clock = performance.now();
  const groups = groupByTarget(table, text.groups, params.episodeGap * 1000);
  const weights = actionWeights(table);
  const counter = countCoactions(table, groups, { window: params.window, scales: params.scales, fanout: params.fanout }, weights);
  const edges = pruneEdges(counter, table.accountNames.length, { minGroups: params.minTargets, topK: params.topK });
  seconds.graph = (performance.now() - clock) / 1000;
  return { text, groups, weights, edges, seconds };
};
