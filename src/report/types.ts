import type { Lineage } from '../history/lineage.js';
import type { ReportChanges } from '../history/types.js';
import type { Reject } from '../ingest/types.js';

/** One member's action in a piece of evidence. */
export interface EvidenceAction {
  account: string;
  ts: string; // ISO-8601
  eventId?: string;
  text?: string;
}

/** A concrete shared action an analyst can check. */
export interface Evidence {
  /** The shared target, or for text-driven evidence a representative text fingerprint. */
  target: string;
  action: string;
  /** Which signal this evidence supports (e.g. "coaction:share", "text"). */
  signal: string;
  members: EvidenceAction[];
  /** Seconds between the first and last member action here. */
  spreadSeconds: number;
  /** Non-member accounts that did the same action on the same target (the organic background). */
  others?: number;
  /** Times (ISO-8601) of non-member actions on the same target around the burst (the burst ±
   *  max(2 × its width, 30 min), the contrast null's neighbourhood), evenly thinned to at most 100. */
  othersAround?: string[];
  /** For text evidence: mean pairwise similarity of the member texts. */
  similarity?: number;
}

/** One signal's contribution to a cluster. */
export interface SignalSummary {
  /** Share of the cluster's internal edge weight that this signal supplies, in [0,1]. */
  weight: number;
  /** Member pairs linked by this signal. */
  pairs: number;
  /** Distinct targets (or text groups) involved. */
  targets: number;
}

/** The cluster-level timing test against the null model. */
export interface ClusterStatistics {
  observed: number;
  expected: number;
  zScore: number;
  pValue: number;
  [k: string]: number;
}

export interface ReportCluster {
  id: string;
  score: number;
  members: string[];
  signals: Record<string, SignalSummary>;
  evidence: Evidence[];
  summary: string;
  /** The reading the score came from (population regime): "whole" (the bursts taken together),
   *  "bursts" (the significant bursts, for a camouflaged group) or "copying" (near-duplicate texts). */
  reading?: 'whole' | 'bursts' | 'copying';
  statistics?: ClusterStatistics;
  /** The timing test on each signal (action kind) alone: which signals are synchronised, and how. */
  signalStatistics?: Record<string, { zScore: number; pValue: number; tightness: number; targets: number }>;
  /** First and last evidence action, ISO-8601. */
  firstSeen?: string;
  lastSeen?: string;
  /** Coordination edges among members, for the analyst graph view. */
  edges?: { source: string; target: string; weight: number; signals: Record<string, number> }[];
  /** With a scan history: the operation this cluster belongs to, stable across scans (src/history). */
  operationId?: string;
  /** With a scan history: how this cluster relates to earlier ones (matched by member overlap). */
  lineage?: Lineage;
}

export interface ReportStats {
  read: number;
  events: number;
  rejected: number;
  duplicates: number;
  accounts: number;
  targets: number;
  edges: number;
  communities: number;
  /** The input's time resolution, as inferred from the times (every time on the minute → "min");
   *  the null model draws its times at the same resolution. */
  timeResolution?: 'ms' | 's' | 'min';
  /** Whether the input held an independent population to measure against (see detect/regime.ts). */
  regime?: { used: 'population' | 'slice'; closedShare: number };
  flagged: number;
  flaggedAccounts: number;
  seconds: Record<string, number>;
  /** Scans of files: the units numeric times were read in (counts of accepted events) and whether the unit was inferred. */
  tsUnit?: { inferred: boolean; counts: Partial<Record<'s' | 'ms' | 'us' | 'ns', number>> };
  /** With --from/--to: valid events outside the range, not scanned (read = events + rejected + duplicates + outsideRange). */
  outsideRange?: number;
  /** Scans with --engine spark: the Spark job's figures (rows out of each stage, seconds per stage). */
  spark?: SparkStats;
}

export interface SparkStats {
  master: string;
  cores: number;
  events: number;
  /** Events in a near-duplicate text family. */
  textEvents: number;
  /** Distinct co-acting pairs before pruning. */
  pairs: number;
  /** Pairs kept (the pair table handed back). */
  edges: number;
  /** The job's own seconds per stage (read, text, pairs, prune). */
  seconds: Record<string, number>;
  jobSeconds: number;
  /** The whole submission as the CLI saw it, JVM start included. */
  submitSeconds?: number;
  /** Which text leader pass the executors ran: "numba <version>" (compiled), "python (<reason>)" (the fallback) or "mixed". */
  textLeaderPass?: string;
  /** With the timing test's extract (--spark-extract): the second phase's rows and seconds. */
  extract?: { communities: number; members: number; episodes: number; events: number; memberships: number; seconds: number; submitSeconds?: number };
}

/** A scan report: matches src/contract/report.schema.json (core) plus optional fields. */
export interface Report {
  generatedAt: string;
  params: Record<string, unknown>;
  stats: ReportStats;
  /** The first 20 rejected records (all of them go to the rejects file when one is given). */
  rejects?: Reject[];
  clusters: ReportCluster[];
  /** With a scan history: operations new, returning and not seen, and members of confirmed clusters. */
  changes?: ReportChanges;
}
