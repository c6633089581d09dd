import type { ScanParams } from '../detect/params.js';
import { recordScan, type ConfirmedCluster } from '../history/apply.js';
import type { FileHistory } from '../history/file-history.js';
import { scanTable, type ScanOptions, type Stage } from '../pipeline.js';
import type { Report } from '../report/types.js';
import { allClusters } from '../store/all-clusters.js';
import type { Store, TimeRange } from '../store/types.js';
import { readRange, sourceLabels, type ScanSource } from './source.js';

export type ScanRunner = (table: Parameters<typeof scanTable>[0], params: Partial<ScanParams>, opts: ScanOptions) => Promise<Report>;

export interface ScanRequest {
  source: ScanSource;
  range: TimeRange;
  params: Partial<ScanParams>;
  signal?: AbortSignal;
  onStage?: (s: Stage) => void;
  /** Called once the events are read, before the pipeline: may refuse the input by throwing. */
  onRead?: (ingested: Awaited<ReturnType<typeof readRange>>) => void;
  /** With a history, clusters get operationId and lineage, the report gets `changes`, the scan is recorded. */
  history?: { history: FileHistory; key: string; confirmed?: readonly ConfirmedCluster[] };
  /** Threads for the pipeline (default: the cores available); the report does not depend on it. */
  threads?: number;
  /** Memory budget in bytes (--max-memory), for the pipeline's buffers; the report does not depend on it. */
  memoryBudget?: number;
  /** Where the heavy stages run (default in process; --engine spark: src/engine/spark.ts). */
  engine?: ScanOptions['engine'];
  /** The pipeline (tests substitute a controllable one). */
  runner?: ScanRunner;
  /** A scan that reads the events elsewhere (--engine spark --spark-extract): no event is read here. */
  remote?: (params: Partial<ScanParams>, opts: Pick<ScanOptions, 'signal' | 'onStage' | 'threads'>) => Promise<Report>;
}

/**
 * A scan from start to report, the same for the CLI, the API and the nightly job: read the range,
 * run the pipeline, then (with a history) track operations across scans.
 */
export async function runScan(req: ScanRequest): Promise<Report> {
  const report = req.remote ? await req.remote(req.params, { signal: req.signal, onStage: req.onStage, threads: req.threads }) : await scanHere(req);
  report.params.inputs = sourceLabels(req.source);
  if (req.range.from !== undefined) report.params.from = new Date(req.range.from).toISOString();
  if (req.range.to !== undefined) report.params.to = new Date(req.range.to).toISOString();
  req.signal?.throwIfAborted();
  if (req.history) await recordScan(report, req.history.history, { key: req.history.key, from: req.range.from, to: req.range.to, confirmed: req.history.confirmed });
  return report;
}

/** Reads the range and runs the pipeline on it in this process. */
async function scanHere(req: ScanRequest): Promise<Report> {
  const started = performance.now();
  const ingested = await readRange(req.source, req.range, req.signal);
  req.onRead?.(ingested);
  const report = await (req.runner ?? scanTable)(ingested.table, req.params, {
    ingest: ingested.stats,
    rejects: ingested.rejects,
    readSeconds: (performance.now() - started) / 1000,
    signal: req.signal,
    onStage: req.onStage,
    threads: req.threads,
    memoryBudget: req.memoryBudget,
    engine: req.engine,
  });
  if (ingested.outsideRange !== undefined) report.stats.outsideRange = ingested.outsideRange;
  return report;
}

/** Every cluster an analyst confirmed in a store. */
export async function confirmedClusters(store: Store): Promise<ConfirmedCluster[]> {
  return (await allClusters(store, { review: 'confirmed' })).map((c) => ({ id: c.id, members: c.members }));
}
