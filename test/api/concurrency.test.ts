import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { event, json, ndjson, postEvents, READ, startTestServer, type TestServer } from './helpers.js';

describe('20 concurrent clients ingesting overlapping batches', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.stop());

  it('loses no event and stores none twice', async () => {
    // Client k sends events [k*250, k*250 + 500): each overlaps its neighbour by half, in 5 batches.
    const clients = Array.from({ length: 20 }, (_, k) => async () => {
      const totals = { accepted: 0, duplicates: 0 };
      for (let b = 0; b < 5; b++) {
        const ids = Array.from({ length: 100 }, (_, i) => k * 250 + b * 100 + i);
        const r = await json(await postEvents(s.url, ndjson(ids.map((i) => event(i)))));
        expect(r.rejected).toBe(0);
        totals.accepted += r.accepted;
        totals.duplicates += r.duplicates;
      }
      return totals;
    });
    const results = await Promise.all(clients.map((c) => c()));
    const distinct = 19 * 250 + 500;
    const accepted = results.reduce((n, r) => n + r.accepted, 0);
    const duplicates = results.reduce((n, r) => n + r.duplicates, 0);
    expect(accepted).toBe(distinct);
    expect(accepted + duplicates).toBe(20 * 500);
    expect(await s.store.countEvents()).toBe(distinct);
    const ids = readFileSync(join(s.dir, 'events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).id);
    expect(ids).toHaveLength(distinct);
    expect(new Set(ids).size).toBe(distinct);
    // and what the API serves agrees
    const tl = await json(await fetch(`${s.url}/v1/accounts/acct0/events?limit=10000`, { headers: READ }));
    expect(tl.items).toHaveLength(Array.from({ length: distinct }, (_, i) => i).filter((i) => i % 17 === 0).length);
  });
});
