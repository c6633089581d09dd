// Runs the pipeline from src on one file (for --cpu-prof): prints stage seconds and CPU time, and
// writes the report to the third argument when given (to compare reports across commits).
import { ingestSources } from '../../src/ingest/index.js';
import { writeFileSync } from 'node:fs';
import { scanTable } from '../../src/pipeline.js';
const cu = process.cpuUsage();
const t0 = performance.now();
const { table } = await ingestSources([process.argv[2]], {});
const rep = await scanTable(table, {}, { threads: Number(process.argv[3] ?? 2), readSeconds: (performance.now() - t0) / 1000 });
console.log(JSON.stringify(rep.stats.seconds), 'cpu', ((process.cpuUsage(cu).user + process.cpuUsage(cu).system) / 1e6).toFixed(1), 'flagged', rep.clusters.length);
if (process.argv[4]) writeFileSync(process.argv[4], JSON.stringify(rep));
