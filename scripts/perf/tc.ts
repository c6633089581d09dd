import { ingestSources } from '/work/wt-perf/src/ingest/index.js';
import { C, DEFAULT_TEXT_OPTIONS, findTextGroups } from '/work/wt-perf/scripts/perf/ts-count.js';
const { table } = await ingestSources([process.argv[2]], {});
const t = performance.now(); const cu = process.cpuUsage();
findTextGroups(table, DEFAULT_TEXT_OPTIONS);
console.log("wall", ((performance.now() - t) / 1000).toFixed(2), "cpu", (process.cpuUsage(cu).user / 1e6).toFixed(2), C);
