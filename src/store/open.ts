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
  // TODO(lead): once src/store/neo4j/ lands, make this a literal `import('./neo4j/index.js')` so esbuild
  // bundles it. A variable specifier keeps this module compiling and building before it exists.
  const spec = './neo4j/index.js';
  let mod: { openNeo4jStore?: (env: Env) => Promise<Store> };
  try {
    mod = await import(spec);
  } catch (err) {
    throw new Error(`LOCKSTEP_NEO4J_URI is set but the Neo4j store could not be loaded: ${(err as Error).message}`);
  }
  if (typeof mod.openNeo4jStore !== 'function') throw new Error('the Neo4j store module does not export openNeo4jStore');
  return mod.openNeo4jStore(env);
}
