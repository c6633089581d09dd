// Engine comparison used by the Spark tests and by hand: the heavy stages in process against a
// finished Spark job's outputs, edge for edge, and the full scan with either engine.
import { readFileSync } from 'node:fs';
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
  const members = (r: typeof a) => r.clusters.map((c) => [...c.members].sort()).sort((x, y) => (x.join() < y.join() ? -1 : 1));
  return {
    events: table.size,
    edges: { inProcess: local.edges.size, spark: spark.edges.size, onlyInProcess, onlySpark, weightDiffers, maxRelDiff },
    textEvents: { inProcess: nLocal, spark: nSpark, differ },
    weightsEqual,
    clusters: { inProcess: members(a), spark: members(b) },
    ids: { inProcess: a.clusters.map((c) => c.id).sort(), spark: b.clusters.map((c) => c.id).sort() },
  };
}

if (process.argv[1]?.endsWith('compare.ts')) {
  const r = await compareEngines(process.argv[2], process.argv[3]);
  console.log(JSON.stringify({ ...r, clusters: { inProcess: r.clusters.inProcess.map((c) => c.length), spark: r.clusters.spark.map((c) => c.length), same: JSON.stringify(r.clusters.inProcess) === JSON.stringify(r.clusters.spark) } }, null, 1));
}
