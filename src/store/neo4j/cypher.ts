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
MATCH ()-[e:ACTED {id: id}]->()
RETURN e.id AS id, e.ingest AS ingest`;

// A packed column (rows.ts packEvents) as a list; $sep and $esc are SEP and ESC.
const UNESCAPE = (x: string) => `replace(replace(${x}, $esc + '1', $sep), $esc + '0', $esc)`;
const strings = (param: string) => `CASE WHEN $escaped THEN [x IN split($${param}, $sep) | ${UNESCAPE('x')}] ELSE split($${param}, $sep) END`;
const optional = (param: string) =>
  `CASE WHEN $escaped THEN [x IN split($${param}, $sep) | CASE x WHEN $esc THEN null ELSE ${UNESCAPE('x')} END] ` +
  `ELSE [x IN split($${param}, $sep) | CASE x WHEN $esc THEN null ELSE x END] END`;

/**
 * Makes sure accounts and targets exist, in a transaction of their own before the events' (see
 * Neo4jStore.appendEvents). Packed like CREATE_EVENTS ($accounts, $targets, $nTargets, $escaped).
 */
export const MERGE_NODES = `${NO_REPLAN}
CALL () { WITH ${strings('accounts')} AS ids UNWIND range(0, $nAccounts - 1) AS i MERGE (:Account {id: ids[i]}) }
CALL () { WITH ${strings('targets')} AS ids UNWIND range(0, $nTargets - 1) AS i MERGE (:Target {id: ids[i]}) }`;

/**
 * Creates a batch of events, each an ACTED relationship from its account to its target (to the
 * account itself when it has none), merging the accounts and targets first, once each. Parameters are
 * packed columns (rows.ts PackedEvents: ten strings instead of seven lists of values). The acted_id
 * uniqueness constraint makes the statement fail when an id is already stored; the caller
 * then checks which are (EXISTING_EVENTS) and creates only the rest. `ts` becomes an integer when it
 * is one. `ingest` is the append call's token (see EXISTING_EVENTS).
 */
export const CREATE_EVENTS = `${NO_REPLAN}
CALL () { WITH ${strings('accounts')} AS ids UNWIND range(0, size(ids) - 1) AS i MERGE (a:Account {id: ids[i]}) WITH i, a ORDER BY i RETURN collect(a) AS accounts }
CALL () { WITH ${strings('targets')} AS ids UNWIND range(0, $nTargets - 1) AS i MERGE (t:Target {id: ids[i]}) WITH i, t ORDER BY i RETURN collect(t) AS targets }
WITH accounts, targets, ${strings('ids')} AS ids, split($a, ',') AS a, split($t, ',') AS t, ${strings('action')} AS action,
  split($ts, ',') AS ts, ${optional('text')} AS text, ${optional('platform')} AS platform
UNWIND range(0, size(ids) - 1) AS i
WITH accounts[toInteger(a[i])] AS account, targets[toInteger(t[i])] AS target, i, ids, action, ts, text, platform
WITH account, coalesce(target, account) AS target, i, ids, action, ts, text, platform
CREATE (account)-[:ACTED {id: ids[i], action: action[i], ts: CASE WHEN ts[i] CONTAINS 'e' THEN toFloat(ts[i]) ELSE toInteger(ts[i]) END,
  text: text[i], platform: platform[i], ingest: $call}]->(target)`;

const EVENT_RETURN = `
RETURN e.id AS id, a.id AS account, e.action AS action, CASE WHEN t = a THEN null ELSE t.id END AS target, e.ts AS ts, e.text AS text, e.platform AS platform`;

/** A page of events in [lo, hi] by (ts, id); keyset paging, so it never skips or repeats. */
export const READ_EVENTS_FIRST = `
MATCH (a:Account)-[e:ACTED]->(t) WHERE e.ts >= $lo AND e.ts <= $hi
WITH a, e, t ORDER BY e.ts, e.id LIMIT $limit
${EVENT_RETURN}`;

/** The page after (afterTs, afterId); $lo = afterTs, so `ts > afterTs OR id > afterId` means "after the key". */
export const READ_EVENTS_AFTER = `
MATCH (a:Account)-[e:ACTED]->(t) WHERE e.ts >= $lo AND e.ts <= $hi AND (e.ts > $lo OR e.id > $afterId)
WITH a, e, t ORDER BY e.ts, e.id LIMIT $limit
${EVENT_RETURN}`;

export const COUNT_EVENTS = 'MATCH ()-[e:ACTED]->() RETURN count(e) AS n';

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
