import { resolve } from 'node:path';
import type { Store } from './types.js';
import { openEmbeddedStore } from './embedded/index.js';

export interface StoreChoice {
  kind: 'neo4j' | 'embedded';
  store: Store;
  /** Where the data lives, for the startup log (never credentials). */
  location: string;
}

type Env = Record<string, string | undefined>;

/**
 * The store the environment asks for: Neo4j when LOCKSTEP_NEO4J_URI is set, else the embedded
 * file store under LOCKSTEP_DATA_DIR (default ./data).
 */
export async function openStore(env: Env = process.env): Promise<StoreChoice> {
  const uri = env.LOCKSTEP_NEO4J_URI;
  if (uri) {
    const store = await openNeo4j(env);
    return { kind: 'neo4j', store, location: uri.replace(/\/\/[^@/]*@/, '//') };
  }
  const dir = resolve(env.LOCKSTEP_DATA_DIR || './data');
  return { kind: 'embedded', store: await openEmbeddedStore(dir), location: dir };
}

async function openNeo4j(env: Env): Promise<Store> {
  // Loaded on demand so the embedded path never starts the Neo4j driver.
  const { openNeo4jStore } = await import('./neo4j/index.js');
  return openNeo4jStore(env);
}
