import type { EventTable } from './ingest/table.js';
import type { IngestStats, Reject } from './ingest/types.js';
import { resolveParams, type ScanParams } from './detect/params.js';
import type { Report, ReportCluster } from './report/types.js';
import { availableThreads } from './exec/threads.js';
import { headroom, inProcess } from './engine/in-process.js';
import type { HeavyEngine, HeavyStages } from './engine/types.js';
import { communitiesAside } from './detect/communities-aside.js';
import { buildNullContext } from './detect/null-context.js';
import { shareContext } from './detect/score-context.js';
import { flagCommunitiesThreaded } from './detect/flag-threaded.js';
import { timeResolution } from './detect/null-context.js';
import { readRegime } from './detect/regime.js';
import { byRank, describeCluster } from './report/cluster.js';

export type Stage = 'read' | 'text' | 'graph' | 'communities' | 'score' | 'report';

export interface ScanOptions {
  /** Ingestion accounting to carry into the report (records read from files, rejects). */
  ingest?: IngestStats;
  rejects?: Reject[];
  /** Seconds already spent reading input, reported as the "read" stage. */
  readSeconds?: number;
  onStage?: (stage: Stage) => void;
  /** Cancels a running scan between stages (API DELETE /v1/scans/{id}). */
  signal?: AbortSignal;
  /**
   * Threads for the stages that split (default: the cores available). An execution option, not a
   * scan parameter: the report is the same for any value.
   */
  threads?: number;
  /**
   * Memory budget in bytes (--max-memory): the split stages then size their buffers to it, and the
   * scoring stage copies the table to a worker only when the copy fits. Never changes the report.
   */
  memoryBudget?: number;
  /** Where the heavy stages run (default: in this process; src/engine/spark.ts runs them on Spark). */
  engine?: HeavyEngine;
}

/** What a second scoring thread costs, per event: the null context in shared memory (timing
 *  columns and indexes, score-context.ts) and the worker's own heap. */
const TABLE_COPY_BYTES_PER_EVENT = 40;

/** ingest → graph → detect → report, on an in-memory table. Pure apart from the clock. */
export async function scanTable(table: EventTable, partial: Partial<ScanParams> = {}, opts: ScanOptions = {}): Promise<Report> {
  const params = resolveParams(partial);
  const seconds: Record<string, number> = {};
  if (opts.readSeconds !== undefined) seconds.read = round(opts.readSeconds);
  let clock = performance.now();
  const stage = async (name: Stage) => {
    const now = performance.now();
    opts.onStage?.(name);
    // Yield so a cancel request (or a progress bar) gets a turn between stages.
    await new Promise((r) => setImmediate(r));
    opts.signal?.throwIfAborted();
    clock = now;
  };
  const done = (name: string) => {
    seconds[name] = round((performance.now() - clock) / 1000);
  };

  const threads = opts.threads ?? availableThreads();
  await stage('text');
  // The heavy O(events) stages, in process or on Spark (src/engine): the rest of the scan is the same.
  const heavy = await (opts.engine ?? inProcess)(table, params, { threads, memoryBudget: opts.memoryBudget });
  const { groups, weights, edges } = heavy;
  seconds.text = round(heavy.seconds.text);

  await stage('graph'); // (for progress: the graph is built with the communities below)
  seconds.graph = round(heavy.seconds.graph);

  await stage('communities');
  // Decided before the context is built (as when the score stage built it): a second scoring
  // thread needs room for the shared context and the worker's heap.
  const scoreThreads = headroom(opts.memoryBudget) > table.size * TABLE_COPY_BYTES_PER_EVENT * (threads - 1) ? threads : 1;
  // Louvain (and building its graph) in a worker while this thread builds the scoring context
  // (in shared memory, which one scoring thread reads as well as several).
  const louvain = { resolution: params.resolution, seed: params.seed, minSize: params.minClusterSize };
  const { communities, value: shared } = await communitiesAside(edges, table.accountNames, louvain, threads, () =>
    shareContext(buildNullContext(table, groups, weights, {}, heavy.text.specificLengths)),
  );
  done('communities');

  await stage('score');
  const accountIndex = new Map<string, number>();
  table.accountNames.forEach((n, i) => accountIndex.set(n, i));
  const indexed = communities.map((nodes) => nodes.map((n) => accountIndex.get(n)!));
  const inCommunity = new Uint8Array(table.accountNames.length);
  for (const nodes of indexed) for (const a of nodes) inCommunity[a] = 1;
  const regime = readRegime(table, groups, inCommunity, params.regime);
  const found = await flagCommunitiesThreaded(table, groups, weights, indexed, edges, regime.used, { ...params, signal: opts.signal }, scoreThreads, undefined, shared);
  const flagged: ReportCluster[] = found.map((f) =>
    describeCluster(table, groups, f, { window: params.window, maxEvidence: params.maxEvidence }),
  );
  done('score');

  await stage('report');
  flagged.sort(byRank);
  const ingest = opts.ingest ?? { read: table.size, events: table.size, rejected: 0, duplicates: 0 };
  const report: Report = {
    generatedAt: new Date().toISOString(),
    params: { ...params },
    stats: {
      read: ingest.read,
      events: ingest.events,
      rejected: ingest.rejected,
      duplicates: ingest.duplicates,
      accounts: table.accountNames.length,
      targets: table.targetNames.length,
      edges: edges.size,
      communities: communities.length,
      timeResolution: resolutionName(timeResolution(table.ts, table.size)),
      regime: { used: regime.used, closedShare: round(regime.closedShare) },
      flagged: flagged.length,
      flaggedAccounts: new Set(flagged.flatMap((c) => c.members)).size,
      seconds,
      ...(heavy.spark ? { spark: sparkStats(heavy.spark) } : {}),
    },
    clusters: flagged,
  };
  if (opts.rejects?.length) report.rejects = opts.rejects.slice(0, 20);
  done('report');
  return report;
}

/** The Spark job's figures as the report carries them (stats.spark). */
export function sparkStats(j: NonNullable<HeavyStages['spark']>): NonNullable<Report['stats']['spark']> {
  return {
    master: j.master,
    cores: j.cores,
    events: j.events,
    textEvents: j.textEvents,
    pairs: j.pairs,
    edges: j.edges,
    seconds: j.seconds,
    jobSeconds: j.totalSeconds,
    ...(j.submitSeconds !== undefined ? { submitSeconds: j.submitSeconds } : {}),
    ...(j.textLeaderPass !== undefined ? { textLeaderPass: j.textLeaderPass } : {}),
  };
}

export function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

export function resolutionName(ms: number): 'ms' | 's' | 'min' {
  return ms >= 60_000 ? 'min' : ms >= 1000 ? 's' : 'ms';
}
