import { randomInt } from 'node:crypto';
import neo4j, { type Driver, type Integer, type ManagedTransaction, type Session } from 'neo4j-driver';
import type { ActivityEvent } from '../../ingest/types.js';
import type { Report } from '../../report/types.js';
import type { AppendResult, ClusterPage, ClusterQuery, Review, Store, StoredCluster, TimeRange } from '../types.js';
import { withEventId } from '../event-id.js';
import { DEFAULT_LIMIT, MAX_LIMIT, decodeCursor, encodeCursor } from '../embedded/cluster-query.js';
import { DEFAULT_BATCH_SIZE, DEFAULT_RETRY_MS, neo4jConfigFromEnv, redactUri, type Neo4jConfig } from './config.js';
import { SCHEMA } from './schema.js';
import * as Q from './cypher.js';
import { ESC, SEP, clusterToProps, packEvents, packNodes, propsToCluster, rowToEvent } from './rows.js';

/** What the Neo4j store offers beyond `Store`. */
export interface Neo4jStore extends Store {
  /** The connection URI without credentials, for logs and messages. */
  readonly location: string;
}

// Open-ended ranges become the widest valid instants, so every read is an index range seek.
const MIN_TS = -8.64e15;
const MAX_TS = 8.64e15;

/**
 * Opens the Neo4j store: one driver for the process, checked with verifyConnectivity, and the schema
 * (constraints, indexes) created idempotently. Accepts a config, or an environment holding
 * LOCKSTEP_NEO4J_URI / _USER / _PASSWORD / _DATABASE.
 */
export async function openNeo4jStore(configOrEnv: Neo4jConfig | Record<string, string | undefined> = process.env): Promise<Neo4jStore> {
  const config = isConfig(configOrEnv) ? configOrEnv : neo4jConfigFromEnv(configOrEnv);
  if (!config) throw new Error('no Neo4j URI given (set LOCKSTEP_NEO4J_URI or pass --neo4j)');
  const location = redactUri(config.uri);
  const driver = neo4j.driver(config.uri, neo4j.auth.basic(config.user ?? 'neo4j', config.password ?? ''), {
    disableLosslessIntegers: true, // ts values are epoch ms, well inside 2^53
    maxTransactionRetryTime: config.retryMs ?? DEFAULT_RETRY_MS,
    connectionTimeout: 10_000,
    connectionAcquisitionTimeout: 30_000,
    userAgent: 'lockstep',
  });
  try {
    await driver.verifyConnectivity(config.database ? { database: config.database } : undefined);
    await ensureSchema(driver, config.database);
  } catch (err) {
    await driver.close();
    throw new Error(`cannot use Neo4j at ${location}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  return new Neo4jStoreImpl(driver, config, location);
}

// An environment is told apart by its LOCKSTEP_ keys (a stray lowercase `uri` variable must not count).
function isConfig(x: object): x is Neo4jConfig {
  return !Object.keys(x).some((k) => k.startsWith('LOCKSTEP_')) && typeof (x as Neo4jConfig).uri === 'string';
}

/** Creates constraints and indexes if missing, then waits until they are online. Safe to run concurrently. */
export async function ensureSchema(driver: Driver, database?: string): Promise<void> {
  const session = driver.session({ database });
  try {
    for (const stmt of SCHEMA) {
      // Two processes starting together can race on the same IF NOT EXISTS; the second attempt sees it.
      await session.executeWrite((tx) => tx.run(stmt)).catch(() => session.executeWrite((tx) => tx.run(stmt)));
    }
    await session.run('CALL db.awaitIndexes(300)');
  } finally {
    await session.close();
  }
}

class Neo4jStoreImpl implements Neo4jStore {
  private readonly batchSize: number;
  private closed = false;

  constructor(
    private readonly driver: Driver,
    private readonly config: Neo4jConfig,
    readonly location: string,
  ) {
    this.batchSize = config.batchSize ?? DEFAULT_BATCH_SIZE;
  }

  private async withSession<T>(mode: 'READ' | 'WRITE', work: (s: Session) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('store is closed');
    const session = this.driver.session({
      database: this.config.database,
      defaultAccessMode: mode === 'READ' ? neo4j.session.READ : neo4j.session.WRITE,
    });
    try {
      return await work(session);
    } finally {
      await session.close();
    }
  }

  private read<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.withSession('READ', (s) => s.executeRead(work));
  }

  private write<T>(work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.withSession('WRITE', (s) => s.executeWrite(work));
  }

  async ping(): Promise<void> {
    await this.read((tx) => tx.run('RETURN 1'));
  }

  /**
   * All of one call's events commit in one transaction, in CREATE statements of `batchSize` events.
   * Accounts and targets this store has not seen yet are merged first, in a short transaction of
   * their own: a transaction that creates a node holds its index entry exclusively until it commits,
   * so with the nodes created inside the (long) events transaction, a concurrent writer merging the
   * same new target waited for all of it (JFR: 22 s of lock waits in a 31 s load with two writers),
   * and two writers ran little faster than one. The events transaction merges them again, which
   * for existing nodes only takes shared locks. A node merged this way stays if its events'
   * transaction then fails (an account or target without events, reused by the next attempt).
   * The first attempt just creates them all: in a load of new events that is the common case, and the
   * acted_id constraint checks each id as it is created anyway. If one was already stored, the
   * statement fails, and the call is redone as: one read of which ids are stored, then create only
   * the rest (so re-ingesting costs a failed attempt and a read).
   * Each call stamps its events with a random integer token (`ingest`), so if the driver retries a
   * transaction whose commit did go through, the retry counts those events as accepted, not duplicates.
   * A concurrent writer creating one of the same ids first makes the commit fail on the constraint
   * too; the call is then redone, and the read sees that id as stored.
   */
  async appendEvents(events: ActivityEvent[]): Promise<AppendResult> {
    const batch: ActivityEvent[] = [];
    const ids: string[] = [];
    const seen = new Set<string>();
    for (const raw of events) {
      const e = withEventId(raw);
      if (seen.has(e.id)) continue;
      seen.add(e.id);
      batch.push(e);
      ids.push(e.id);
    }
    if (batch.length === 0) return { accepted: 0, duplicates: events.length };
    await this.mergeNewNodes(batch);
    // Below 2^31: a smaller integer property takes less room in the store, and a few µs per event.
    const call = neo4j.int(randomInt(1, 2 ** 31));
    let check = false;
    for (let attempt = 1; ; attempt++) {
      try {
        const accepted = await this.write((tx) => (check ? this.appendNewTx(tx, batch, ids, call) : this.createTx(tx, batch, call)));
        return { accepted, duplicates: events.length - accepted };
      } catch (err) {
        if (attempt >= CONSTRAINT_RETRIES || !isConstraintViolation(err)) throw err;
        check = true;
      }
    }
  }

  /** Accounts and targets this store created or found before (a node deleted since is merged again by CREATE_EVENTS). */
  private readonly knownNodes = new Set<string>();

  private async mergeNewNodes(events: ActivityEvent[]): Promise<void> {
    const accounts = new Set<string>();
    const targets = new Set<string>();
    for (const e of events) {
      if (!this.knownNodes.has(`a${e.account}`)) accounts.add(e.account);
      if (e.target !== undefined && !this.knownNodes.has(`t${e.target}`)) targets.add(e.target);
    }
    if (accounts.size + targets.size === 0) return;
    await this.write((tx) => tx.run(Q.MERGE_NODES, { ...packNodes(accounts, targets), sep: SEP, esc: ESC }));
    if (this.knownNodes.size > KNOWN_NODES_MAX) this.knownNodes.clear();
    for (const a of accounts) this.knownNodes.add(`a${a}`);
    for (const t of targets) this.knownNodes.add(`t${t}`);
  }

  private async createTx(tx: ManagedTransaction, events: ActivityEvent[], call: Integer): Promise<number> {
    for (let i = 0; i < events.length; i += this.batchSize) {
      await tx.run(Q.CREATE_EVENTS, { ...packEvents(events.slice(i, i + this.batchSize)), sep: SEP, esc: ESC, call });
    }
    return events.length;
  }

  private async appendNewTx(tx: ManagedTransaction, batch: ActivityEvent[], ids: string[], call: Integer): Promise<number> {
    const existing = await tx.run(Q.EXISTING_EVENTS, { ids });
    const stored = new Set<string>();
    let ours = 0; // created by an earlier attempt of this call whose commit went through
    for (const r of existing.records) {
      stored.add(r.get('id') as string);
      if (Number(r.get('ingest')) === call.toNumber()) ours++;
    }
    const fresh = stored.size === 0 ? batch : batch.filter((e) => !stored.has(e.id as string));
    return (await this.createTx(tx, fresh, call)) + ours;
  }

  async *readEvents(range: TimeRange): AsyncIterable<ActivityEvent[]> {
    const hi = range.to ?? MAX_TS;
    let lo = range.from ?? MIN_TS;
    let afterId: string | undefined;
    for (;;) {
      const params = { lo, hi, afterId: afterId ?? null, limit: neo4j.int(this.batchSize) };
      const records = await this.read(async (tx) => (await tx.run(afterId === undefined ? Q.READ_EVENTS_FIRST : Q.READ_EVENTS_AFTER, params)).records);
      if (records.length === 0) return;
      const batch = records.map((r) => rowToEvent(r.toObject()));
      yield batch;
      if (batch.length < this.batchSize) return;
      const last = batch[batch.length - 1];
      lo = last.ts;
      afterId = last.id;
    }
  }

  async countEvents(): Promise<number> {
    return this.read(async (tx) => Number((await tx.run(Q.COUNT_EVENTS)).records[0].get('n')));
  }

  async saveScan(scanId: string, report: Report): Promise<void> {
    const clusters = report.clusters.map((c) => ({ id: c.id, props: clusterToProps(c, report.generatedAt) }));
    await this.write((tx) =>
      tx.run(Q.SAVE_SCAN, {
        scanId,
        generatedAt: report.generatedAt,
        params: JSON.stringify(report.params ?? {}),
        stats: JSON.stringify(report.stats ?? {}),
        clusters,
      }),
    );
  }

  async listClusters(q: ClusterQuery): Promise<ClusterPage> {
    const limit = Math.min(Math.max(1, Math.floor(q.limit ?? DEFAULT_LIMIT)), MAX_LIMIT);
    const after = q.cursor !== undefined ? decodeCursor(q.cursor) : undefined;
    const params = {
      minScore: q.minScore ?? null,
      account: q.account ?? null,
      signal: q.signal ?? null,
      review: q.review ?? null,
      from: q.from ?? null,
      to: q.to ?? null,
      afterScore: after?.score ?? null,
      afterId: after?.id ?? null,
      limit: neo4j.int(limit + 1), // one more than asked says whether there is a next page
    };
    const records = await this.read(async (tx) => (await tx.run(Q.LIST_CLUSTERS, params)).records);
    const items = records.slice(0, limit).map((r) => propsToCluster(r.get('c').properties));
    if (records.length <= limit) return { items };
    const last = items[items.length - 1];
    return { items, nextCursor: encodeCursor({ score: last.score, id: last.id }) };
  }

  async getCluster(id: string): Promise<StoredCluster | undefined> {
    const records = await this.read(async (tx) => (await tx.run(Q.GET_CLUSTER, { id })).records);
    return records.length ? propsToCluster(records[0].get('c').properties) : undefined;
  }

  async accountClusters(account: string): Promise<StoredCluster[]> {
    const records = await this.read(async (tx) => (await tx.run(Q.ACCOUNT_CLUSTERS, { account })).records);
    return records.map((r) => propsToCluster(r.get('c').properties));
  }

  async setReview(clusterId: string, review: Review): Promise<StoredCluster | undefined> {
    const params = { id: clusterId, state: review.state, note: review.note ?? null, by: review.by, at: review.at };
    const records = await this.write(async (tx) => (await tx.run(Q.SET_REVIEW, params)).records);
    return records.length ? propsToCluster(records[0].get('c').properties) : undefined;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.driver.close();
  }
}

/** Ids kept in Neo4jStoreImpl.knownNodes before it starts over (a few hundred MB at most). */
const KNOWN_NODES_MAX = 2_000_000;

/** How often a call is retried after losing a race for an event id to a concurrent writer. */
const CONSTRAINT_RETRIES = 5;

function isConstraintViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'Neo.ClientError.Schema.ConstraintValidationFailed';
}
