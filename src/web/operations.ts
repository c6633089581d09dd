// Operations across scans, as the page shows them (pure: no DOM, tested in test/web).
import type { OperationHistory, OperationSummary } from '../history/operations.js';
import { request } from './api.js';

export type OperationItem = OperationSummary & { reviewed: boolean };
export type OperationDetail = OperationHistory & { reviewed: boolean };

const enc = encodeURIComponent;

export const operationsApi = {
  list: (q: { since?: string; status?: string; reviewed?: 'true' | 'false' } = {}) => {
    const p = new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]).toString();
    return request<{ items: OperationItem[] }>('GET', `/v1/operations${p ? `?${p}` : ''}`);
  },
  get: (id: string) => request<OperationDetail>('GET', `/v1/operations/${enc(id)}`),
};

/** When the latest scan ran: the latest sighting of any operation (undefined with no history). */
export function lastScanAt(ops: readonly OperationItem[]): string | undefined {
  let at: string | undefined;
  for (const o of ops) if (at === undefined || o.lastSeenAt > at) at = o.lastSeenAt;
  return at;
}

/** The operations the latest scan found for the first time ("new since last scan"). */
export function newSinceLastScan(ops: readonly OperationItem[]): OperationItem[] {
  const at = lastScanAt(ops);
  return at === undefined ? [] : ops.filter((o) => o.firstSeenAt === at);
}

/** One row per scan for the history table: size, members in and out, and the size relative to the largest. */
export function historyRows(op: OperationDetail): { scan: string; at: string; size: number; joined: number; left: number; share: number; clusters: string[]; status: string }[] {
  const max = Math.max(1, ...op.steps.map((s) => s.size));
  return op.steps.map((s) => ({
    scan: s.scan, at: s.at, size: s.size, joined: s.joined.length, left: s.left.length, share: s.size / max,
    clusters: s.clusters.map((c) => c.id), status: s.clusters.map((c) => c.status).join(', '),
  }));
}
