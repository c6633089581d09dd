import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, READ, startTestServer, type TestServer } from './helpers.js';
import type { Store } from '../../src/store/types.js';

describe('health, headers, logging ids, CORS', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.stop());

  it('healthz and readyz', async () => {
    expect(await json(await fetch(`${s.url}/healthz`))).toEqual({ status: 'ok' });
    expect(await json(await fetch(`${s.url}/readyz`))).toEqual({ status: 'ready' });
  });

  it('security headers on, x-powered-by off, CORS off by default', async () => {
    const res = await fetch(`${s.url}/v1/clusters`, { headers: { ...READ, origin: 'https://evil.example' } });
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('echoes a sane X-Request-Id, replaces an unsafe one', async () => {
    expect((await fetch(`${s.url}/healthz`, { headers: { 'x-request-id': 'abc-123' } })).headers.get('x-request-id')).toBe('abc-123');
    const id = (await fetch(`${s.url}/healthz`, { headers: { 'x-request-id': 'bad id <script>' } })).headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('metrics are Prometheus text and reveal no keys or raw paths', async () => {
    await fetch(`${s.url}/v1/clusters/some-secret-looking-id`, { headers: READ });
    const res = await fetch(`${s.url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/# TYPE lockstep_http_request_duration_seconds histogram/);
    expect(text).toMatch(/route="\/v1\/clusters\/:id",status="404"/);
    expect(text).not.toMatch(/some-secret-looking-id|r-secret-key|w-secret-key|reader|writer/);
  });

  it('unknown routes outside /v1 get a problem 404', async () => {
    const res = await fetch(`${s.url}/no/such/page`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
  });
});

describe('CORS when LOCKSTEP_CORS_ORIGIN is set', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ corsOrigins: ['https://analyst.example'] });
  });
  afterAll(() => s.stop());

  it('allows only the configured origin, and answers preflights without a key', async () => {
    const ok = await fetch(`${s.url}/v1/clusters`, { headers: { ...READ, origin: 'https://analyst.example' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://analyst.example');
    const other = await fetch(`${s.url}/v1/clusters`, { headers: { ...READ, origin: 'https://other.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const pre = await fetch(`${s.url}/v1/clusters/x/review`, { method: 'OPTIONS', headers: { origin: 'https://analyst.example', 'access-control-request-method': 'PUT' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toContain('Authorization');
  });
});

describe('store failures', () => {
  let s: TestServer;
  let broken = false;
  beforeAll(async () => {
    s = await startTestServer();
    // Break the store underneath the running server.
    const store = s.store as Store;
    const realPing = store.ping.bind(store);
    store.ping = async () => (broken ? Promise.reject(new Error('disk gone at /secret/path')) : realPing());
    store.listClusters = async () => {
      throw new Error('boom at /secret/path');
    };
  });
  afterAll(() => s.stop());

  it('readyz is 503 when the store is unreachable', async () => {
    broken = true;
    const res = await fetch(`${s.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.text()).not.toMatch(/secret/);
    broken = false;
  });

  it('an internal error is a 500 problem with no stack or message leaked', async () => {
    const res = await fetch(`${s.url}/v1/clusters`, { headers: READ });
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toMatch(/boom|secret|\.ts:|at /);
    expect(JSON.parse(text)).toMatchObject({ status: 500, title: 'Internal Server Error' });
  });
});
