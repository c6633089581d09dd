import { afterEach, describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEmbeddedStore } from '../../src/store/embedded/index.js';
import { event, fakeReport } from './helpers.js';
import type { ActivityEvent } from '../../src/ingest/types.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'lockstep-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function all(it: AsyncIterable<ActivityEvent[]>): Promise<ActivityEvent[]> {
  const out: ActivityEvent[] = [];
  for await (const b of it) out.push(...b);
  return out;
}

describe('embedded store', () => {
  it('survives a restart: events, clusters and reviews', async () => {
    const dir = tmp();
    const a = await openEmbeddedStore(dir);
    await a.appendEvents([event(1) as unknown as ActivityEvent, event(2) as unknown as ActivityEvent]);
    await a.saveScan('scan-1', fakeReport(3));
    await a.setReview('c0001', { state: 'confirmed', by: 'tester', at: '2024-01-01T00:00:00.000Z', note: 'ok' });
    await a.close();

    const b = await openEmbeddedStore(dir);
    expect(await b.countEvents()).toBe(2);
    expect((await b.getCluster('c0001'))?.review).toEqual({ state: 'confirmed', by: 'tester', at: '2024-01-01T00:00:00.000Z', note: 'ok' });
    expect((await b.listClusters({})).items).toHaveLength(3);
    expect((await b.getScan('scan-1'))?.clusters).toHaveLength(3);
    expect((await b.appendEvents([event(1) as unknown as ActivityEvent])).duplicates).toBe(1);
    await b.close();
  });

  it('tolerates a torn last line after a crash and appends cleanly after it', async () => {
    const dir = tmp();
    const a = await openEmbeddedStore(dir);
    await a.appendEvents([event(1) as unknown as ActivityEvent]);
    await a.close();
    appendFileSync(join(dir, 'events.ndjson'), '{"id":"e2","account":"a","act'); // crash mid-write

    const b = await openEmbeddedStore(dir);
    expect(b.recovery.truncatedBytes).toBeGreaterThan(0);
    expect(await b.countEvents()).toBe(1);
    await b.appendEvents([event(3) as unknown as ActivityEvent]);
    await b.close();
    const lines = readFileSync(join(dir, 'events.ndjson'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(['e1', 'e3']);
  });

  it('serialises concurrent appends: overlapping batches store each event once', async () => {
    const dir = tmp();
    const s = await openEmbeddedStore(dir);
    const batches = Array.from({ length: 20 }, (_, k) => Array.from({ length: 100 }, (_, i) => event(k * 50 + i) as unknown as ActivityEvent));
    const results = await Promise.all(batches.map((b) => s.appendEvents(b)));
    const accepted = results.reduce((n, r) => n + r.accepted, 0);
    expect(accepted).toBe(19 * 50 + 100);
    expect(await s.countEvents()).toBe(accepted);
    await s.close();
    const ids = readFileSync(join(dir, 'events.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('reads events by time range', async () => {
    const s = await openEmbeddedStore(tmp());
    await s.appendEvents(Array.from({ length: 30 }, (_, i) => ({ id: `r${i}`, account: 'a', action: 'post', ts: i })));
    expect((await all(s.readEvents({ from: 10, to: 19 }))).map((e) => e.ts).sort((x, y) => x - y)).toEqual(Array.from({ length: 10 }, (_, i) => 10 + i));
    expect(await all(s.readEvents({}))).toHaveLength(30);
    await s.close();
  });

  it('a later scan replaces a cluster with the same id but keeps its review', async () => {
    const s = await openEmbeddedStore(tmp());
    await s.saveScan('s1', fakeReport(2));
    await s.setReview('c0000', { state: 'dismissed', by: 'x', at: '2024-01-01T00:00:00Z' });
    await s.saveScan('s2', fakeReport(2));
    const c = await s.getCluster('c0000');
    expect(c?.scanId).toBe('s2');
    expect(c?.review?.state).toBe('dismissed');
    expect(await s.setReview('missing', { state: 'confirmed', by: 'x', at: 'now' })).toBeUndefined();
    await s.close();
  });
});
