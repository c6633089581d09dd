// Browser client for the Lockstep API. The key lives only in sessionStorage and the
// Authorization header — never in a URL, so it stays out of history and server logs.
import type { ActivityEvent } from '../ingest/types.js';
import type { ClusterPage, ReviewState, StoredCluster } from '../store/types.js';

const KEY_STORAGE = 'lockstep.apiKey';

export function getKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}
export function setKey(key: string): void {
  sessionStorage.setItem(KEY_STORAGE, key);
}
export function clearKey(): void {
  sessionStorage.removeItem(KEY_STORAGE);
}

/** An RFC 9457 problem (or a network failure, status 0). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly title: string, readonly detail?: string) {
    super(detail ? `${title}: ${detail}` : title);
  }
}

export interface ClusterFilters {
  minScore?: number;
  signal?: string;
  account?: string;
  /** ISO-8601. */
  from?: string;
  to?: string;
  review?: ReviewState | 'unreviewed';
  cursor?: string;
  limit?: number;
}

/** The query string for GET /v1/clusters; empty values are left out. */
export function clusterQuery(f: ClusterFilters): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) {
    if (v === undefined || v === null || v === '' || (typeof v === 'number' && Number.isNaN(v))) continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** Events as returned by GET /v1/accounts/{id}/events (ts may come back as ISO or epoch ms). */
export type AccountEvent = Omit<ActivityEvent, 'ts'> & { ts: string | number };

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const key = getKey();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (err) {
    throw new ApiError(0, 'Cannot reach the Lockstep API', err instanceof Error ? err.message : String(err));
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!res.ok) {
    const p = (data ?? {}) as { title?: string; detail?: string };
    throw new ApiError(res.status, p.title ?? `${res.status} ${res.statusText}`, p.detail);
  }
  return data as T;
}

const enc = encodeURIComponent;

export const api = {
  listClusters: (f: ClusterFilters) => request<ClusterPage>('GET', `/v1/clusters${clusterQuery(f)}`),
  getCluster: (id: string) => request<StoredCluster>('GET', `/v1/clusters/${enc(id)}`),
  review: (id: string, state: ReviewState, note?: string) =>
    request<StoredCluster>('PUT', `/v1/clusters/${enc(id)}/review`, { state, ...(note ? { note } : {}) }),
  accountClusters: async (id: string): Promise<StoredCluster[]> => {
    const r = await request<StoredCluster[] | { items: StoredCluster[] }>('GET', `/v1/accounts/${enc(id)}/clusters`);
    return Array.isArray(r) ? r : r.items;
  },
  accountEvents: async (id: string, limit = 1000): Promise<AccountEvent[]> => {
    const r = await request<AccountEvent[] | { items: AccountEvent[] }>('GET', `/v1/accounts/${enc(id)}/events?limit=${limit}`);
    return Array.isArray(r) ? r : r.items;
  },
};
