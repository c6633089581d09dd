// Engine comparison used by the Spark tests and by hand: the heavy stages in process against a
// finished Spark job's outputs, edge for edge, and the full scan with either engine.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { join } from 'node:path';
import { ingestSources } from '../../src/ingest/index.js';
import { resolveParams } from '../../src/detect/params.js';
import { inProcess } from '../../src/engine/in-process.js';
import { fromOutputs } from '../../src/engine/spark.js';
import type { SparkJobStats } from '../../src/engine/types.js';
import { scanTable } from '../../src/pipeline.js';

export interface Comparison {
  events: number;
  edges: { inProcess: number; spark: number; onlyInProcess: number; onlySpark: number; weightDiffers: number; maxRelDiff: number };
  textEvents: { inProcess: number; spark: number; differ: number };
  weightsEqual: boolean;
  clusters: { inProcess: string[][]; spark: string[][] };
  ids: { inProcess: string[]; spark: string[] };
  /** The regime the in-process scan read the input as (population or slice). */
  regime: string;
  /** The job's episodes/ table against the in-process episodes (absent when the job did not write it). */
  episodes?: { inProcess: number; spark: number; differ: number };
}

export async function compareEngines(input: string, out: string): Promise<Comparison> {
  const { table } = await ingestSources([input]);
  const params = resolveParams({});
  const job = JSON.parse(readFileSync(join(out, 'job.json'), 'utf8')) as SparkJobStats & { actionWeights: Record<string, number> };
  const local = await inProcess(table, params);
  const spark = await fromOutputs(table, params.episodeGap, out, job);
  const key = (a: number, b: number) => `${a},${b}`;
  const mine = new Map<string, number>();
  for (let e = 0; e < local.edges.size; e++) mine.set(key(local.edges.a[e], local.edges.b[e]), local.edges.weight[e]);
  let onlySpark = 0;
  let weightDiffers = 0;
  let maxRelDiff = 0;
  const theirs = new Set<string>();
  for (let e = 0; e < spark.edges.size; e++) {
    const k = key(spark.edges.a[e], spark.edges.b[e]);
    theirs.add(k);
    const w = mine.get(k);
    if (w === undefined) onlySpark++;
    else if (w !== spark.edges.weight[e]) {
      weightDiffers++;
      maxRelDiff = Math.max(maxRelDiff, Math.abs(w - spark.edges.weight[e]) / w);
    }
  }
  const onlyInProcess = [...mine.keys()].filter((k) => !theirs.has(k)).length;
  let differ = 0;
  let nLocal = 0;
  let nSpark = 0;
  for (let i = 0; i < table.size; i++) {
    if (local.text.groups[i] >= 0) nLocal++;
    if (spark.text.groups[i] >= 0) nSpark++;
    if (local.text.groups[i] !== spark.text.groups[i]) differ++;
  }
  const weightsEqual = [...local.weights].every(([a, w]) => job.actionWeights[a] === w);
  const a = await scanTable(table, params);
  const b = await scanTable(table, params, { engine: async () => spark });
  const episodes = existsSync(join(out, 'episodes')) ? await compareEpisodes(out, local.groups) : undefined;
  const members = (r: typeof a) => r.clusters.map((c) => [...c.members].sort()).sort((x, y) => (x.join() < y.join() ? -1 : 1));
  return {
    events: table.size,
    edges: { inProcess: local.edges.size, spark: spark.edges.size, onlyInProcess, onlySpark, weightDiffers, maxRelDiff },
    textEvents: { inProcess: nLocal, spark: nSpark, differ },
    weightsEqual,
    clusters: { inProcess: members(a), spark: members(b) },
    ids: { inProcess: a.clusters.map((c) => c.id).sort(), spark: b.clusters.map((c) => c.id).sort() },
    // A report without its regime says so: the test's both-regimes check then fails, not passes.
    regime: a.stats.regime?.used ?? 'unstated',
    episodes,
  };
}

/** Episodes in (gkind, gfirst, ep) order, each its events in (ts, pos) order, against groupByTarget's. */
async function compareEpisodes(out: string, groups: Awaited<ReturnType<typeof inProcess>>['groups']) {
  const dir = join(out, 'episodes');
  const rows: { gkind: number; gfirst: number; ep: number; pos: number; ts: number }[] = [];
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.parquet')).sort()) {
    const file = await asyncBufferFromFile(join(dir, f));
    for (const r of await parquetReadObjects({ file, columns: ['gkind', 'gfirst', 'ep', 'pos', 'ts'] }))
      rows.push({ gkind: Number(r.gkind), gfirst: Number(r.gfirst), ep: Number(r.ep), pos: Number(r.pos), ts: Number(r.ts) });
  }
  rows.sort((x, y) => x.gkind - y.gkind || x.gfirst - y.gfirst || x.ep - y.ep || x.ts - y.ts || x.pos - y.pos);
  const spark: number[][] = [];
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    const prev = rows[k - 1];
    if (!prev || prev.gkind !== r.gkind || prev.gfirst !== r.gfirst || prev.ep !== r.ep) spark.push([]);
    spark[spark.length - 1].push(r.pos);
  }
  let differ = 0;
  for (let g = 0; g < Math.max(groups.size, spark.length); g++) {
    const mine = g < groups.size ? Array.from(groups.order.subarray(groups.offset[g], groups.offset[g + 1])) : [];
    if (mine.join() !== (spark[g] ?? []).join()) differ++;
  }
  return { inProcess: groups.size, spark: spark.length, differ };
}

if (process.argv[1]?.endsWith('compare.ts')) {
  const r = await compareEngines(process.argv[2], process.argv[3]);
  console.log(JSON.stringify({ ...r, clusters: { inProcess: r.clusters.inProcess.map((c) => c.length), spark: r.clusters.spark.map((c) => c.length), same: JSON.stringify(r.clusters.inProcess) === JSON.stringify(r.clusters.spark) } }, null, 1));
}
