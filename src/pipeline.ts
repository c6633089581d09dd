import type { EventTable } from './ingest/table.js';
import type { IngestStats, Reject } from './ingest/types.js';
import { resolveParams, SUSPECT_SLICE_SHARE, type ScanParams } from './detect/params.js';
import type { Report, ReportCluster } from './report/types.js';
import { DEFAULT_TEXT_OPTIONS, findTextGroups } from './graph/text-similarity.js';
import { groupByTarget } from './graph/groups.js';
import { actionWeights, countCoactions, pruneEdges } from './graph/coaction.js';
import { buildGraph } from './graph/build.js';
import { detectCommunities } from './detect/communities.js';
import { buildTimingContext, clusterTiming, type TimingContext } from './detect/timing.js';
import { clusterScore } from './detect/score.js';
import { createRng } from './detect/rng.js';
import { describeCluster } from './report/cluster.js';

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
}

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

  await stage('text');
  const text = findTextGroups(table, { ...DEFAULT_TEXT_OPTIONS, minSimilarity: params.textSimilarity });
  done('text');

  await stage('graph');
  const groups = groupByTarget(table, text.groups, params.episodeGap * 1000);
  const weights = actionWeights(table);
  const counter = countCoactions(table, groups, { window: params.window, scales: params.scales, fanout: params.fanout }, weights);
  const edges = pruneEdges(counter, table.accountNames.length, { minGroups: params.minTargets, topK: params.topK });
  const graph = buildGraph(edges, table.accountNames);
  done('graph');

  await stage('communities');
  const communities = detectCommunities(graph, { resolution: params.resolution, seed: params.seed, minSize: params.minClusterSize });
  done('communities');

  await stage('score');
  const accountIndex = new Map<string, number>();
  table.accountNames.forEach((n, i) => accountIndex.set(n, i));
  const timingOpts = { window: params.window, draws: params.nullDraws, priorWeight: 10 };
  // Bursts wider than the widest co-action window, with slack for edges, are not lockstep.
  const maxBurst = 2 * params.window * Math.max(...params.scales);
  const scoreAll = (ctx: TimingContext, paceLimit: number) =>
    communities.map((nodes, c) => {
      if (c % 50 === 0) opts.signal?.throwIfAborted();
      const rng = createRng(params.seed ^ hashString(nodes[0]));
      const community = nodes.map((n) => accountIndex.get(n)!);
      // Decide on the community as found (testing only the members that fit the bursts would be
      // double-dipping), then report the core: the members inside the bursts.
      const decision = clusterTiming(ctx, community, rng, timingOpts);
      const score = clusterScore(decision, communities.length, paceLimit);
      // Only flagged communities keep their timing (a 1 M-event day tests thousands).
      return score >= params.threshold ? { community, rng, decision, ctx, score } : undefined;
    })
      .filter((x) => x !== undefined);
  const population = params.nullModel === 'independent' ? undefined : scoreAll(buildTimingContext(table, groups, weights), maxBurst);
  const flaggedShare = population && population.reduce((n, x) => n + x.community.length, 0) / Math.max(1, table.accountNames.length);
  // A fifth of all accounts flagged under the population null means the input is no population:
  // an investigator's slice of suspects, where everyone's reactions are the operation's own.
  const independent = !population || (params.nullModel === 'auto' && flaggedShare! >= SUSPECT_SLICE_SHARE);
  let scored = population!;
  if (independent) {
    const communityOf = new Int32Array(table.accountNames.length).fill(-1);
    communities.forEach((nodes, c) => nodes.forEach((n) => (communityOf[accountIndex.get(n)!] = c)));
    // No pace fade: it guards against a population's ordinary communities passing items around
    // over an hour; in a slice of suspects, slow pushes (40-minute hashtag games) count.
    scored = scoreAll(buildTimingContext(table, groups, weights, communityOf), Infinity);
  }
  const flagged: ReportCluster[] = [];
  for (const { community, rng, decision, ctx, score } of scored) {
    const members = decision.core.length < community.length ? decision.core : community;
    if (members.length < params.minClusterSize) continue;
    const timing = members === community ? decision : clusterTiming(ctx, members, rng, timingOpts);
    flagged.push(describeCluster(table, groups, members, timing, score, { window: params.window, maxEvidence: params.maxEvidence }, decision));
  }
  done('score');

  await stage('report');
  flagged.sort((a, b) => b.score - a.score || b.members.length - a.members.length || (a.id < b.id ? -1 : 1));
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
      nullModel: { used: independent ? 'independent' : 'population', ...(flaggedShare === undefined ? {} : { populationFlaggedShare: round(flaggedShare) }) },
      flagged: flagged.length,
      flaggedAccounts: new Set(flagged.flatMap((c) => c.members)).size,
      seconds,
    },
    clusters: flagged,
  };
  if (opts.rejects?.length) report.rejects = opts.rejects.slice(0, 20);
  done('report');
  return report;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
