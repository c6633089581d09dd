// Louvain's graph keyed by account names (buildGraph) against one keyed by account numbers
// (buildLouvainGraph): build and Louvain seconds of each, alternated, and whether the communities
// are the same. npx tsx scripts/perf/louvain-graph.ts <events.ndjson.gz> [rounds]
import { ingestSources } from '../../src/ingest/index.js';
import { resolveParams } from '../../src/detect/params.js';
import { inProcess } from '../../src/engine/in-process.js';
import { buildGraph, buildLouvainGraph } from '../../src/graph/build.js';
import { detectCommunities, louvainCommunities } from '../../src/detect/communities.js';

const { table } = await ingestSources([process.argv[2]], {});
const params = resolveParams({});
const heavy = await inProcess(table, params, { threads: 2 });
const opts = { resolution: params.resolution, seed: params.seed, minSize: params.minClusterSize };
console.log(`${table.size} events, ${heavy.edges.size} edges`);
let ref: string | undefined;
for (let r = 0; r < Number(process.argv[3] ?? 2); r++) {
  for (const kind of ['names', 'numbers'] as const) {
    const t0 = performance.now();
    const out = kind === 'names' ? detectCommunities(buildGraph(heavy.edges, table.accountNames), opts) : louvainCommunities(heavy.edges, table.accountNames, opts);
    const s = JSON.stringify(out);
    ref ??= s;
    console.log(`${kind}: ${((performance.now() - t0) / 1000).toFixed(2)} s, ${out.length} communities, same: ${s === ref}`);
  }
}
for (let r = 0; r < 2; r++) {
  let t0 = performance.now();
  buildGraph(heavy.edges, table.accountNames);
  const a = (performance.now() - t0) / 1000;
  t0 = performance.now();
  buildLouvainGraph(heavy.edges, table.accountNames.length);
  console.log(`build only: names ${a.toFixed(2)} s, numbers ${((performance.now() - t0) / 1000).toFixed(2)} s`);
}
