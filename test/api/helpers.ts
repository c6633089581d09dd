import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type RunningServer, type ServeOptions } from '../../src/api/server.js';
import { parseApiKeys } from '../../src/api/keys.js';
import { createLogger } from '../../src/api/logger.js';
import { openEmbeddedStore, type EmbeddedStore } from '../../src/store/embedded/index.js';
import type { Report, ReportCluster } from '../../src/report/types.js';

export const KEYS = 'w-secret-key:write:writer,r-secret-key:read:reader';
export const WRITE = { authorization: 'Bearer w-secret-key' };
export const READ = { authorization: 'Bearer r-secret-key' };

export interface TestServer extends RunningServer {
  dir: string;
  store: EmbeddedStore;
  /** Stops the server and deletes its data directory. */
  stop(): Promise<void>;
}

/** A real server on a loopback ephemeral port over a fresh embedded store. */
export async function startTestServer(opts: Partial<ServeOptions> & { dir?: string } = {}): Promise<TestServer> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'lockstep-api-'));
  const store = await openEmbeddedStore(dir);
  const running = await startServer({ keys: parseApiKeys(KEYS), logger: createLogger('silent'), ...opts, store, port: opts.port ?? 0, host: '127.0.0.1' });
  return {
    ...running,
    dir,
    store,
    async stop() {
      await running.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function ndjson(records: unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

export async function postEvents(url: string, body: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${url}/v1/events`, { method: 'POST', headers: { ...WRITE, 'content-type': 'application/x-ndjson', ...headers }, body });
}

export function event(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: `e${i}`, account: `acct${i % 17}`, action: 'share', target: `post${i % 31}`, ts: 1_700_000_000_000 + i * 1000, ...extra };
}

/** A synthetic report with `n` clusters of distinct scores (and some ties), for query tests. */
export function fakeReport(n: number, opts: { prefix?: string; generatedAt?: string } = {}): Report {
  const prefix = opts.prefix ?? 'c';
  const clusters: ReportCluster[] = [];
  for (let i = 0; i < n; i++) {
    const signal = i % 2 ? 'coaction:share' : 'text';
    const first = 1_700_000_000_000 + i * 3_600_000;
    clusters.push({
      id: `${prefix}${String(i).padStart(4, '0')}`,
      score: Math.round((0.5 + (i % 10) / 20) * 1000) / 1000, // ties on purpose: pagination must still be exact
      members: [`m${i}`, `m${i + 1}`, `m${i + 2}`, 'shared-member'],
      signals: { [signal]: { weight: 1, pairs: 3, targets: 2 } },
      evidence: [{ target: `t${i}`, action: 'share', signal, members: [{ account: `m${i}`, ts: new Date(first).toISOString() }], spreadSeconds: 4 }],
      summary: `cluster ${i}`,
      firstSeen: new Date(first).toISOString(),
      lastSeen: new Date(first + 60_000).toISOString(),
    });
  }
  return {
    generatedAt: opts.generatedAt ?? new Date().toISOString(),
    params: { threshold: 0.5 },
    stats: { read: 0, events: 0, rejected: 0, duplicates: 0, accounts: 0, targets: 0, edges: 0, communities: n, flagged: n, flaggedAccounts: 0, seconds: {} },
    clusters,
  };
}

export async function json<T = any>(res: Response): Promise<T> {
  return (await res.json()) as T;
}

// Every /v1 route, with the role it needs. A new route must be added here (the OpenAPI test checks).
export const ROUTES: { method: string; path: string; role: 'read' | 'write'; body?: string; type?: string }[] = [
  { method: 'POST', path: '/v1/events', role: 'write', body: '{"account":"a","action":"post","ts":1}\n', type: 'application/x-ndjson' },
  { method: 'POST', path: '/v1/scans', role: 'write', body: '{}', type: 'application/json' },
  { method: 'GET', path: '/v1/scans/some-id', role: 'read' },
  { method: 'DELETE', path: '/v1/scans/some-id', role: 'write' },
  { method: 'GET', path: '/v1/clusters', role: 'read' },
  { method: 'GET', path: '/v1/clusters/some-id', role: 'read' },
  { method: 'PUT', path: '/v1/clusters/some-id/review', role: 'write', body: '{"state":"confirmed"}', type: 'application/json' },
  { method: 'GET', path: '/v1/accounts/a/clusters', role: 'read' },
  { method: 'GET', path: '/v1/accounts/a/events', role: 'read' },
  { method: 'GET', path: '/v1/clusters/some-id/export?format=gexf', role: 'read' },
  { method: 'GET', path: '/v1/operations', role: 'read' },
  { method: 'GET', path: '/v1/operations/some-id', role: 'read' },
];

