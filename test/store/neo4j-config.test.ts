import { expect, it } from 'vitest';
import { neo4jConfigFromEnv, redactUri } from '../../src/store/neo4j/index.js';

it('reads the connection from LOCKSTEP_NEO4J_* and nothing else', () => {
  expect(neo4jConfigFromEnv({})).toBeUndefined();
  expect(neo4jConfigFromEnv({ LOCKSTEP_NEO4J_URI: 'bolt://db:7687' })).toEqual({ uri: 'bolt://db:7687', user: 'neo4j', password: '' });
  expect(neo4jConfigFromEnv({ LOCKSTEP_NEO4J_URI: 'neo4j://db', LOCKSTEP_NEO4J_USER: 'ana', LOCKSTEP_NEO4J_PASSWORD: 's3cret', LOCKSTEP_NEO4J_DATABASE: 'troll' })).toEqual({
    uri: 'neo4j://db',
    user: 'ana',
    password: 's3cret',
    database: 'troll',
  });
});

it('never prints credentials embedded in a URI', () => {
  expect(redactUri('bolt://ana:s3cret@db:7687')).toBe('bolt://db:7687');
  expect(redactUri('bolt://db:7687')).toBe('bolt://db:7687');
});

it('fails clearly when given an environment without a URI', async () => {
  const { openNeo4jStore } = await import('../../src/store/neo4j/index.js');
  await expect(openNeo4jStore({ LOCKSTEP_NEO4J_USER: 'x', uri: 'bolt://127.0.0.1:1' })).rejects.toThrow(/no Neo4j URI given/);
});
