// Consistent API (issue 14): list items are summaries, a finished scan reads stage "done".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeReport, json, ndjson, postEvents, READ, startTestServer, WRITE, type TestServer } from './helpers.js';

describe('GET /v1/clusters lists summaries; the full cluster is at /v1/clusters/{id}', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    await s.store.saveScan('scan-1', fakeReport(5));
  });
  afterAll(() => s.stop());

  it('items carry id, score, size, members, signals, summary, times, scan and review; no evidence, edges or statistics', async () => {
    const page = await json(await fetch(`${s.url}/v1/clusters`, { headers: READ }));
    expect(page.items).toHaveLength(5);
    for (const item of page.items) {
      expect(Object.keys(item).sort()).toEqual(['firstSeen', 'generatedAt', 'id', 'lastSeen', 'members', 'scanId', 'score', 'signals', 'size', 'summary']);
      expect(item.size).toBe(item.members.length);
      const full = await json(await fetch(`${s.url}/v1/clusters/${item.id}`, { headers: READ }));
      expect(full.evidence.length).toBeGreaterThan(0);
      expect({ ...item, size: undefined }).toEqual({ ...Object.fromEntries(Object.entries(full).filter(([k]) => k in item)), size: undefined });
    }
    // A review shows in the list.
    await fetch(`${s.url}/v1/clusters/${page.items[0].id}/review`, { method: 'PUT', headers: { ...WRITE, 'content-type': 'application/json' }, body: JSON.stringify({ state: 'confirmed' }) });
    const again = await json(await fetch(`${s.url}/v1/clusters`, { headers: READ }));
    expect(again.items.find((c: { id: string }) => c.id === page.items[0].id).review).toMatchObject({ state: 'confirmed', by: 'writer' });
  });
});

describe('a finished scan', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    const t0 = Date.parse('2024-03-01T00:00:00Z');
    await postEvents(s.url, ndjson(Array.from({ length: 30 }, (_, i) => ({ account: `a${i % 6}`, action: 'share', target: `t${i % 4}`, ts: t0 + i * 1000 }))));
  });
  afterAll(() => s.stop());

  it('reads stage "done" when its status is done', async () => {
    const { id } = await json(await fetch(`${s.url}/v1/scans`, { method: 'POST', headers: { ...WRITE, 'content-type': 'application/json' }, body: '{}' }));
    let scan: { status: string; stage?: string } = { status: 'queued' };
    for (const end = Date.now() + 30_000; Date.now() < end && (scan.status === 'queued' || scan.status === 'running'); ) {
      await new Promise((r) => setTimeout(r, 50));
      scan = await json(await fetch(`${s.url}/v1/scans/${id}`, { headers: READ }));
    }
    expect(scan.status).toBe('done');
    expect(scan.stage).toBe('done');
  });
});
