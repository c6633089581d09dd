/** Every Cypher statement the store runs. All parameterised: values never go into the text. */

export const MERGE_ACCOUNTS = 'UNWIND $ids AS id MERGE (:Account {id: id})';
export const MERGE_TARGETS = 'UNWIND $ids AS id MERGE (:Target {id: id})';

/**
 * Merges events by id and links new ones to their account and target (which the same transaction
 * merged just before). A new event is stamped with this attempt's integer token `$attempt`
 * (= call * 1000 + attempt number; an integer stays inline in the property record, a string would not):
 * - relationships are created only for events stamped by this attempt, so CREATE is safe;
 * - events stamped by any attempt of this call ($call * 1000 < ingest <= $attempt) count as accepted,
 *   so if the driver retries a transaction whose commit actually went through, the count stays right.
 */
export const MERGE_EVENTS = `
UNWIND $rows AS r
MATCH (a:Account {id: r.account})
OPTIONAL MATCH (t:Target {id: r.target})
MERGE (e:Event {id: r.id})
  ON CREATE SET e.action = r.action,
                e.ts = CASE WHEN r.ts = toInteger(r.ts) THEN toInteger(r.ts) ELSE r.ts END,
                e.time = datetime({epochMillis: toInteger(r.ts)}),
                e.text = r.text, e.platform = r.platform, e.ingest = $attempt
WITH a, t, e WHERE e.ingest > $call * 1000 AND e.ingest <= $attempt
FOREACH (_ IN CASE WHEN e.ingest = $attempt THEN [1] ELSE [] END | CREATE (a)-[:DID]->(e))
FOREACH (_ IN CASE WHEN e.ingest = $attempt AND t IS NOT NULL THEN [1] ELSE [] END | CREATE (e)-[:ON]->(t))
RETURN count(e) AS accepted`;

const EVENT_RETURN = `
MATCH (a:Account)-[:DID]->(e)
OPTIONAL MATCH (e)-[:ON]->(t:Target)
RETURN e.id AS id, a.id AS account, e.action AS action, t.id AS target, e.ts AS ts, e.text AS text, e.platform AS platform
ORDER BY e.ts, e.id`;

/** A page of events in [lo, hi] by (ts, id); keyset paging, so it never skips or repeats. */
export const READ_EVENTS_FIRST = `
MATCH (e:Event) WHERE e.ts >= $lo AND e.ts <= $hi
WITH e ORDER BY e.ts, e.id LIMIT $limit
${EVENT_RETURN}`;

/** The page after (afterTs, afterId); $lo = afterTs, so `ts > afterTs OR id > afterId` means "after the key". */
export const READ_EVENTS_AFTER = `
MATCH (e:Event) WHERE e.ts >= $lo AND e.ts <= $hi AND (e.ts > $lo OR e.id > $afterId)
WITH e ORDER BY e.ts, e.id LIMIT $limit
${EVENT_RETURN}`;

export const COUNT_EVENTS = 'MATCH (e:Event) RETURN count(e) AS n';

/** A scan and its clusters. A later save of a cluster id replaces its data; its review stays. */
export const SAVE_SCAN = `
MERGE (s:Scan {id: $scanId})
SET s.generatedAt = datetime($generatedAt), s.generatedAtIso = $generatedAt, s.params = $params, s.stats = $stats
WITH s
UNWIND $clusters AS c
MERGE (n:Cluster {id: c.id})
SET n += c.props, n.scanId = $scanId, n.generatedAt = $generatedAt
MERGE (n)-[f:FOUND_IN]->(s)
SET f.score = c.props.score
WITH n, c
OPTIONAL MATCH (old:Account)-[m:MEMBER_OF]->(n) WHERE NOT old.id IN c.props.members
DELETE m
WITH DISTINCT n, c
UNWIND c.props.members AS member
MERGE (a:Account {id: member})
MERGE (a)-[:MEMBER_OF]->(n)`;

const CLUSTER_FILTERS = `
  ($minScore IS NULL OR c.score >= $minScore)
  AND ($account IS NULL OR EXISTS { (:Account {id: $account})-[:MEMBER_OF]->(c) })
  AND ($signal IS NULL OR $signal IN c.signalNames)
  AND ($review IS NULL OR ($review = 'unreviewed' AND c.reviewState IS NULL) OR c.reviewState = $review)
  AND ($from IS NULL OR c.lastMs >= $from)
  AND ($to IS NULL OR c.firstMs <= $to)
  AND ($afterScore IS NULL OR c.score < $afterScore OR (c.score = $afterScore AND c.id > $afterId))`;

/** Most suspicious first, ties by id: a total order, so the (score, id) cursor is exact. */
export const LIST_CLUSTERS = `
MATCH (c:Cluster) WHERE ${CLUSTER_FILTERS}
RETURN c ORDER BY c.score DESC, c.id ASC LIMIT $limit`;

export const GET_CLUSTER = 'MATCH (c:Cluster {id: $id}) RETURN c';

export const ACCOUNT_CLUSTERS = `
MATCH (:Account {id: $account})-[:MEMBER_OF]->(c:Cluster)
RETURN c ORDER BY c.score DESC, c.id ASC`;

export const SET_REVIEW = `
MATCH (c:Cluster {id: $id})
SET c.reviewState = $state, c.reviewNote = $note, c.reviewBy = $by, c.reviewAt = $at
RETURN c`;
