import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { event, json, ndjson, postEvents, READ, startTestServer, WRITE, type TestServer } from './helpers.js';
import { contentEventId } from '../../src/store/event-id.js';

const T = Date.parse('2024-03-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

describe('POST /v1/events', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ bodyLimitBytes: 64 * 1024, maxLineBytes: 1024 });
  });
  afterAll(() => s.stop());

  it('accepts good NDJSON lines, rejects bad ones by line number; received = accepted + duplicates + rejected', async () => {
    const body = [
      JSON.stringify(event(1)),
      '',
      '{not json',
      JSON.stringify({ account: 'a', action: 'share', ts: T }), // share needs a target
      JSON.stringify(event(1)), // duplicate within the batch
      JSON.stringify({ account: 'x', action: 'post', ts: '2024-05-01T10:00:00Z', text: '你好' }),
      '[1,2]',
    ].join('\n');
    const res = await postEvents(s.url, body);
    expect(res.status).toBe(200);
    const r = await json(res);
    expect(r).toMatchObject({ received: 6, accepted: 2, duplicates: 1, rejected: 3 });
    expect(r.rejects.map((x: { line: number }) => x.line)).toEqual([3, 4, 7]);
    expect(r.rejects[1].reason).toMatch(/target/);
    expect(r.received).toBe(r.accepted + r.duplicates + r.rejected);
  });

  it('is idempotent by id, and by content hash for events without id', async () => {
    const body = ndjson([event(100), { account: 'q', action: 'post', ts: T + 5, text: 'same' }]);
    expect(await json(await postEvents(s.url, body))).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await json(await postEvents(s.url, body))).toMatchObject({ accepted: 0, duplicates: 2 });
    const tl = await json(await fetch(`${s.url}/v1/accounts/q/events`, { headers: READ }));
    expect(tl.items).toEqual([{ id: contentEventId({ account: 'q', action: 'post', ts: T + 5, text: 'same' }), account: 'q', action: 'post', ts: iso(T + 5), text: 'same' }]);
  });

  it('rejects times outside 2000-01-01 .. tomorrow per record (epoch seconds read as ms are 1970), keeping the good ones', async () => {
    const body = ndjson([
      { account: 'p', action: 'post', ts: 1_709_251_200 }, // Unix seconds: the contract says ms, so 1970-01-20
      { account: 'p', action: 'post', ts: '2099-01-01T00:00:00Z' },
      { account: 'p', action: 'post', ts: T },
    ]);
    const r = await json(await postEvents(s.url, body));
    expect(r).toMatchObject({ received: 3, accepted: 1, rejected: 2 });
    expect(r.rejects.map((x: { line: number }) => x.line)).toEqual([1, 2]);
    expect(r.rejects[0].reason).toMatch(/outside the plausible range 2000-01-01 to \d{4}-\d\d-\d\d .*LOCKSTEP_ALLOW_ANY_TIME=1.*got 1709251200 read as epoch milliseconds = 1970-01-20/);
    expect(r.rejects[1].reason).toMatch(/outside the plausible range.*got "2099-01-01T00:00:00Z"/);
  });

  it('accepts a JSON array (positions as line numbers) and a single object', async () => {
    const res = await fetch(`${s.url}/v1/events`, { method: 'POST', headers: { ...WRITE, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify([event(200), { nope: 1 }, event(201)]) });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ received: 3, accepted: 2, rejected: 1, rejects: [{ line: 2 }] });
    const one = await fetch(`${s.url}/v1/events`, { method: 'POST', headers: { ...WRITE, 'content-type': 'application/json' }, body: JSON.stringify(event(202)) });
    expect(await json(one)).toMatchObject({ accepted: 1 });
  });

  it('accepts gzip-encoded bodies', async () => {
    const res = await fetch(`${s.url}/v1/events`, { method: 'POST', headers: { ...WRITE, 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, body: gzipSync(ndjson([event(300)])) });
    expect(await json(res)).toMatchObject({ accepted: 1 });
  });

  it.each([
    ['an empty body', '', 'application/x-ndjson'],
    ['only blank lines', '\n\n  \n', 'application/x-ndjson'],
    ['no parseable line', 'a\nb\n', 'application/x-ndjson'],
    ['malformed JSON', '[{"account":', 'application/json'],
    ['a JSON scalar', '42', 'application/json'],
    ['an empty array', '[]', 'application/json'],
  ])('400 problem when nothing can be read: %s', async (_name, body, type) => {
    const res = await fetch(`${s.url}/v1/events`, { method: 'POST', headers: { ...WRITE, 'content-type': type }, body });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const p = await json(res);
    expect(p).toMatchObject({ status: 400, title: 'Bad Request', instance: '/v1/events' });
    expect(JSON.stringify(p)).not.toMatch(/at .*\.(js|ts):\d+/); // never a stack trace
  });

  it('415 for other content types and charsets', async () => {
    for (const type of ['text/plain', 'application/xml', 'application/x-ndjson; charset=utf-16']) {
      const res = await fetch(`${s.url}/v1/events`, { method: 'POST', headers: { ...WRITE, 'content-type': type }, body: ndjson([event(1)]) });
      expect(res.status, type).toBe(415);
    }
  });

  it('413 above the body limit, naming the limit, LOCKSTEP_BODY_LIMIT and lockstep push', async () => {
    const big = ndjson(Array.from({ length: 1000 }, (_, i) => event(10_000 + i)));
    expect(big.length).toBeGreaterThan(64 * 1024);
    const res = await postEvents(s.url, big);
    expect(res.status).toBe(413);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const p = await json(res);
    expect(p).toMatchObject({ status: 413, type: 'urn:lockstep:problem:payload-too-large' });
    expect(p.detail).toContain(`${64 * 1024} bytes (64 KiB)`);
    expect(p.detail).toContain('LOCKSTEP_BODY_LIMIT');
    expect(p.detail).toContain('lockstep push');
    // gzip does not lift it: the limit is on the decompressed body.
    const gz = await fetch(`${s.url}/v1/events`, { method: 'POST', headers: { ...WRITE, 'content-type': 'application/x-ndjson', 'content-encoding': 'gzip' }, body: gzipSync(big) });
    expect(gz.status).toBe(413);
  });

  it('rejects an over-long NDJSON line on its own, keeping the others', async () => {
    const body = ndjson([event(400), { ...event(401), text: 'x'.repeat(2000) }, event(402)]);
    const r = await json(await postEvents(s.url, body));
    expect(r).toMatchObject({ accepted: 2, rejected: 1, rejects: [{ line: 2, reason: expect.stringMatching(/longer than 1024/) }] });
  });

  it('Idempotency-Key replays the first answer; reuse with a different body is 422', async () => {
    const body = ndjson([event(500), event(501)]);
    const first = await postEvents(s.url, body, { 'idempotency-key': 'batch-500' });
    const a = await json(first);
    expect(a).toMatchObject({ accepted: 2, duplicates: 0 });
    const again = await postEvents(s.url, body, { 'idempotency-key': 'batch-500' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await json(again)).toEqual(a); // not "2 duplicates": the same answer as the first time
    expect((await postEvents(s.url, ndjson([event(502)]), { 'idempotency-key': 'batch-500' })).status).toBe(422);
    expect((await postEvents(s.url, body, { 'idempotency-key': 'bad key with spaces' })).status).toBe(400);
  });

  it('counts ingested events in /metrics', async () => {
    const text = await (await fetch(`${s.url}/metrics`)).text();
    expect(Number(/lockstep_events_ingested_total (\d+)/.exec(text)?.[1])).toBeGreaterThan(5);
    expect(text).toMatch(/lockstep_http_requests_total\{method="POST",route="\/v1\/events",status="200"\} \d+/);
    expect(text).not.toMatch(/secret/);
  });
});

describe('GET /v1/accounts/{id}/events', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    await postEvents(s.url, ndjson(Array.from({ length: 50 }, (_, i) => ({ id: `t${i}`, account: i % 2 ? 'odd' : 'even', action: 'post', ts: T + 1000 + (49 - i) * 10 }))));
  });
  afterAll(() => s.stop());

  it('returns the latest `limit` events, oldest first, with ISO 8601 times', async () => {
    const r = await json(await fetch(`${s.url}/v1/accounts/odd/events?limit=5`, { headers: READ }));
    expect(r.account).toBe('odd');
    const ts = r.items.map((e: { ts: string }) => e.ts);
    expect(ts.every((t: unknown) => typeof t === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(t))).toBe(true);
    const ms = ts.map((t: string) => Date.parse(t));
    expect(ms).toEqual([...ms].sort((a, b) => a - b));
    expect(ms).toHaveLength(5);
    expect(Math.max(...ms)).toBe(T + 1480); // i=1 is the latest odd event
  });
  it('filters by time range', async () => {
    const r = await json(await fetch(`${s.url}/v1/accounts/even/events?from=${T + 1000}&to=${iso(T + 1100)}`, { headers: READ }));
    expect(r.items.every((e: { ts: string }) => Date.parse(e.ts) >= T + 1000 && Date.parse(e.ts) <= T + 1100)).toBe(true);
    expect(r.items.length).toBe(5); // even i in 40..48
  });
  it('is empty for an unknown account and 400 for a bad limit or time', async () => {
    expect((await json(await fetch(`${s.url}/v1/accounts/nobody/events`, { headers: READ }))).items).toEqual([]);
    for (const q of ['limit=0', 'limit=x', 'limit=1&limit=2', 'from=yesterday', 'extra=1']) {
      const res = await fetch(`${s.url}/v1/accounts/odd/events?${q}`, { headers: READ });
      expect(res.status, q).toBe(400);
      expect((await json(res)).errors[0].field).toBeTruthy();
    }
  });
});
