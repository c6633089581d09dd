import type { ClusterPage, ClusterQuery, StoredCluster } from '../types.js';

/** Thrown for a cursor this store did not issue. `code` lets the API map it to a 400 for any store. */
export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor() {
    super('cursor is not valid');
  }
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

interface CursorKey {
  score: number;
  id: string;
}

/** Opaque keyset cursor: the (score, id) of the last item served. Keyset, so pages never skip or repeat. */
export function encodeCursor(k: CursorKey): string {
  return Buffer.from(JSON.stringify([k.score, k.id])).toString('base64url');
}

export function decodeCursor(cursor: string): CursorKey {
  try {
    const v: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && Number.isFinite(v[0]) && typeof v[1] === 'string') {
      return { score: v[0], id: v[1] };
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}

/** Listing order: most suspicious first, ties by id so the order is total. */
export function compareClusters(a: CursorKey, b: CursorKey): number {
  return b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function clusterSpan(c: StoredCluster): [number, number] {
  const first = Date.parse(c.firstSeen ?? c.generatedAt);
  const last = Date.parse(c.lastSeen ?? c.firstSeen ?? c.generatedAt);
  return [first, last];
}

/** Whether a cluster passes a query's filters (everything but paging). */
export function matchesQuery(c: StoredCluster, q: ClusterQuery): boolean {
  if (q.minScore !== undefined && c.score < q.minScore) return false;
  if (q.account !== undefined && !c.members.includes(q.account)) return false;
  if (q.signal !== undefined && !(c.signals && Object.hasOwn(c.signals, q.signal))) return false;
  if (q.review !== undefined) {
    if (q.review === 'unreviewed' ? c.review !== undefined : c.review?.state !== q.review) return false;
  }
  if (q.from !== undefined || q.to !== undefined) {
    const [first, last] = clusterSpan(c);
    if (q.from !== undefined && last < q.from) return false;
    if (q.to !== undefined && first > q.to) return false;
  }
  return true;
}

/** One page of `sorted` (already in compareClusters order) after the query's cursor. */
export function pageClusters(sorted: readonly StoredCluster[], q: ClusterQuery): ClusterPage {
  const limit = Math.min(Math.max(1, q.limit ?? DEFAULT_LIMIT), MAX_LIMIT);
  const after = q.cursor !== undefined ? decodeCursor(q.cursor) : undefined;
  const items: StoredCluster[] = [];
  let i = 0;
  if (after) {
    // Binary search for the first cluster strictly after the cursor key.
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareClusters(sorted[mid], after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    i = lo;
  }
  for (; i < sorted.length; i++) {
    const c = sorted[i];
    if (!matchesQuery(c, q)) continue;
    if (items.length === limit) {
      const last = items[items.length - 1];
      return { items, nextCursor: encodeCursor(last) };
    }
    items.push(c);
  }
  return { items };
}
