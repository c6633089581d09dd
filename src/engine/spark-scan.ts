import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveParams, type ScanParams } from '../detect/params.js';
import { buildGraph } from '../graph/build.js';
import { detectCommunities } from '../detect/communities.js';
import { flagCommunitiesThreaded } from '../detect/flag-threaded.js';
import { regimeOf } from '../detect/regime.js';
import { byRank, describeCluster } from '../report/cluster.js';
import type { Report, ReportCluster } from '../report/types.js';
import { availableThreads } from '../exec/threads.js';
import { resolutionName, round, sparkStats, type ScanOptions, type Stage } from '../pipeline.js';
import { accountOrder, accountSlots, extractGroups, extractTable, indexEdges, type AccountRow } from './extract-table.js';
import { readAccounts, readEdgeRows, readExtract } from './spark-outputs.js';
import { submitExtract, submitJob, type SparkOptions } from './spark-job.js';
import type { ExtractStats, SparkJobStats } from './types.js';

/**
 * A scan whose event table never enters this process (--engine spark --spark-extract). The job's
 * first phase writes the pruned edges; Louvain runs here; the second phase cuts out of the day
 * what the timing test and the report read for the candidate communities (their members'
 * episodes, the reactions in them, the posts the stimulus null looks up) and computes the
 * day-wide figures they read (time resolution, the copying null's pool, the regime's counts,
 * accounts and targets). Scoring then runs on that extract, with the same code as scanTable
 * (src/pipeline.ts), whose later half this follows step for step.
 */

export interface SparkScanOptions extends Pick<ScanOptions, 'onStage' | 'signal' | 'threads'> {
  spark: SparkOptions & { out?: string };
  /** Called with the first phase's counts before Louvain: may refuse the input by throwing (as onRead does in process). */
  onFirstPhase?: (job: SparkJobStats) => void;
}

/** The communities file the second phase reads. */
export const COMMUNITIES_FILE = 'communities.json';

export async function scanOnSpark(inputs: string[], partial: Partial<ScanParams>, opts: SparkScanOptions): Promise<Report> {
  const params = resolveParams(partial);
  const seconds: Record<string, number> = {};
  let clock = performance.now();
  const stage = async (name: Stage) => {
    opts.onStage?.(name);
    await new Promise((r) => setImmediate(r));
    opts.signal?.throwIfAborted();
    clock = performance.now();
  };
  const done = (name: string) => {
    seconds[name] = round((performance.now() - clock) / 1000);
  };
  const spark = { ...opts.spark, signal: opts.signal };
  const out = spark.out ?? (await mkdtemp(join(tmpdir(), 'lockstep-spark-')));
  try {
    await stage('text');
    const job = await submitJob(inputs, out, params, { ...spark, keepEvents: true });
    opts.onFirstPhase?.(job);
    return await finishOnSpark(out, job, params, { ...opts, spark }, { stage, done, seconds });
  } finally {
    if (!spark.out) await rm(out, { recursive: true, force: true });
  }
}

interface Clock {
  stage: (name: Stage) => Promise<void>;
  done: (name: string) => void;
  seconds: Record<string, number>;
}

/** The scan from a finished first phase (run with keepEvents) in `out`: Louvain, the second phase, scoring, the report. */
export async function finishOnSpark(out: string, job: SparkJobStats, params: ScanParams, opts: SparkScanOptions, clock: Clock = plainClock()): Promise<Report> {
  const candidates = await communitiesOnSpark(out, job, params, clock);
  const x = await submitExtract(out, candidates.file, params, opts.spark);
  return scoreOnExtract(out, job, x, candidates, params, opts, clock);
}

/** What Louvain found on the first phase's edges, written where the second phase reads it. */
export interface Candidates {
  communities: string[][];
  edgeRows: Awaited<ReturnType<typeof readEdgeRows>>;
  edgeAccounts: AccountRow[];
  /** The communities file (out/communities.json) and its sha1. */
  file: string;
  sha1: string;
}

/** Louvain on the first phase's pruned edges; writes out/communities.json for the second phase. */
export async function communitiesOnSpark(out: string, job: SparkJobStats, params: ScanParams, clock: Clock = plainClock()): Promise<Candidates> {
  const { stage, done, seconds } = clock;
  seconds.read = round(job.seconds.read ?? 0);
  seconds.text = round(job.seconds.text ?? 0);
  await stage('graph');
  const edgeAccounts = await readAccounts(join(out, 'edge_accounts'));
  const edgeRows = await readEdgeRows(out);
  // Louvain sees the accounts in first-arrival order, as in process (node order steers it).
  const louvainNames = accountOrder(edgeAccounts);
  let graph: ReturnType<typeof buildGraph> | undefined = buildGraph(indexEdges(edgeRows, louvainNames), louvainNames);
  done('graph');
  seconds.graph = round(seconds.graph + (job.seconds.pairs ?? 0) + (job.seconds.prune ?? 0));

  await stage('communities');
  const communities = detectCommunities(graph, { resolution: params.resolution, seed: params.seed, minSize: params.minClusterSize });
  graph = undefined;
  done('communities');
  await stage('score');
  const file = join(out, COMMUNITIES_FILE);
  await writeFile(file, JSON.stringify({ communities }));
  const sha1 = createHash('sha1').update(await readFile(file)).digest('hex');
  return { communities, edgeRows, edgeAccounts, file, sha1 };
}

/** Scoring and the report on the second phase's extract (extract.json `x`) of `out`. */
export async function scoreOnExtract(out: string, first: SparkJobStats, x: ExtractStats, candidates: Candidates, params: ScanParams, opts: Pick<SparkScanOptions, 'signal' | 'threads'>, clock: Clock = plainClock()): Promise<Report> {
  const { stage, done, seconds } = clock;
  const threads = opts.threads ?? availableThreads();
  const { communities, edgeRows, edgeAccounts } = candidates;
  const job = first as SparkJobStats & { actionWeights?: Record<string, number> };
  if (!job.actionWeights) throw new Error('the Spark job wrote no actionWeights in job.json: an older job?');
  checkExtract(x, job, candidates.sha1, communities.length);
  const ex = await readExtract(out);
  const regime = regimeOf(x.regime.multi, x.regime.closed, params.regime);
  // Dense numbers in first-arrival order keep every order the population regime reads; the slice
  // regime also reads their string order, so it gets the in-process numbers (accountSlots).
  const dense = accountOrder(edgeAccounts, ex.accounts);
  const accountNames = regime.used === 'slice' ? accountSlots(ex.accounts, x.accounts) : dense;
  const edges = indexEdges(edgeRows, accountNames);
  const { table, posIndex } = extractTable(ex.events, accountNames);
  const families = new Map<number, number>();
  for (const e of ex.events) if (e.family !== null) families.set(e.pos, e.family);
  const groups = extractGroups(ex.episodes, table, posIndex, families);
  if (table.size !== x.extractEvents || groups.size !== x.extractEpisodes || groups.order.length !== x.extractMemberships) {
    throw new Error(
      `the Spark extract holds ${table.size} events, ${groups.size} episodes (${groups.order.length} memberships), its extract.json says ${x.extractEvents}, ${x.extractEpisodes} (${x.extractMemberships}): incomplete output`,
    );
  }
  const index = new Map<string, number>();
  accountNames.forEach((n, i) => index.set(n, i));
  const pool = new Int32Array(accountNames.length);
  for (const [a, n] of ex.memberTexts) {
    const i = index.get(a);
    if (i === undefined) throw new Error(`the Spark extract counts texts of ${a}, who is in none of its events`);
    pool[i] = n;
  }
  const sources = new Uint8Array(accountNames.length);
  for (const a of ex.sources) {
    const i = index.get(a);
    if (i === undefined) throw new Error(`the Spark extract names ${a} a source of texts, who is in none of its events`);
    sources[i] = 1;
  }
  const indexed = communities.map((nodes) => nodes.map((n) => index.get(n)!));
  const weights = new Map(Object.entries(job.actionWeights));
  const day = { resolution: x.resolution, texts: { families: pool, total: x.textTotal, sources } };
  const found = await flagCommunitiesThreaded(table, groups, weights, indexed, edges, regime.used, { ...params, signal: opts.signal, day }, threads);
  const flagged: ReportCluster[] = found.map((f) =>
    describeCluster(table, groups, f, { window: params.window, maxEvidence: params.maxEvidence }),
  );
  done('score');

  await stage('report');
  flagged.sort(byRank);
  const report: Report = {
    generatedAt: new Date().toISOString(),
    params: { ...params },
    stats: {
      read: job.read,
      events: job.events,
      rejected: job.rejected,
      duplicates: job.duplicates,
      accounts: x.accounts,
      targets: x.targets,
      edges: edges.size,
      communities: communities.length,
      timeResolution: resolutionName(x.resolution),
      regime: { used: regime.used, closedShare: round(regime.closedShare) },
      flagged: flagged.length,
      flaggedAccounts: new Set(flagged.flatMap((c) => c.members)).size,
      seconds,
      spark: {
        ...sparkStats(job),
        extract: {
          communities: x.communities,
          members: x.members,
          episodes: x.extractEpisodes,
          events: x.extractEvents,
          memberships: x.extractMemberships,
          seconds: x.seconds,
          ...(x.submitSeconds !== undefined ? { submitSeconds: x.submitSeconds } : {}),
        },
      },
    },
    clusters: flagged,
  };
  done('report');
  return report;
}

function plainClock(): Clock {
  const seconds: Record<string, number> = {};
  let clock = performance.now();
  return {
    seconds,
    stage: async () => {
      clock = performance.now();
    },
    done: (name) => {
      seconds[name] = round((performance.now() - clock) / 1000);
    },
  };
}

/** The second phase must have read this scan's communities and the first phase's day. */
function checkExtract(x: ExtractStats, job: SparkJobStats, sha1: string, communities: number): void {
  if (x.communitiesSha1 !== sha1 || x.communities !== communities) throw new Error(`the Spark extract was cut for other communities (${x.communities}, sha1 ${x.communitiesSha1}) than this scan's (${communities}, ${sha1})`);
  if (x.events !== job.events) throw new Error(`the Spark extract read ${x.events} events, the first phase accepted ${job.events}: they read different input`);
}
