import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { request } from 'node:http';
import { event, fakeReport, READ, startTestServer, WRITE, type TestServer } from './helpers.js';

/** Raw HTTP so the fuzzer can send bytes fetch would refuse (odd paths, bad encodings, broken headers). */
function raw(url: string, method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    // A fresh connection per request: a reused keep-alive socket the server closed would look like a server fault.
    const req = request({ host: u.hostname, port: u.port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    if (body !== undefined) req.end(body);
    else req.end();
  });
}

const jsonish = fc.oneof(
  fc.constant(JSON.stringify(event(1))),
  fc.json(),
  fc.string(),
  fc.record({ account: fc.string(), action: fc.string(), target: fc.option(fc.string(), { nil: undefined }), ts: fc.oneof(fc.integer(), fc.string(), fc.double()), id: fc.option(fc.string(), { nil: undefined }) }).map((o) => JSON.stringify(o)),
);
const bodies = fc.oneof(
  fc.array(jsonish, { maxLength: 20 }).map((lines) => lines.join('\n')),
  fc.array(jsonish, { maxLength: 20 }).map((lines) => `[${lines.join(',')}]`),
  fc.uint8Array({ maxLength: 500 }).map((b) => Buffer.from(b)),
);
const contentTypes = fc.constantFrom('application/x-ndjson', 'application/json', 'application/json; charset=latin1', 'text/plain', '', 'application/x-ndjson; charset=utf-8', 'multipart/form-data; boundary=x');
const auths = fc.constantFrom(WRITE.authorization, READ.authorization, '', 'Bearer', 'Bearer x', 'Basic Zm9vOmJhcg==');
const segment = fc.oneof(fc.string({ maxLength: 20 }).map(encodeURIComponent), fc.constantFrom('%', '%E0%A4%A', '%00', '..', '%2F', 'c0001', '%ZZ', 'a%20b'));
const queryValue = fc.oneof(fc.string({ maxLength: 30 }).map(encodeURIComponent), fc.constantFrom('%', '-1', '1e309', 'NaN', '0.5', '2024-01-01T00:00:00Z', '[]', ''));
const queryKey = fc.constantFrom('limit', 'cursor', 'minScore', 'account', 'from', 'to', 'signal', 'review', 'x', 'limit[]', '__proto__', 'constructor');
const query = fc.array(fc.tuple(queryKey, queryValue), { maxLength: 5 }).map((kv) => (kv.length ? '?' + kv.map(([k, v]) => `${k}=${v}`).join('&') : ''));

describe('fuzz: random and malformed requests never produce a 5xx', () => {
  let s: TestServer;
  // What the fuzzed ingests said they stored; the store must hold no more than that afterwards.
  let acceptedTotal = 0;
  beforeAll(async () => {
    s = await startTestServer({ bodyLimitBytes: 4096, maxLineBytes: 256 });
    await s.store.saveScan('seed', fakeReport(5));
  });
  afterAll(() => s.stop());

  it('ingest', async () => {
    await fc.assert(
      fc.asyncProperty(bodies, contentTypes, auths, fc.option(fc.stringMatching(/^[\x20-\x7e]{0,40}$/), { nil: undefined }), async (body, type, auth, idem) => {
        const headers: Record<string, string> = {};
        if (type) headers['content-type'] = type;
        if (auth) headers.authorization = auth;
        if (idem !== undefined) headers['idempotency-key'] = idem;
        const { status, body: text } = await raw(s.url, 'POST', '/v1/events', headers, body);
        expect(status).toBeLessThan(500);
        expect(status).toBeGreaterThanOrEqual(200);
        if (status === 200) acceptedTotal += (JSON.parse(text) as { accepted: number }).accepted;
      }),
      { numRuns: 300 },
    );
  });

  it('queries, paths and methods', async () => {
    const paths = fc.oneof(
      query.map((q) => `/v1/clusters${q}`),
      fc.tuple(segment, fc.constantFrom('', '/review')).map(([id, tail]) => `/v1/clusters/${id}${tail}`),
      fc.tuple(segment, fc.constantFrom('clusters', 'events'), query).map(([id, what, q]) => `/v1/accounts/${id}/${what}${q}`),
      fc.tuple(segment).map(([id]) => `/v1/scans/${id}`),
      fc.constantFrom('/v1/scans', '/v1/events', '/healthz', '/metrics', '/openapi.json', '/readyz', '/', '/%', '/v1/%'),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), paths, auths, fc.option(fc.json(), { nil: undefined }), contentTypes, async (method, path, auth, body, type) => {
        const headers: Record<string, string> = {};
        if (auth) headers.authorization = auth;
        if (type) headers['content-type'] = type;
        const { status } = await raw(s.url, method, path, headers, body);
        expect(status, `${method} ${path}`).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );
  });

  it('the server is alive and consistent afterwards', async () => {
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    const list = await fetch(`${s.url}/v1/clusters`, { headers: READ });
    expect(list.status).toBe(200);
    // Random bodies may or may not contain a valid event (fast-check seeds differ per run), so the
    // check is relative: nothing stored beyond what was acknowledged, and a valid event still lands.
    const before = await s.store.countEvents();
    expect(before).toBeLessThanOrEqual(acceptedTotal);
    const post = await fetch(`${s.url}/v1/events`, { method: 'POST', headers: { ...WRITE, 'content-type': 'application/x-ndjson' }, body: JSON.stringify(event(987_654, { id: 'after-fuzz' })) });
    expect(post.status).toBe(200);
    expect(await s.store.countEvents()).toBe(before + 1);
  });
});
