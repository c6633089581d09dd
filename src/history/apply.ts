import type { Report, ReportCluster } from '../report/types.js';
import type { FileHistory } from './file-history.js';
import { matchLineage, type EarlierCluster } from './lineage.js';
import type { HistoryCluster, HistoryScan, ReportChanges } from './types.js';

/** A cluster an analyst confirmed (members of it reappearing are called out in `changes`). */
export interface ConfirmedCluster {
  id: string;
  members: readonly string[];
}

export interface RecordOptions {
  /** Names the scan; recording the same key again replaces it (a re-run of the same day). */
  key: string;
  from?: number;
  to?: number;
  confirmed?: readonly ConfirmedCluster[];
}


/** Each operation's clusters in the latest earlier scan that saw it, and when that was. */
export function lastSightings(scans: readonly HistoryScan[]): { cluster: HistoryCluster; at: string }[] {
  const latest = new Map<string, { scan: HistoryScan; clusters: HistoryCluster[] }>();
  for (const s of scans) {
    const here = new Map<string, HistoryCluster[]>();
    for (const c of s.clusters) (here.get(c.operationId) ?? here.set(c.operationId, []).get(c.operationId)!).push(c);
    for (const [op, cs] of here) latest.set(op, { scan: s, clusters: cs });
  }
  return [...latest.values()].flatMap((l) => l.clusters.map((cluster) => ({ cluster, at: l.scan.at })));
}

/**
 * Gives every cluster of the report its operation and lineage against the history, adds the report's
 * `changes`, and records the scan. Mutates and returns the report.
 */
export async function recordScan(report: Report, history: FileHistory, opts: RecordOptions): Promise<Report> {
  const tracked = report;
  const earlierScans = await history.before(opts.key);
  const sightings = lastSightings(earlierScans);
  const earlier: EarlierCluster[] = sightings.map((s) => s.cluster);
  const matched = matchLineage(earlier, tracked.clusters);
  tracked.clusters.forEach((c, i) => {
    c.operationId = matched[i].operationId;
    c.lineage = { status: matched[i].lineage.status, previous: matched[i].lineage.previous };
  });

  const lastSeenAt = new Map(sightings.map((s) => [s.cluster.operationId, s.at]));
  const operationOf = new Map<string, string>();
  for (const s of earlierScans) for (const c of s.clusters) operationOf.set(c.id, c.operationId);
  const previousScan = earlierScans.at(-1);
  const seenNow = new Set(tracked.clusters.map((c) => c.operationId));
  const changes: ReportChanges = {
    new: tracked.clusters.filter((c) => c.lineage!.status === 'new').map((c) => ({ operationId: c.operationId!, clusterId: c.id, score: c.score, members: c.members.length })),
    returning: tracked.clusters
      .filter((c) => c.lineage!.status !== 'new')
      .map((c) => ({ operationId: c.operationId!, clusterId: c.id, status: c.lineage!.status, score: c.score, members: c.members.length, lastSeenAt: lastSeenAt.get(c.operationId!) ?? '' })),
    notSeen: (previousScan?.clusters ?? [])
      .filter((c) => !seenNow.has(c.operationId))
      .filter((c, i, all) => all.findIndex((d) => d.operationId === c.operationId) === i)
      .map((c) => ({ operationId: c.operationId, lastClusterId: c.id, lastSeenAt: previousScan!.at, members: c.members.length })),
    confirmedMembers: confirmedOverlap(tracked.clusters, opts.confirmed ?? [], operationOf),
  };
  if (previousScan) changes.previousScan = { key: previousScan.key, at: previousScan.at };
  tracked.changes = changes;

  await history.record({
    key: opts.key,
    at: report.generatedAt,
    ...(opts.from !== undefined && Number.isFinite(opts.from) ? { from: new Date(opts.from).toISOString() } : {}),
    ...(opts.to !== undefined && Number.isFinite(opts.to) ? { to: new Date(opts.to).toISOString() } : {}),
    clusters: tracked.clusters.map((c) => ({
      id: c.id, operationId: c.operationId!, status: c.lineage!.status, score: c.score, members: [...c.members],
      ...(c.firstSeen ? { firstSeen: c.firstSeen } : {}), ...(c.lastSeen ? { lastSeen: c.lastSeen } : {}),
    })),
  });
  return tracked;
}

function confirmedOverlap(clusters: readonly ReportCluster[], confirmed: readonly ConfirmedCluster[], operationOf: Map<string, string>): ReportChanges['confirmedMembers'] {
  const out: ReportChanges['confirmedMembers'] = [];
  for (const c of clusters) {
    const members = new Set(c.members);
    for (const k of confirmed) {
      const shared = k.members.filter((m) => members.has(m));
      if (!shared.length) continue;
      const op = operationOf.get(k.id);
      out.push({ clusterId: c.id, operationId: c.operationId!, confirmedClusterId: k.id, ...(op ? { confirmedOperationId: op } : {}), members: shared.sort() });
    }
  }
  return out;
}
