import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, ndjson, postEvents, READ, startTestServer, WRITE, fakeReport, type TestServer } from './helpers.js';
import type { ScanRunner } from '../../src/api/scan-queue.js';
import { events, generate, prepare } from '../../scripts/generator/index.js';

const postScan = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/v1/scans`, { method: 'POST', headers: { ...WRITE, 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

async function poll(url: string, id: string, until: (s: { status: string }) => boolean, timeoutMs = 60_000): Promise<any> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const s = await json(await fetch(`${url}/v1/scans/${id}`, { headers: READ }));
    if (until(s) || Date.now() > end) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A generated scenario with planted campaigns (the project's seeded generator). */
function scenario(): Record<string, unknown>[] {
  const g = generate({ scenario: 'basic', seed: 3, events: 20_000 });
  return [...events(g.world.store, prepare(g.world.store, 'time', 3))] as unknown as Record<string, unknown>[];
}

describe('scans with the real pipeline', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    const all = scenario();
    for (let i = 0; i < all.length; i += 5000) {
      const res = await postEvents(s.url, ndjson(all.slice(i, i + 5000)));
      expect((await json(res)).accepted).toBe(5000);
    }
  });
  afterAll(() => s.stop());

  it('POST {} → 202 + Location → poll → done with a report; flagged clusters are listed', async () => {
    const res = await postScan(s.url, {});
    expect(res.status).toBe(202);
    const { id, status } = await json(res);
    expect(status).toBe('queued');
    expect(res.headers.get('location')).toBe(`/v1/scans/${id}`);
    const done = await poll(s.url, id, (x) => x.status !== 'queued' && x.status !== 'running');
    expect(done.error).toBeUndefined();
    expect(done.status).toBe('done');
    expect(done.report.stats.events).toBe(20_000);
    expect(done.params).toMatchObject({ threshold: 0.5, window: 60 });
    const clusters = (await json(await fetch(`${s.url}/v1/clusters?limit=500`, { headers: READ }))).items;
    expect(clusters.map((c: { id: string }) => c.id).sort()).toEqual(done.report.clusters.map((c: { id: string }) => c.id).sort());
    expect(clusters.every((c: { scanId: string }) => c.scanId === id)).toBe(true);
    expect(clusters.length).toBeGreaterThan(0); // the planted campaigns are found
  });

  it('a time range and parameters are applied', async () => {
    const { id } = await json(await postScan(s.url, { from: '2024-03-04T00:00:00Z', to: Date.parse('2024-03-04T06:00:00Z'), threshold: 0.99, window: 30 }));
    const done = await poll(s.url, id, (x) => x.status === 'done' || x.status === 'failed');
    expect(done.status).toBe('done');
    expect(done.report.stats.events).toBeLessThan(20_000);
    expect(done.params).toMatchObject({ threshold: 0.99, window: 30 });
    expect(done.from).toBe(Date.parse('2024-03-04T00:00:00Z'));
  });

  it('400 for invalid parameters, naming the field', async () => {
    const cases: [unknown, string][] = [
      [{ threshold: 2 }, 'threshold'],
      [{ window: -1 }, 'window'],
      [{ from: 'yesterday' }, 'from'],
      [{ from: 10, to: 5 }, 'to'],
      [{ windw: 60 }, '(body)'],
      [{ minClusterSize: 2.5 }, 'minClusterSize'],
      [[1, 2], '(body)'],
    ];
    for (const [body, field] of cases) {
      const res = await postScan(s.url, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await json(res)).errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await postScan(s.url, '{"threshold":')).status).toBe(400);
    expect((await fetch(`${s.url}/v1/scans`, { method: 'POST', headers: { ...WRITE, 'content-type': 'text/plain' }, body: '{}' })).status).toBe(415);
  });

  it('404 for an unknown scan', async () => {
    expect((await fetch(`${s.url}/v1/scans/nope`, { headers: READ })).status).toBe(404);
    expect((await fetch(`${s.url}/v1/scans/nope`, { method: 'DELETE', headers: WRITE })).status).toBe(404);
  });
});

describe('scan queue and cancellation', () => {
  let s: TestServer;
  let started = 0;
  // A pipeline that runs until aborted (or released), reporting stages like the real one.
  const release: (() => void)[] = [];
  const runScan: ScanRunner = (_t, _p, opts) =>
    new Promise((resolve, reject) => {
      started++;
      opts.onStage?.('graph');
      opts.signal?.addEventListener('abort', () => reject(opts.signal!.reason));
      release.push(() => resolve(fakeReport(1, { prefix: `q${started}-` })));
    });

  beforeAll(async () => {
    s = await startTestServer({ runScan });
  });
  afterAll(() => s.stop());

  it('runs one at a time; DELETE cancels running and queued scans; the queue moves on', async () => {
    const a = (await json(await postScan(s.url, {}))).id;
    const b = (await json(await postScan(s.url, {}))).id;
    const c = (await json(await postScan(s.url, {}))).id;
    const ra = await poll(s.url, a, (x) => x.status === 'running' && 'stage' in x && (x as { stage?: string }).stage === 'graph');
    expect(ra).toMatchObject({ status: 'running', stage: 'graph' });
    expect((await json(await fetch(`${s.url}/v1/scans/${b}`, { headers: READ }))).status).toBe('queued');
    expect(started).toBe(1);

    // cancel the queued one: it never starts
    const cb = await fetch(`${s.url}/v1/scans/${b}`, { method: 'DELETE', headers: WRITE });
    expect(cb.status).toBe(200);
    expect((await json(cb)).status).toBe('cancelled');

    // cancel the running one: the pipeline sees the abort
    const ca = await fetch(`${s.url}/v1/scans/${a}`, { method: 'DELETE', headers: WRITE });
    expect((await json(ca)).status).toBe('cancelled');
    // DELETE is idempotent for a cancelled scan
    expect((await fetch(`${s.url}/v1/scans/${a}`, { method: 'DELETE', headers: WRITE })).status).toBe(200);

    // c runs next (b was skipped), then finishes when released
    await poll(s.url, c, (x) => x.status === 'running');
    expect(started).toBe(2);
    release[release.length - 1]();
    const dc = await poll(s.url, c, (x) => x.status === 'done');
    expect(dc.status).toBe('done');
    expect(dc.report.clusters[0].id).toBe('q2-0000');
    expect((await fetch(`${s.url}/v1/clusters/q2-0000`, { headers: READ })).status).toBe(200);
    // a cancelled scan saved nothing
    expect((await fetch(`${s.url}/v1/clusters/q1-0000`, { headers: READ })).status).toBe(404);
    // a finished scan cannot be cancelled
    expect((await fetch(`${s.url}/v1/scans/${c}`, { method: 'DELETE', headers: WRITE })).status).toBe(409);

    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/lockstep_scans\{status="cancelled"\} 2/);
    expect(metrics).toMatch(/lockstep_scans\{status="done"\} 1/);
  });

  it('Idempotency-Key on POST /v1/scans returns the same scan', async () => {
    const r1 = await json(await postScan(s.url, { threshold: 0.7 }, { 'idempotency-key': 'scan-once' }));
    const r2res = await postScan(s.url, { threshold: 0.7 }, { 'idempotency-key': 'scan-once' });
    expect(r2res.status).toBe(202);
    expect((await json(r2res)).id).toBe(r1.id);
    await fetch(`${s.url}/v1/scans/${r1.id}`, { method: 'DELETE', headers: WRITE });
  });
});
