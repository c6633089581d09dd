/** Where the Neo4j store connects. Credentials come from the caller or the environment, never from files. */
export interface Neo4jConfig {
  uri: string;
  user?: string;
  password?: string;
  /** Database name; the server's default database when omitted. */
  database?: string;
  /**
   * How long a write keeps retrying transient faults (server restart, lost connection) with
   * exponential backoff before it gives up, in ms. The driver's managed transactions do the retrying.
   */
  retryMs?: number;
  /** Events per CREATE statement (an appendEvents call larger than this runs several in its one transaction). */
  batchSize?: number;
}

export const DEFAULT_RETRY_MS = 30_000;
export const DEFAULT_BATCH_SIZE = 5_000;
/** Batches `lockstep ingest` writes at once: two keep a local server busy while the client parses (1 M events: 22.8k events/s vs 13.6k with one). */
export const DEFAULT_WRITERS = 2;

type Env = Record<string, string | undefined>;

/** The store's config from LOCKSTEP_NEO4J_URI / _USER / _PASSWORD / _DATABASE; undefined when no URI is set. */
export function neo4jConfigFromEnv(env: Env = process.env): Neo4jConfig | undefined {
  const uri = env.LOCKSTEP_NEO4J_URI;
  if (!uri) return undefined;
  const cfg: Neo4jConfig = { uri, user: env.LOCKSTEP_NEO4J_USER || 'neo4j', password: env.LOCKSTEP_NEO4J_PASSWORD ?? '' };
  if (env.LOCKSTEP_NEO4J_DATABASE) cfg.database = env.LOCKSTEP_NEO4J_DATABASE;
  return cfg;
}

/** A URI safe to print: any user:password@ part removed. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//');
}
