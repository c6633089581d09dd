/**
 * The graph model, created idempotently at start:
 *
 *   (:Account {id})-[:DID]->(:Event {id, action, ts, time, text?, platform?, ingest})-[:ON]->(:Target {id})
 *   (:Cluster {id, score, summary, members, signalNames, signals, evidence, ...})-[:FOUND_IN {score}]->(:Scan {id, generatedAt, params, stats})
 *   (:Account)-[:MEMBER_OF]->(:Cluster)
 *
 * `ts` is epoch ms (indexed; what the code pages on); `time` is the same instant as a datetime for
 * analysts (not indexed: a second index costs ingest speed; filter on ts instead).
 * `ingest` is the token of the append call that created the event (see EXISTING_EVENTS).
 * JSON-valued properties (signals, evidence, params, ...) are strings: Neo4j has no nested maps.
 */
export const SCHEMA: readonly string[] = [
  'CREATE CONSTRAINT account_id IF NOT EXISTS FOR (a:Account) REQUIRE a.id IS UNIQUE',
  'CREATE CONSTRAINT target_id IF NOT EXISTS FOR (t:Target) REQUIRE t.id IS UNIQUE',
  'CREATE CONSTRAINT event_id IF NOT EXISTS FOR (e:Event) REQUIRE e.id IS UNIQUE',
  'CREATE CONSTRAINT scan_id IF NOT EXISTS FOR (s:Scan) REQUIRE s.id IS UNIQUE',
  'CREATE CONSTRAINT cluster_id IF NOT EXISTS FOR (c:Cluster) REQUIRE c.id IS UNIQUE',
  'CREATE INDEX event_ts IF NOT EXISTS FOR (e:Event) ON (e.ts)',
  'CREATE INDEX cluster_score IF NOT EXISTS FOR (c:Cluster) ON (c.score)',
];

/** Names of everything SCHEMA creates (tests check these exist exactly once). */
export const CONSTRAINT_NAMES = ['account_id', 'target_id', 'event_id', 'scan_id', 'cluster_id'] as const;
export const INDEX_NAMES = ['event_ts', 'cluster_score'] as const;
