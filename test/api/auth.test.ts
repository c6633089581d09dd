import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ, ROUTES, startTestServer, WRITE, type TestServer } from './helpers.js';
import { findKey, parseApiKeys } from '../../src/api/keys.js';

describe('auth', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.stop());

  const call = (r: (typeof ROUTES)[number], headers: Record<string, string>) =>
    fetch(s.url + r.path, { method: r.method, headers: { ...(r.type ? { 'content-type': r.type } : {}), ...headers }, body: r.body });

  describe.each(ROUTES)('$method $path', (r) => {
    it('401 without a key, with WWW-Authenticate and a problem body', async () => {
      const res = await call(r, {});
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await res.json()).status).toBe(401);
    });
    it('401 with an unknown key, a wrong scheme, or a key prefix', async () => {
      for (const authorization of ['Bearer nope', 'Basic dy1zZWNyZXQta2V5', 'Bearer w-secret', 'Bearer w-secret-key extra', 'Bearer ']) {
        expect((await call(r, { authorization })).status, authorization).toBe(401);
      }
    });
    it(r.role === 'write' ? '403 for a read key' : 'allowed for a read key', async () => {
      const res = await call(r, READ);
      if (r.role === 'write') {
        expect(res.status).toBe(403);
        expect((await res.json()).title).toBe('Forbidden');
      } else expect([200, 404]).toContain(res.status);
    });
    it('allowed for a write key', async () => {
      const res = await call(r, WRITE);
      expect([200, 202, 404, 409]).toContain(res.status);
    });
  });

  it('accepts the scheme case-insensitively', async () => {
    expect((await fetch(`${s.url}/v1/clusters`, { headers: { authorization: 'bearer r-secret-key' } })).status).toBe(200);
  });

  it('unknown /v1 paths are 401 before 404 (no route discovery without a key)', async () => {
    expect((await fetch(`${s.url}/v1/nope`)).status).toBe(401);
    expect((await fetch(`${s.url}/v1/nope`, { headers: READ })).status).toBe(404);
  });

  it('health, readiness, metrics and the OpenAPI document are open', async () => {
    for (const p of ['/healthz', '/readyz', '/metrics', '/openapi.json']) expect((await fetch(s.url + p)).status, p).toBe(200);
  });
});

describe('LOCKSTEP_API_KEYS parsing', () => {
  it('reads key:role and key:role:name, derives a name that does not reveal the key', () => {
    const keys = parseApiKeys(' k1:read , k2:write:ci-bot ,');
    expect(keys.map((k) => [k.name, k.role])).toEqual([[expect.stringMatching(/^key-[0-9a-f]{8}$/), 'read'], ['ci-bot', 'write']]);
    expect(keys[0].name).not.toContain('k1');
    expect(findKey(keys, 'k2')?.name).toBe('ci-bot');
    expect(findKey(keys, 'k3')).toBeUndefined();
  });
  it('rejects bad roles and malformed entries', () => {
    expect(() => parseApiKeys('k1:admin')).toThrow(/role/);
    expect(() => parseApiKeys('k1')).toThrow(/role/);
    expect(() => parseApiKeys(':read')).toThrow();
    expect(() => parseApiKeys('a:read:n:x')).toThrow();
  });
});

describe('rate limiting', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ rateLimitPerMinute: 3 });
  });
  afterAll(() => s.stop());

  it('429 with Retry-After once a key exceeds its budget; other keys unaffected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${s.url}/v1/clusters`, { headers: READ })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await fetch(`${s.url}/v1/clusters`, { headers: READ });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await fetch(`${s.url}/v1/clusters`, { headers: WRITE })).status).toBe(200);
  });
});
