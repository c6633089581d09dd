import type { EventTable } from '../ingest/table.js';
import type { ScanParams } from '../detect/params.js';
import type { TargetGroups, TextGroups } from '../graph/groups.js';
import type { EdgeList } from '../graph/coaction.js';

/**
 * What the heavy O(events) stages hand to the rest of the scan: text families, episodes, action
 * weights and the pruned pair table. Louvain, the timing test and the report only need these and
 * the event table, so where they are computed (in process or on Spark) is this seam's choice.
 */
export interface HeavyStages {
  /** specificLengths: each event's text measured for the copying null (-1 where not measured),
   *  when the text stage measured them on the side (text-parallel.ts). */
  text: { groups: TextGroups; count: number; specificLengths?: Int32Array };
  groups: TargetGroups;
  weights: Map<string, number>;
  edges: EdgeList;
  /** Seconds per stage, as the report's stats.seconds names them ("text", "graph"). */
  seconds: Record<string, number>;
  /** A Spark job's own figures (rows, seconds), for the report's stats.spark. */
  spark?: SparkJobStats;
}

/** How the heavy stages may run on this machine (never changes their output). */
export interface ExecOptions {
  threads?: number;
  /** Memory budget in bytes (--max-memory). */
  memoryBudget?: number;
}

export type HeavyEngine = (table: EventTable, params: ScanParams, exec?: ExecOptions) => Promise<HeavyStages>;

/** job.json, as spark/lockstep_job.py writes it. */
export interface SparkJobStats {
  read: number;
  events: number;
  rejected: number;
  duplicates: number;
  textEvents: number;
  textFamilies: number;
  pairs: number;
  edges: number;
  seconds: Record<string, number>;
  totalSeconds: number;
  master: string;
  cores: number;
  /** Wall time of the whole submission as the CLI saw it (JVM start included). */
  submitSeconds?: number;
  /** Which text leader pass the executors ran: "numba <version>", "python (<reason>)" or "mixed". */
  textLeaderPass?: string;
}

/** extract.json, as the job's second phase (--extract) writes it (spark/lockstep_spark/extract.py). */
export interface ExtractStats {
  communities: number;
  /** sha1 of the communities file the job read (the CLI checks it is the one it wrote). */
  communitiesSha1: string;
  members: number;
  /** Day-wide: accepted events, distinct accounts and targets, the time resolution (ms). */
  events: number;
  accounts: number;
  targets: number;
  resolution: number;
  /** The copying null's pool: texts in specific words of their own, over the day. */
  textTotal: number;
  /** readRegime's counts against the communities: episodes with ≥ 2 accounts, and those all members. */
  regime: { multi: number; closed: number };
  episodes: number;
  extractEpisodes: number;
  extractMemberships: number;
  extractEvents: number;
  seconds: number;
  submitSeconds?: number;
}
