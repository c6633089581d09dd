import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import type { ActivityEvent } from '../../src/ingest/types.js';
import type { Report, ReportCluster } from '../../src/report/types.js';
import type { Neo4jStore } from '../../src/store/neo4j/index.js';
import { CONSTRAINT_NAMES, INDEX_NAMES } from '../../src/store/neo4j/index.js';
import { contentEventId } from '../../src/store/event-id.js';
import { lockDatabase, openTestStore, testDriver, wipe } from './helpers.js';

const T0 = Date.parse('2024-03-01T00:00:00Z');

function events(n: number, prefix = 'e'): ActivityEvent[] {
  const out: ActivityEvent[] = [];
  for (let i = 0; i < n; i++) {
    const e: ActivityEvent = { id: `${prefix}${i}`, account: `acct${i % 97}`, action: i % 5 === 0 ? 'post' : 'share', ts: T0 + i * 1000 };
    if (i % 5 !== 0) e.target = `post${i % 311}`;
    else e.text = `text ${i} — 中文 ${i % 3}`;
    if (i % 7 === 0) e.platform = 'x';
    out.push(e);
  }
  return out;
}

async function readAll(store: Neo4jStore, range: { from?: number; to?: number } = {}): Promise<ActivityEvent[]> {
  const out: ActivityEvent[] = [];
  for await (const b of store.readEvents(range)) out.push(...b);
  return out;
}

async function scalar(driver: Driver, q: string): Promise<number> {
  const s = driver.session();
  try {
    return Number((await s.run(q)).records[0].get(0));
  } finally {
    await s.close();
  }
}

let release: () => void;
let driver: Driver;
let store: Neo4jStore;

beforeAll(async () => {
  release = await lockDatabase();
  driver = testDriver();
});
afterAll(async () => {
  await store?.close();
  await driver?.close();
  release?.();
});
beforeEach(async () => {
  await store?.close();
  await wipe(driver);
  store = await openTestStore({ batchSize: 1000 });
});

describe('Neo4j store: schema', () => {
  it('creates each constraint and index once, however often it is opened', async () => {
    const again = await openTestStore();
    await again.close();
    const s = driver.session();
    try {
      const cons = (await s.run('SHOW CONSTRAINTS YIELD name RETURN name')).records.map((r) => r.get('name') as string);
      const idx = (await s.run("SHOW INDEXES YIELD name, state WHERE state = 'ONLINE' RETURN name")).records.map((r) => r.get('name') as string);
      for (const n of CONSTRAINT_NAMES) expect(cons.filter((c) => c === n)).toHaveLength(1);
      for (const n of INDEX_NAMES) expect(idx.filter((c) => c === n)).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('fails with a clear error when the server is unreachable', async () => {
    const { openNeo4jStore } = await import('../../src/store/neo4j/index.js');
    await expect(openNeo4jStore({ uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'x' })).rejects.toThrow(/cannot use Neo4j at bolt:\/\/127\.0\.0\.1:1/);
  });
});

describe('Neo4j store: events', () => {
  it('ingests, then re-ingesting the same events adds nothing', async () => {
    const evs = events(2500);
    expect(await store.appendEvents(evs)).toEqual({ accepted: 2500, duplicates: 0 });
    expect(await store.countEvents()).toBe(2500);
    expect(await store.appendEvents(evs)).toEqual({ accepted: 0, duplicates: 2500 });
    // Half old, half new, plus a repeat inside the call.
    const mixed = [...events(3000).slice(2000), events(1)[0]];
    expect(await store.appendEvents(mixed)).toEqual({ accepted: 500, duplicates: 501 });
    expect(await store.countEvents()).toBe(3000);
    // The graph: one ACTED per event, from its account to its target (or back to the account for a post).
    expect(await scalar(driver, 'MATCH (:Account)-[e:ACTED]->(:Target) RETURN count(e)')).toBe(2400);
    expect(await scalar(driver, 'MATCH (a:Account)-[e:ACTED]->(a) RETURN count(e)')).toBe(600);
    expect(await scalar(driver, 'MATCH (a:Account) RETURN count(a)')).toBe(97);
    expect(await scalar(driver, 'MATCH (t:Target) RETURN count(t)')).toBe(new Set(events(3000).map((e) => e.target).filter(Boolean)).size);
  });

  it('stores any string, including the packing separator and escape characters, and empty ones', async () => {
    const odd = ['\u001f', '\u001a', '\u001a0', '\u001a1', 'a\u001fb\u001ac', '\u001f\u001f', '', ',', '-1', '1e5', 'null'];
    const evs: ActivityEvent[] = odd.map((x, i) => ({ id: `odd${i}${x}`, account: `acct${x}`, action: `act${x}`, target: `t${x}`, ts: T0 + i, text: x, platform: x }));
    evs.push({ id: 'no-text', account: '\u001a', action: 'post', ts: T0 + 100 });
    expect(await store.appendEvents(evs)).toEqual({ accepted: evs.length, duplicates: 0 });
    expect(await readAll(store)).toEqual(evs);
    expect(await store.appendEvents(evs)).toEqual({ accepted: 0, duplicates: evs.length });
    // A batch without separator or escape characters takes the plain path; one text equal to ESC alone is a present value.
    const plain: ActivityEvent[] = [{ id: 'p1', account: 'x', action: 'post', ts: T0 + 200, text: '' }, { id: 'p2', account: 'x', action: 'post', ts: T0 + 201 }];
    await store.appendEvents(plain);
    expect((await readAll(store, { from: T0 + 200 })).map((e) => e.text)).toEqual(['', undefined]);
  });

  it('creates an account or target again when it was deleted after this store first saw it', async () => {
    await store.appendEvents(events(10));
    await scalar(driver, "MATCH (n) WHERE (n:Account AND n.id = 'acct1') OR (n:Target AND n.id = 'post1') DETACH DELETE n RETURN count(*)");
    const again: ActivityEvent = { id: 'again', account: 'acct1', action: 'share', target: 'post1', ts: T0 };
    expect(await store.appendEvents([again])).toEqual({ accepted: 1, duplicates: 0 });
    expect(await scalar(driver, "MATCH (:Account {id: 'acct1'})-[e:ACTED {id: 'again'}]->(:Target {id: 'post1'}) RETURN count(e)")).toBe(1);
  });

  it('gives id-less events a content id, so the same content dedupes', async () => {
    const a: ActivityEvent = { account: 'u1', action: 'share', target: 'p1', ts: T0 };
    const b: ActivityEvent = { account: 'u1', action: 'share', target: 'p1', ts: T0 + 1 };
    expect(await store.appendEvents([a, { ...a }, b])).toEqual({ accepted: 2, duplicates: 1 });
    expect(await store.appendEvents([{ ...b }])).toEqual({ accepted: 0, duplicates: 1 });
    const back = await readAll(store);
    expect(back.map((e) => e.id)).toEqual([contentEventId(a), contentEventId(b)]);
  });

  it('reads back exactly what went in, with inclusive range bounds', async () => {
    const evs = events(2345);
    await store.appendEvents(evs);
    const back = await readAll(store);
    expect(back).toEqual([...evs].sort((x, y) => x.ts - y.ts || (x.id! < y.id! ? -1 : 1)));
    const from = T0 + 100_000;
    const to = T0 + 1_500_000;
    const inRange = await readAll(store, { from, to });
    expect(inRange.map((e) => e.id)).toEqual(evs.filter((e) => e.ts >= from && e.ts <= to).map((e) => e.id));
    expect(inRange[0].ts).toBe(from);
    expect(inRange[inRange.length - 1].ts).toBe(to);
    expect(await readAll(store, { to: T0 })).toHaveLength(1);
    expect(await readAll(store, { from: T0 + 2344 * 1000 })).toHaveLength(1);
    expect(await readAll(store, { from: T0 + 2344 * 1000 + 1 })).toHaveLength(0);
  });

  it('pages through many events sharing one timestamp without skipping or repeating', async () => {
    const same: ActivityEvent[] = [];
    for (let i = 0; i < 2600; i++) same.push({ id: `s${String(i).padStart(5, '0')}`, account: `a${i % 13}`, action: 'like', target: 't', ts: T0 + (i < 2500 ? 0 : 1) });
    await store.appendEvents(same);
    const batches: number[] = [];
    const ids: string[] = [];
    for await (const b of store.readEvents({ from: T0, to: T0 + 1 })) {
      batches.push(b.length);
      ids.push(...b.map((e) => e.id!));
    }
    expect(batches).toEqual([1000, 1000, 600]);
    expect(new Set(ids).size).toBe(2600);
    expect(ids).toEqual(same.map((e) => e.id));
  });

  it('keeps fractional and pre-1970 timestamps', async () => {
    const odd: ActivityEvent[] = [
      { id: 'f', account: 'a', action: 'post', ts: 1.5 },
      { id: 'n', account: 'a', action: 'post', ts: -86_400_000 },
    ];
    await store.appendEvents(odd);
    expect(await readAll(store)).toEqual([odd[1], odd[0]]);
  });
});

function cluster(i: number, over: Partial<ReportCluster> = {}): ReportCluster {
  return {
    id: `c${String(i).padStart(3, '0')}`,
    score: Math.round((0.5 + (i % 10) / 20) * 100) / 100, // many ties, to test paging
    members: [`m${i}`, `m${i + 1}`, `shared`],
    signals: i % 2 ? { 'coaction:share': { weight: 1, pairs: 3, targets: 2 } } : { text: { weight: 0.5, pairs: 1, targets: 1 } },
    evidence: [{ target: `t${i}`, action: 'share', signal: 'coaction:share', members: [{ account: `m${i}`, ts: new Date(T0 + i * 3_600_000).toISOString() }], spreadSeconds: 4 }],
    summary: `cluster ${i}`,
    firstSeen: new Date(T0 + i * 3_600_000).toISOString(),
    lastSeen: new Date(T0 + i * 3_600_000 + 600_000).toISOString(),
    statistics: { observed: 5, expected: 1, zScore: 4, pValue: 0.001 },
    ...over,
  };
}

function report(clusters: ReportCluster[], generatedAt = '2024-03-02T00:00:00.000Z'): Report {
  return {
    generatedAt,
    params: { window: 60 },
    stats: { read: 1, events: 1, rejected: 0, duplicates: 0, accounts: 1, targets: 1, edges: 1, communities: 1, flagged: clusters.length, flaggedAccounts: 1, seconds: {} },
    clusters,
  };
}

describe('Neo4j store: clusters', () => {
  it('saves a scan and reads clusters back whole', async () => {
    const cs = Array.from({ length: 5 }, (_, i) => cluster(i));
    await store.saveScan('scan-1', report(cs));
    const got = await store.getCluster('c003');
    expect(got).toEqual({ ...cs[3], scanId: 'scan-1', generatedAt: '2024-03-02T00:00:00.000Z' });
    expect(await store.getCluster('nope')).toBeUndefined();
    expect(await scalar(driver, "MATCH (:Account {id: 'shared'})-[:MEMBER_OF]->(c:Cluster)-[:FOUND_IN]->(:Scan {id: 'scan-1'}) RETURN count(c)")).toBe(5);
    const mine = await store.accountClusters('m3');
    expect(mine.map((c) => c.id).sort()).toEqual(['c002', 'c003']);
  });

  it('pages through clusters in score order without skipping or repeating', async () => {
    const cs = Array.from({ length: 57 }, (_, i) => cluster(i));
    await store.saveScan('s', report(cs));
    const expected = [...cs].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).map((c) => c.id);
    for (const limit of [1, 7, 10, 57, 100]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.listClusters({ limit, cursor });
        expect(page.items.length).toBeLessThanOrEqual(limit);
        seen.push(...page.items.map((c) => c.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(expected);
    }
    await expect(store.listClusters({ cursor: 'garbage' })).rejects.toThrow(/cursor/);
  });

  it('filters by score, account, signal, time and review', async () => {
    const cs = Array.from({ length: 20 }, (_, i) => cluster(i));
    await store.saveScan('s', report(cs));
    const ids = async (q: Parameters<Neo4jStore['listClusters']>[0]) => (await store.listClusters({ limit: 500, ...q })).items.map((c) => c.id).sort();
    expect(await ids({ minScore: 0.9 })).toEqual(cs.filter((c) => c.score >= 0.9).map((c) => c.id).sort());
    expect(await ids({ account: 'm5' })).toEqual(['c004', 'c005']);
    expect(await ids({ signal: 'text' })).toEqual(cs.filter((_, i) => i % 2 === 0).map((c) => c.id));
    // Overlap of [firstSeen, lastSeen] with [from, to], inclusive.
    expect(await ids({ from: T0 + 3 * 3_600_000 + 600_000, to: T0 + 4 * 3_600_000 })).toEqual(['c003', 'c004']);
    expect(await ids({ review: 'unreviewed' })).toHaveLength(20);
    const reviewed = await store.setReview('c007', { state: 'confirmed', note: 'same operator', by: 'ana', at: '2024-03-03T00:00:00Z' });
    expect(reviewed?.review).toEqual({ state: 'confirmed', note: 'same operator', by: 'ana', at: '2024-03-03T00:00:00Z' });
    await store.setReview('c008', { state: 'dismissed', by: 'ana', at: '2024-03-03T00:00:00Z' });
    expect(await ids({ review: 'confirmed' })).toEqual(['c007']);
    expect(await ids({ review: 'unreviewed' })).toHaveLength(18);
    expect(await ids({ review: 'dismissed', signal: 'text' })).toEqual(['c008']);
    expect(await store.setReview('missing', { state: 'confirmed', by: 'a', at: 'x' })).toBeUndefined();
  });

  it('a later scan of the same cluster replaces its data and keeps its review', async () => {
    await store.saveScan('s1', report([cluster(1), cluster(2)]));
    await store.setReview('c001', { state: 'needs-more-evidence', by: 'bo', at: '2024-03-03T00:00:00Z' });
    await store.saveScan('s2', report([cluster(1, { score: 0.99, summary: 'again' })], '2024-03-05T00:00:00.000Z'));
    const c = await store.getCluster('c001');
    expect(c).toMatchObject({ score: 0.99, summary: 'again', scanId: 's2', generatedAt: '2024-03-05T00:00:00.000Z', review: { state: 'needs-more-evidence', by: 'bo' } });
    expect(await scalar(driver, "MATCH (:Cluster {id: 'c001'})-[f:FOUND_IN]->(:Scan) RETURN count(f)")).toBe(2);
    // Saving the same scan again is idempotent.
    await store.saveScan('s2', report([cluster(1, { score: 0.99, summary: 'again' })], '2024-03-05T00:00:00.000Z'));
    expect(await scalar(driver, 'MATCH (:Account)-[m:MEMBER_OF]->(:Cluster {id: "c001"}) RETURN count(m)')).toBe(3);
    expect(await scalar(driver, 'MATCH (s:Scan) RETURN count(s)')).toBe(2);
  });
});
