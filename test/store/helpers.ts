/**
 * Shared by the Neo4j store tests: the run's server (from test/setup/neo4j.ts), exclusive use of it
 * across test files (forks run files in parallel, and Community Edition has one user database),
 * and a clean database per test.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import neo4j, { type Driver } from 'neo4j-driver';
import { openNeo4jStore, type Neo4jStore } from '../../src/store/neo4j/index.js';

export function connection() {
  const c = inject('neo4j');
  if (!c) throw new Error('no Neo4j connection: is test/setup/neo4j.ts the globalSetup in vitest.config.ts?');
  return c;
}

export function testDriver(): Driver {
  const c = connection();
  return neo4j.driver(c.uri, neo4j.auth.basic(c.user, c.password), { disableLosslessIntegers: true });
}

export function openTestStore(extra: { batchSize?: number; retryMs?: number } = {}): Promise<Neo4jStore> {
  const c = connection();
  return openNeo4jStore({ uri: c.uri, user: c.user, password: c.password, ...extra });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Holds the database for this test file; call the returned function to release it. */
export async function lockDatabase(): Promise<() => void> {
  const dir = join(tmpdir(), `lockstep-neo4j-${createHash('sha1').update(connection().uri).digest('hex').slice(0, 12)}.lock`);
  for (;;) {
    try {
      mkdirSync(dir);
      writeFileSync(join(dir, 'pid'), String(process.pid));
      return () => rmSync(dir, { recursive: true, force: true });
    } catch {
      let owner = 0;
      try {
        owner = Number(readFileSync(join(dir, 'pid'), 'utf8'));
      } catch {
        // being created or removed right now
      }
      if (owner && !alive(owner)) rmSync(dir, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

const MARKER = 'LockstepTestDatabase';

/**
 * Deletes everything. A server the user pointed us at (LOCKSTEP_NEO4J_URI) is wiped only when it is
 * empty, was wiped by these tests before, or LOCKSTEP_NEO4J_TEST_WIPE=1: never someone's real data.
 */
export async function wipe(driver: Driver): Promise<void> {
  const session = driver.session();
  try {
    if (!connection().local && process.env.LOCKSTEP_NEO4J_TEST_WIPE !== '1') {
      const r = await session.run(`MATCH (n) WITH count(n) AS n OPTIONAL MATCH (m:${MARKER}) RETURN n, count(m) AS marked`);
      const n = r.records[0].get('n') as number;
      const marked = r.records[0].get('marked') as number;
      if (n > 0 && marked === 0) {
        throw new Error(`refusing to wipe ${connection().uri}: it holds ${n} nodes not created by the tests (set LOCKSTEP_NEO4J_TEST_WIPE=1 to allow)`);
      }
    }
    await session.run('MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 20000 ROWS');
    await session.run(`CREATE (:${MARKER})`);
  } finally {
    await session.close();
  }
}
