import type { ActivityEvent } from '../../ingest/types.js';
import type { ReportCluster } from '../../report/types.js';
import type { Review, ReviewState, StoredCluster } from '../types.js';

/**
 * A batch of events as CREATE_EVENTS columns: event i is ids[i], a[i], ... Absent fields are null, so
 * every column has one entry per event. `a` and `t` are positions in the statement's distinct account
 * and target lists (t null for an event without a target).
 */
export interface EventColumns {
  ids: string[];
  a: number[];
  t: (number | null)[];
  action: string[];
  ts: number[];
  text: (string | null)[];
  platform: (string | null)[];
}

/** A returned record's fields back into an event (absent fields left out, as validateEvent does). */
export function rowToEvent(r: Record<string, unknown>): ActivityEvent {
  const e: ActivityEvent = { id: r.id as string, account: r.account as string, action: r.action as string, ts: Number(r.ts) };
  if (r.target != null) e.target = r.target as string;
  if (r.text != null) e.text = r.text as string;
  if (r.platform != null) e.platform = r.platform as string;
  return e;
}

/** The ReportCluster fields kept as their own properties; everything else goes into `extra` JSON. */
const OWN = new Set(['id', 'score', 'members', 'signals', 'evidence', 'summary', 'firstSeen', 'lastSeen']);

/** Cluster node properties. Neo4j properties are flat, so nested values are JSON strings. */
export interface ClusterProps {
  score: number;
  summary: string;
  members: string[];
  signalNames: string[];
  signals: string;
  evidence: string;
  firstSeen: string | null;
  lastSeen: string | null;
  /** The cluster's activity span in epoch ms, for time filters (falls back to the scan time, like the embedded store). */
  firstMs: number;
  lastMs: number;
  extra: string | null;
}

export function clusterToProps(c: ReportCluster, generatedAt: string): ClusterProps {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) if (!OWN.has(k) && v !== undefined) extra[k] = v;
  const firstMs = Date.parse(c.firstSeen ?? generatedAt);
  const lastMs = Date.parse(c.lastSeen ?? c.firstSeen ?? generatedAt);
  return {
    score: c.score,
    summary: c.summary,
    members: c.members,
    signalNames: Object.keys(c.signals ?? {}),
    signals: JSON.stringify(c.signals ?? {}),
    evidence: JSON.stringify(c.evidence ?? []),
    firstSeen: c.firstSeen ?? null,
    lastSeen: c.lastSeen ?? null,
    firstMs: Number.isFinite(firstMs) ? firstMs : 0,
    lastMs: Number.isFinite(lastMs) ? lastMs : 0,
    extra: Object.keys(extra).length ? JSON.stringify(extra) : null,
  };
}

/** A Cluster node's properties back into a StoredCluster. */
export function propsToCluster(p: Record<string, unknown>): StoredCluster {
  const c: StoredCluster = {
    ...(typeof p.extra === 'string' ? (JSON.parse(p.extra) as Partial<ReportCluster>) : {}),
    id: p.id as string,
    score: Number(p.score),
    members: (p.members as string[] | undefined) ?? [],
    signals: JSON.parse((p.signals as string | undefined) ?? '{}') as ReportCluster['signals'],
    evidence: JSON.parse((p.evidence as string | undefined) ?? '[]') as ReportCluster['evidence'],
    summary: (p.summary as string | undefined) ?? '',
    scanId: p.scanId as string,
    generatedAt: p.generatedAt as string,
  };
  if (typeof p.firstSeen === 'string') c.firstSeen = p.firstSeen;
  if (typeof p.lastSeen === 'string') c.lastSeen = p.lastSeen;
  if (typeof p.reviewState === 'string') {
    const review: Review = { state: p.reviewState as ReviewState, by: p.reviewBy as string, at: p.reviewAt as string };
    if (typeof p.reviewNote === 'string') review.note = p.reviewNote;
    c.review = review;
  }
  return c;
}
