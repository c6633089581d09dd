/**
 * The graph model, created idempotently at start:
 *
 *   (:Account {id})-[:ACTED {id, action, ts, text?, platform?, ingest}]->(:Target {id})
 *   (:Account)-[:ACTED]->(the same :Account)   for an event without a target (a post)
 *   (:Cluster {id, score, summary, members, signalNames, signals, evidence, ...})-[:FOUND_IN {score}]->(:Scan {id, generatedAt, params, stats})
 *   (:Account)-[:MEMBER_OF]->(:Cluster)
 *
 * Each event is one relationship: a node per event plus two relationships cost about a third more
 * server time per event at ingest (measured in one warm server, batches interleaved).
 * `ts` is epoch ms (indexed; what the code pages on). There is no datetime copy of it (it cost about
 * a seventh of the ingest time); `datetime({epochMillis: e.ts})` gives one in a query.
 * `ingest` is the token of the append call that created the event (see EXISTING_EVENTS).
 * JSON-valued properties (signals, evidence, params, ...) are strings: Neo4j has no nested maps.
 */
export const SCHEMA: readonly string[] = [
  'CREATE CONSTRAINT account_id IF NOT EXISTS FOR (a:Account) REQUIRE a.id IS UNIQUE',
  'CREATE CONSTRAINT target_id IF NOT EXISTS FOR (t:Target) REQUIRE t.id IS UNIQUE',
  'CREATE CONSTRAINT acted_id IF NOT EXISTS FOR ()-[e:ACTED]-() REQUIRE e.id IS UNIQUE',
  'CREATE CONSTRAINT scan_id IF NOT EXISTS FOR (s:Scan) REQUIRE s.id IS UNIQUE',
  'CREATE CONSTRAINT cluster_id IF NOT EXISTS FOR (c:Cluster) REQUIRE c.id IS UNIQUE',
  'CREATE INDEX acted_ts IF NOT EXISTS FOR ()-[e:ACTED]-() ON (e.ts)',
  'CREATE INDEX cluster_score IF NOT EXISTS FOR (c:Cluster) ON (c.score)',
];

/** Names of everything SCHEMA creates (tests check these exist exactly once). */
export const CONSTRAINT_NAMES = ['account_id', 'target_id', 'acted_id', 'scan_id', 'cluster_id'] as const;
export const INDEX_NAMES = ['acted_ts', 'cluster_score'] as const;
