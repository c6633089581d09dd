/**
 * The README's example Cypher queries, read from the README itself, run against the real Neo4j on a
 * scanned and saved day: the documented model and queries must stay true.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import { generate, prepare, events as renderEvents } from '../../scripts/generator/index.js';
import { tableFromEvents } from '../../src/ingest/table.js';
import { scanTable } from '../../src/pipeline.js';
import type { Report } from '../../src/report/types.js';
import type { Neo4jStore } from '../../src/store/neo4j/index.js';
import { lockDatabase, openTestStore, testDriver, wipe } from './helpers.js';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const queries = [...readme.matchAll(/```cypher\n([\s\S]*?)```/g)].map((m) => m[1]);

let release: () => void;
let driver: Driver;
let store: Neo4jStore;
let report: Report;

beforeAll(async () => {
  release = await lockDatabase();
  driver = testDriver();
  await wipe(driver);
  store = await openTestStore();
  const g = generate({ scenario: 'basic', seed: 21, events: 30_000 });
  const evs = [...renderEvents(g.world.store, prepare(g.world.store, 'time', 21))];
  for (let i = 0; i < evs.length; i += 5000) await store.appendEvents(evs.slice(i, i + 5000));
  report = await scanTable(tableFromEvents(evs), {});
  await store.saveScan('readme-scan', report);
});

afterAll(async () => {
  await store?.close();
  await driver?.close();
  release?.();
});

async function run(cypher: string, params: Record<string, unknown>) {
  const session = driver.session();
  try {
    return (await session.run(cypher, params)).records.map((r) => r.toObject());
  } finally {
    await session.close();
  }
}

it('the README documents three example queries', () => {
  expect(queries).toHaveLength(3);
  expect(report.clusters.length).toBeGreaterThan(0);
});

it('"all clusters an account was ever in" returns the member\'s cluster', async () => {
  const top = report.clusters[0];
  const rows = await run(queries[0], { account: top.members[0] });
  expect(rows.map((r) => r['c.id'])).toContain(top.id);
  expect(rows.find((r) => r['c.id'] === top.id)!.scans).toEqual(['readme-scan']);
});

it('"what a cluster shared in its bursts" lists targets several members hit together', async () => {
  const top = report.clusters[0];
  const rows = await run(queries[1], { cluster: top.id });
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    expect(r.members).toBeGreaterThanOrEqual(2);
    expect((r.who as string[]).length).toBeGreaterThanOrEqual(r.members as number);
  }
  // The report's top evidence target is among them.
  expect(rows.map((r) => r.target)).toContain(top.evidence[0].target);
});

it('"possible missed members" runs and names only non-members', async () => {
  const top = report.clusters[0];
  const rows = await run(queries[2], { cluster: top.id });
  for (const r of rows) expect(top.members).not.toContain(r.account);
});
