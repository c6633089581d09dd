/** Every Cypher statement the store runs. All parameterised: values never go into the text. */

/**
 * Ingest statements keep their first plan: while a load grows the graph fast, Neo4j would otherwise
 * re-plan them every 10 s as statistics diverge (about a tenth of the server's time in a JFR profile),
 * and their plans (unique-index seeks, creates) never depend on statistics.
 */
const NO_REPLAN = 'CYPHER replan=skip';

/**
 * The ids of a batch that are already stored, with the `ingest` token of the append call that created
 * each (so a retry of a call whose commit did go through still counts that call's events as accepted).
 */
export const EXISTING_EVENTS = `${NO_REPLAN}
UNWIND $ids AS id
MATCH (e:Event {id: id})
RETURN e.id AS id, e.ingest AS ingest`;

/**
 * Creates a batch of events that are known to be new (EXISTING_EVENTS in the same transaction said so;
 * the event_id uniqueness constraint still guards against a concurrent writer creating the same id).
 * Parameters are columns, not a list of maps (less to pack and unpack: sending a 5,000-event batch
 * took roughly a third less time in a quick, noisy measurement): event i is $ids[i],
 * $action[i], ... Accounts and targets are merged once each, from distinct lists, and picked per event
 * by position ($a[i], $t[i] index into $accounts, $targets), so no event looks them up again.
 * Numbers arrive as floats (JS numbers): positions become integers, and so does `ts` when it is one.
 * `time` is the same instant as a datetime, for analysts.
 */
export const CREATE_EVENTS = `${NO_REPLAN}
CALL { UNWIND range(0, size($accounts) - 1) AS i MERGE (a:Account {id: $accounts[i]}) WITH i, a ORDER BY i RETURN collect(a) AS accounts }
CALL { UNWIND range(0, size($targets) - 1) AS i MERGE (t:Target {id: $targets[i]}) WITH i, t ORDER BY i RETURN collect(t) AS targets }
UNWIND range(0, size($ids) - 1) AS i
WITH accounts[toInteger($a[i])] AS a, targets[toInteger($t[i])] AS t, i, $ts[i] AS ts
CREATE (a)-[:DID]->(e:Event {id: $ids[i], action: $action[i], ts: CASE WHEN ts = toInteger(ts) THEN toInteger(ts) ELSE ts END,
  time: datetime({epochMillis: toInteger(ts)}), text: $text[i], platform: $platform[i], ingest: $call})
WITH e, t WHERE t IS NOT NULL
CREATE (e)-[:ON]->(t)`;

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
