/**
 * The test server's reset (used by bench:neo4j for a fresh database on a warm JVM): every database is
 * replaced by an empty one, on the same URI, and the schema can be created again.
 */
import { afterAll, expect, it } from 'vitest';
import neo4j from 'neo4j-driver';
import { startNeo4j, type Neo4jServer } from '../support/neo4j-server.js';
import { openNeo4jStore } from '../../src/store/neo4j/index.js';

let server: Neo4jServer | undefined;
afterAll(async () => {
  await server?.stop();
});

it('reset leaves an empty database on the same URI, in the same process', { timeout: 300_000 }, async () => {
  server = await startNeo4j();
  const pid = server.pid;
  const open = () => openNeo4jStore({ uri: server!.uri, user: server!.user, password: server!.password });
  let store = await open();
  await store.appendEvents([{ id: 'x', account: 'a', action: 'post', ts: 1 }]);
  expect(await store.countEvents()).toBe(1);
  await store.close();

  await server.reset();
  expect(server.pid).toBe(pid);
  store = await open();
  try {
    expect(await store.countEvents()).toBe(0);
    const d = neo4j.driver(server.uri, neo4j.auth.basic(server.user, server.password));
    try {
      expect((await d.executeQuery('MATCH (n) RETURN count(n) AS n')).records[0].get('n').toNumber()).toBe(0);
    } finally {
      await d.close();
    }
    await store.appendEvents([{ id: 'x', account: 'a', action: 'post', ts: 1 }]);
    expect(await store.countEvents()).toBe(1);
  } finally {
    await store.close();
  }
});
