/**
 * vitest globalSetup: one Neo4j for the whole run. With LOCKSTEP_NEO4J_URI set (e.g. the
 * docker-compose server) tests use that, with LOCKSTEP_NEO4J_USER / _PASSWORD; otherwise a local
 * throwaway server is started (test/support/neo4j-server.ts) and stopped at the end.
 * Tests read the connection with `inject('neo4j')`. It is deliberately not put in LOCKSTEP_NEO4J_URI:
 * other tests run the CLI and API, which would then pick Neo4j instead of their own store.
 */
import type { TestProject } from 'vitest/node';
import { startNeo4j, type Neo4jServer } from '../support/neo4j-server.js';

export interface Neo4jConnection {
  uri: string;
  user: string;
  password: string;
  /** True when the server was started for this run (tests may wipe it freely). */
  local: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4j: Neo4jConnection;
  }
}

let server: Neo4jServer | undefined;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const uri = process.env.LOCKSTEP_NEO4J_URI;
  if (uri) {
    project.provide('neo4j', { uri, user: process.env.LOCKSTEP_NEO4J_USER || 'neo4j', password: process.env.LOCKSTEP_NEO4J_PASSWORD ?? '', local: false });
    return async () => {};
  }
  const t0 = Date.now();
  server = await startNeo4j();
  process.stderr.write(`[neo4j] test server ${server.uri} ready in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  project.provide('neo4j', { uri: server.uri, user: server.user, password: server.password, local: true });
  return async () => {
    await server?.stop();
    server = undefined;
  };
}
