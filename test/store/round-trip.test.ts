/** Scanning events directly and after a round trip through Neo4j must find the same clusters. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import { generate, prepare, events as renderEvents } from '../../scripts/generator/index.js';
import { tableFromEvents, eventAt } from '../../src/ingest/table.js';
import type { ActivityEvent } from '../../src/ingest/types.js';
import { scanTable } from '../../src/pipeline.js';
import { readTable, type Neo4jStore } from '../../src/store/neo4j/index.js';
import { lockDatabase, openTestStore, testDriver, wipe } from './helpers.js';

let release: () => void;
let driver: Driver;
let store: Neo4jStore;
let evs: ActivityEvent[];

beforeAll(async () => {
  release = await lockDatabase();
  driver = testDriver();
  await wipe(driver);
  store = await openTestStore();
  const g = generate({ scenario: 'mixed', seed: 11, events: 30_000 });
  evs = [...renderEvents(g.world.store, prepare(g.world.store, 'time', 11))];
  for (let i = 0; i < evs.length; i += 5000) await store.appendEvents(evs.slice(i, i + 5000));
});

afterAll(async () => {
  await store?.close();
  await driver?.close();
  release?.();
});

const byTsId = (a: ActivityEvent, b: ActivityEvent) => a.ts - b.ts || (a.id! < b.id! ? -1 : a.id! > b.id! ? 1 : 0);

it('reads back the same events, field for field', async () => {
  const { table, stats } = await readTable(store, {});
  expect(stats).toEqual({ read: evs.length, events: evs.length, rejected: 0, duplicates: 0 });
  const back = Array.from({ length: table.size }, (_, i) => eventAt(table, i));
  expect(back).toEqual([...evs].sort(byTsId));
});

it('reads a time range into a table with inclusive bounds', async () => {
  const sorted = [...evs].sort(byTsId);
  const from = sorted[1000].ts;
  const to = sorted[9000].ts;
  const { table } = await readTable(store, { from, to });
  expect(table.size).toBe(evs.filter((e) => e.ts >= from && e.ts <= to).length);
});

it('finds the same clusters as a direct scan of the same events', async () => {
  // The store returns events by (ts, id); a direct scan of that order is the comparison.
  const direct = await scanTable(tableFromEvents([...evs].sort(byTsId)), {});
  const { table } = await readTable(store, {});
  const viaNeo4j = await scanTable(table, {});
  expect(direct.clusters.length).toBeGreaterThan(0);
  expect(viaNeo4j.clusters).toEqual(direct.clusters);
  expect({ ...viaNeo4j.stats, seconds: {} }).toEqual({ ...direct.stats, seconds: {} });

  // And the report saved to Neo4j lists back in the same order, whole.
  await store.saveScan('rt', direct);
  const page = await store.listClusters({ limit: 500 });
  expect(page.items.map((c) => c.id)).toEqual([...direct.clusters].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1)).map((c) => c.id));
  const first = direct.clusters[0];
  expect(await store.getCluster(first.id)).toEqual({ ...first, scanId: 'rt', generatedAt: direct.generatedAt });
}, 600_000);
