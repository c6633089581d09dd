import type { LineageStatus } from './lineage.js';

/** A cluster as the history keeps it. */
export interface HistoryCluster {
  id: string;
  operationId: string;
  status: LineageStatus;
  score: number;
  members: string[];
  firstSeen?: string;
  lastSeen?: string;
}

/** One recorded scan. `key` names it: a re-recorded key replaces the scan in place (idempotent re-runs). */
export interface HistoryScan {
  key: string;
  at: string;
  from?: string;
  to?: string;
  clusters: HistoryCluster[];
}

export interface HistoryData {
  version: 1;
  scans: HistoryScan[];
}

/** What a report gains from the history (optional fields of the report contract). */
export interface ReportChanges {
  /** Operations no earlier scan had. */
  new: { operationId: string; clusterId: string; score: number; members: number }[];
  /** Operations seen before. */
  returning: { operationId: string; clusterId: string; status: LineageStatus; score: number; members: number; lastSeenAt: string }[];
  /** Operations in the previous scan that this one did not find. */
  notSeen: { operationId: string; lastClusterId: string; lastSeenAt: string; members: number }[];
  /** Members of this scan's clusters who were in clusters an analyst confirmed. */
  confirmedMembers: { clusterId: string; operationId: string; confirmedClusterId: string; confirmedOperationId?: string; members: string[] }[];
  /** The scan the comparison was made against (the previous one), if any. */
  previousScan?: { key: string; at: string };
}
