/**
 * `lockstep ingest` (the real CLI, into the run's Neo4j) judges the input as `scan` does: numeric
 * times in any unit, implausible times rejected, a mostly-rejected input exits 3 or 4, after the
 * good records are stored (nothing accepted is lost).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Driver } from 'neo4j-driver';
import { ensureBuilt, lockstep } from '../support/cli.js';
import { connection, lockDatabase, testDriver, wipe } from './helpers.js';

let dir: string;
let driver: Driver;
let release: () => void;

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'lockstep-ingest-refusal-'));
  release = await lockDatabase();
  driver = testDriver();
  await wipe(driver);
});

afterAll(async () => {
  await driver?.close();
  release?.();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('a file mostly of 1970 times: the good events stored, exit 3 with the refusal on stderr', async () => {
  const t0 = Date.parse('2024-03-01T00:00:00Z') / 1000;
  const good = Array.from({ length: 10 }, (_, i) => ({ id: `g${i}`, account: `a${i}`, action: 'share', target: 't', ts: t0 + i })); // Unix seconds
  const bad = Array.from({ length: 30 }, (_, i) => ({ id: `b${i}`, account: `b${i}`, action: 'share', target: 't', ts: 1_700_000 + i })); // 1970
  const file = join(dir, 'mostly-1970.ndjson');
  writeFileSync(file, [...good, ...bad].map((e) => JSON.stringify(e)).join('\n') + '\n');
  const c = connection();
  const r = await lockstep(['ingest', file, '--neo4j', c.uri, '--neo4j-user', c.user], { env: { LOCKSTEP_NEO4J_PASSWORD: c.password } });
  expect(r.code, r.stderr).toBe(3);
  expect(JSON.parse(r.stdout)).toMatchObject({ read: 40, accepted: 10, rejected: 30 });
  expect(r.stderr).toMatch(/numeric ts read as Unix seconds \(inferred/);
  expect(r.stderr).toMatch(/refused: 30 of 40 records \(75%\) have times outside the plausible range/);
  const stored = await driver.executeQuery('MATCH ()-[e:ACTED]->() RETURN e.id AS id, e.ts AS ts ORDER BY id');
  expect(stored.records.map((x) => x.get('id'))).toEqual(good.map((g) => g.id).sort());
  expect(stored.records.every((x) => Number(x.get('ts')) === (t0 + Number(String(x.get('id')).slice(1))) * 1000)).toBe(true);
});
