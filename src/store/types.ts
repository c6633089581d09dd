import type { ActivityEvent } from '../ingest/types.js';
import type { Report, ReportCluster } from '../report/types.js';

/** Inclusive epoch-ms bounds; either may be open. */
export interface TimeRange {
  from?: number;
  to?: number;
}

export interface AppendResult {
  accepted: number;
  duplicates: number;
}

export type ReviewState = 'confirmed' | 'dismissed' | 'needs-more-evidence';

/** An analyst's decision on a cluster ("inauthentic" judgement, separate from the detector's score). */
export interface Review {
  state: ReviewState;
  note?: string;
  by: string;
  at: string; // ISO-8601
}

/** A flagged cluster as kept by a store: the report cluster plus where it came from. */
export interface StoredCluster extends ReportCluster {
  scanId: string;
  generatedAt: string;
  review?: Review;
}

export interface ClusterQuery {
  minScore?: number;
  account?: string;
  from?: number;
  to?: number;
  signal?: string;
  review?: ReviewState | 'unreviewed';
  cursor?: string;
  limit?: number;
}

export interface ClusterPage {
  items: StoredCluster[];
  nextCursor?: string;
}

/**
 * Persistence behind the CLI and API. Two implementations: the embedded file store (default,
 * no server) and Neo4j. Every write is atomic per call, and idempotent by event id.
 */
export interface Store {
  /** Throws when the backing store is unreachable. */
  ping(): Promise<void>;
  appendEvents(events: ActivityEvent[]): Promise<AppendResult>;
  /** Events in the range, in batches (order unspecified). */
  readEvents(range: TimeRange): AsyncIterable<ActivityEvent[]>;
  countEvents(): Promise<number>;
  saveScan(scanId: string, report: Report): Promise<void>;
  listClusters(query: ClusterQuery): Promise<ClusterPage>;
  getCluster(id: string): Promise<StoredCluster | undefined>;
  accountClusters(account: string): Promise<StoredCluster[]>;
  setReview(clusterId: string, review: Review): Promise<StoredCluster | undefined>;
  close(): Promise<void>;
}
