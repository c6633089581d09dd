import type { StoredCluster } from '../store/types.js';

/** A cluster as GET /v1/clusters lists it: enough to choose one; the full report is at /v1/clusters/{id}. */
export interface ClusterSummary {
  id: string;
  score: number;
  size: number;
  /** Member ids (small next to the evidence and edges; clients use them for size and account cross-reference). */
  members: string[];
  /** Per signal: weight share, pairs and targets (no per-signal statistics). */
  signals: StoredCluster['signals'];
  summary: string;
  firstSeen?: string;
  lastSeen?: string;
  scanId: string;
  generatedAt: string;
  review?: StoredCluster['review'];
}

/** The list view of a stored cluster: no evidence, edges or statistics (hundreds of KB for a big cluster). */
export function toSummary(c: StoredCluster): ClusterSummary {
  const s: ClusterSummary = { id: c.id, score: c.score, size: c.members.length, members: c.members, signals: c.signals, summary: c.summary, scanId: c.scanId, generatedAt: c.generatedAt };
  if (c.firstSeen !== undefined) s.firstSeen = c.firstSeen;
  if (c.lastSeen !== undefined) s.lastSeen = c.lastSeen;
  if (c.review !== undefined) s.review = c.review;
  return s;
}
