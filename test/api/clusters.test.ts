import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeReport, json, READ, startTestServer, WRITE, type TestServer } from './helpers.js';

const N = 137;

describe('clusters', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
    await s.store.saveScan('scan-a', fakeReport(N));
  });
  afterAll(() => s.stop());

  const get = (path: string) => fetch(s.url + path, { headers: READ });

  async function walk(query: string): Promise<{ ids: string[]; pages: number }> {
    const ids: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const r = await json(await get(`/v1/clusters?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      ids.push(...r.items.map((c: { id: string }) => c.id));
      cursor = r.nextCursor;
      pages++;
    } while (cursor && pages < 1000);
    return { ids, pages };
  }

  it('paginates without skipping or repeating, most suspicious first', async () => {
    for (const limit of [1, 7, 50, 500]) {
      const { ids, pages } = await walk(`limit=${limit}`);
      expect(ids).toHaveLength(N);
      expect(new Set(ids).size).toBe(N);
      expect(pages).toBe(Math.ceil(N / limit)); // the last page has no nextCursor
    }
    const all = await json(await get('/v1/clusters?limit=500'));
    const scores = all.items.map((c: { score: number }) => c.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(all.nextCursor).toBeUndefined();
  });

  it('pagination stays exact with filters, and while new clusters arrive', async () => {
    const expected = (await json(await get('/v1/clusters?limit=500&signal=text'))).items.map((c: { id: string }) => c.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    let page = 0;
    do {
      const r = await json(await get(`/v1/clusters?limit=10&signal=text${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      seen.push(...r.items.map((c: { id: string }) => c.id));
      cursor = r.nextCursor;
      if (++page === 2) await s.store.saveScan('scan-b', fakeReport(5, { prefix: 'late' })); // new clusters mid-walk
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(expected.every((id: string) => seen.includes(id))).toBe(true);
  });

  it('filters by minScore, account, signal and time range', async () => {
    const hi = await json(await get('/v1/clusters?minScore=0.9&limit=500'));
    expect(hi.items.length).toBeGreaterThan(0);
    expect(hi.items.every((c: { score: number }) => c.score >= 0.9)).toBe(true);
    const acct = await json(await get('/v1/clusters?account=m10&limit=500'));
    expect(acct.items.map((c: { id: string }) => c.id).sort()).toEqual(['c0008', 'c0009', 'c0010']);
    const sig = await json(await get('/v1/clusters?signal=coaction:share&limit=500'));
    expect(sig.items.every((c: { signals: object }) => 'coaction:share' in c.signals)).toBe(true);
    const from = new Date(1_700_000_000_000 + 10 * 3_600_000).toISOString();
    const to = 1_700_000_000_000 + 12 * 3_600_000;
    const range = await json(await get(`/v1/clusters?from=${from}&to=${to}&limit=500`));
    expect(range.items.map((c: { id: string }) => c.id).sort()).toEqual(['c0010', 'c0011', 'c0012']);
  });

  it('400 names the bad field for invalid parameters and cursors', async () => {
    const cases: [string, string][] = [
      ['minScore=2', 'minScore'],
      ['minScore=abc', 'minScore'],
      ['limit=0', 'limit'],
      ['limit=501', 'limit'],
      ['limit=2.5', 'limit'],
      ['review=maybe', 'review'],
      ['from=not-a-date', 'from'],
      ['cursor=garbage', 'cursor'],
      [`cursor=${Buffer.from('[1]').toString('base64url')}`, 'cursor'],
      ['bogus=1', '(query)'],
      ['account=a&account=b', 'account'],
    ];
    for (const [q, field] of cases) {
      const res = await get(`/v1/clusters?${q}`);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      const p = await json(res);
      expect(p.errors.map((e: { field: string }) => e.field), q).toContain(field);
    }
  });

  it('GET /v1/clusters/{id}: the full cluster, 404 for an unknown id, 400 for bad encoding', async () => {
    const c = await json(await get('/v1/clusters/c0003'));
    expect(c).toMatchObject({ id: 'c0003', scanId: 'scan-a', members: ['m3', 'm4', 'm5', 'shared-member'], summary: 'cluster 3' });
    expect(c.evidence).toHaveLength(1);
    const missing = await get('/v1/clusters/nope');
    expect(missing.status).toBe(404);
    expect((await json(missing)).detail).toMatch(/nope/);
    expect((await get('/v1/clusters/%E0%A4%A')).status).toBe(400);
    expect((await get(`/v1/clusters/${'x'.repeat(300)}`)).status).toBe(400);
  });

  it('GET /v1/accounts/{id}/clusters', async () => {
    const r = await json(await get('/v1/accounts/m50/clusters'));
    expect(r.account).toBe('m50');
    expect(r.items.map((c: { id: string }) => c.id).sort()).toEqual(['c0048', 'c0049', 'c0050']);
    expect((await json(await get('/v1/accounts/shared-member/clusters'))).items.length).toBeGreaterThanOrEqual(N);
    expect((await json(await get('/v1/accounts/nobody/clusters'))).items).toEqual([]);
  });

  describe('PUT /v1/clusters/{id}/review', () => {
    const put = (id: string, body: unknown, headers: Record<string, string> = WRITE, type = 'application/json') =>
      fetch(`${s.url}/v1/clusters/${id}/review`, { method: 'PUT', headers: { ...headers, 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });

    it('stores state, note, the key name and a time; filterable by review', async () => {
      const res = await put('c0020', { state: 'confirmed', note: 'same wording, 4 s apart' });
      expect(res.status).toBe(200);
      const c = await json(res);
      expect(c.review).toMatchObject({ state: 'confirmed', note: 'same wording, 4 s apart', by: 'writer' });
      expect(Date.parse(c.review.at)).toBeGreaterThan(Date.now() - 60_000);
      await put('c0021', { state: 'needs-more-evidence' });
      expect((await json(await get('/v1/clusters/c0020'))).review.state).toBe('confirmed');
      const confirmed = await json(await get('/v1/clusters?review=confirmed&limit=500'));
      expect(confirmed.items.map((x: { id: string }) => x.id)).toEqual(['c0020']);
      const nme = await json(await get('/v1/clusters?review=needs-more-evidence'));
      expect(nme.items.map((x: { id: string }) => x.id)).toEqual(['c0021']);
      const unreviewed = await json(await get('/v1/clusters?review=unreviewed&limit=500'));
      expect(unreviewed.items.some((x: { id: string }) => x.id === 'c0020' || x.id === 'c0021')).toBe(false);
      // re-review overwrites
      await put('c0020', { state: 'dismissed' });
      expect((await json(await get('/v1/clusters/c0020'))).review.state).toBe('dismissed');
    });

    it('validates the body and the cluster', async () => {
      const bad = await put('c0020', { state: 'guilty' });
      expect(bad.status).toBe(400);
      expect((await json(bad)).errors[0].field).toBe('state');
      expect((await put('c0020', { state: 'confirmed', extra: 1 })).status).toBe(400);
      expect((await put('c0020', { state: 'confirmed', note: 'x'.repeat(5000) })).status).toBe(400);
      expect((await put('c0020', '{"state":')).status).toBe(400);
      expect((await put('c0020', 'state=confirmed', WRITE, 'application/x-www-form-urlencoded')).status).toBe(415);
      expect((await fetch(`${s.url}/v1/clusters/c0020/review`, { method: 'PUT', headers: WRITE })).status).toBe(400);
      expect((await put('c0020', JSON.stringify({ state: 'confirmed', note: 'y'.repeat(70_000) }))).status).toBe(413);
      expect((await put('nope', { state: 'confirmed' })).status).toBe(404);
    });
  });
});
