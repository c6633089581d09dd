import { ingestSources } from '../../src/ingest/index.js';
import { resolveParams } from '../../src/detect/params.js';
import { DEFAULT_TEXT_OPTIONS, findTextGroups } from '../../src/graph/text-similarity.js';
import { groupByTarget } from '../../src/graph/groups.js';
import { actionWeights, countCoactions, pruneEdges, type EdgeList } from '../../src/graph/coaction.js';
import { countAndPrune } from '../../src/graph/count-pairs.js';
const { table } = await ingestSources([process.argv[2]], {});
const params = resolveParams({});
const text = findTextGroups(table, { ...DEFAULT_TEXT_OPTIONS, minSimilarity: params.textSimilarity });
const groups = groupByTarget(table, text.groups, params.episodeGap * 1000);
const weights = actionWeights(table);
const o = { window: params.window, scales: params.scales, fanout: params.fanout, minGroups: params.minTargets, topK: params.topK };
let t = performance.now();
const lap = (s: string) => { const n = performance.now(); console.log(s, ((n - t) / 1000).toFixed(2), 's', (process.memoryUsage().rss / 1e6).toFixed(0), 'MB'); t = n; };
const eq = (x: EdgeList, y: EdgeList) => x.size === y.size && (['a', 'b', 'weight', 'groups'] as const).every((k) => x[k].every((v, i) => Object.is(v, y[k][i])));
const runs: EdgeList[] = [];
for (const th of (process.argv[3] ?? '1,2').split(',').map(Number)) {
  runs.push(await countAndPrune(table, groups, weights, { ...o, threads: th, maxRecords: Number(process.argv[4] ?? 12e6) }));
  lap(`threads ${th}: ${runs[runs.length - 1].size} edges`);
}
if (process.argv[5] !== 'noserial') {
  const ref = pruneEdges(countCoactions(table, groups, o, weights), table.accountNames.length, o);
  lap(`serial ${ref.size}`);
  runs.forEach((r, i) => console.log('run', i, 'equal', eq(r, ref)));
}
