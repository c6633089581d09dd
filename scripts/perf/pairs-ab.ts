/**
 * Pair counting of two trees on one table, alternated in one process: the time of each
 * countAndPrune call and whether the edges are the same.
 *   npx tsx scripts/perf/pairs-ab.ts <events.ndjson.gz> <other tree's src/graph/count-pairs.ts> [rounds] [threads] [maxRecords]
 */
import { ingestSources } from '../../src/ingest/index.js';
import { resolveParams } from '../../src/detect/params.js';
import { DEFAULT_TEXT_OPTIONS } from '../../src/graph/text-similarity.js';
import { findTextGroupsThreaded } from '../../src/graph/text-parallel.js';
import { groupByTarget } from '../../src/graph/groups.js';
import { actionWeights, type EdgeList } from '../../src/graph/coaction.js';
import { countAndPrune } from '../../src/graph/count-pairs.js';
import { cpuUsage } from 'node:process';
const [file, other, rounds = '3', threadsArg = '2', maxArg = '18282551'] = process.argv.slice(2);
const otherMod = (await import(other)) as { countAndPrune: typeof countAndPrune };
const { table } = await ingestSources([file], {});
const params = resolveParams({});
const text = await findTextGroupsThreaded(table, { ...DEFAULT_TEXT_OPTIONS, minSimilarity: params.textSimilarity }, 2);
const groups = groupByTarget(table, text.groups, params.episodeGap * 1000);
const weights = actionWeights(table);
const o = { window: params.window, scales: params.scales, fanout: params.fanout, minGroups: params.minTargets, topK: params.topK, threads: Number(threadsArg), maxRecords: Number(maxArg) };
const eq = (x: EdgeList, y: EdgeList) => x.size === y.size && (['a', 'b', 'weight', 'groups'] as const).every((k) => x[k].every((v, i) => Object.is(v, y[k][i])));
const load = async () => (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
let ref: EdgeList | undefined;
for (let r = 0; r < Number(rounds); r++) {
  for (const [name, fn] of [['other', otherMod.countAndPrune], ['this', countAndPrune]] as const) {
    const c0 = cpuUsage();
    const t0 = performance.now();
    const e = await fn(table, groups, weights, o);
    const wall = (performance.now() - t0) / 1000;
    const c = cpuUsage(c0);
    ref ??= e;
    console.log(`${name}: ${wall.toFixed(2)} s wall, ${((c.user + c.system) / 1e6).toFixed(1)} s CPU, ${e.size} edges, same ${eq(e, ref)}, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB, load ${await load()}`);
  }
}
