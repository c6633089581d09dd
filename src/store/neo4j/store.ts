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
import { clusterToProps, propsToCluster, rowToEvent, type EventColumns } from './rows.js';

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
   * All of one call's events commit in one transaction: first one read of which ids are already
   * stored, then the new ones are created (CREATE, not MERGE) in statements of `batchSize` events.
   * Each call stamps its events with a random integer token (`ingest`), so if the driver retries a
   * transaction whose commit did go through, the retry counts those events as accepted, not duplicates.
   * A concurrent writer creating one of the same ids first makes the commit fail on the event_id
   * constraint; the whole call is then retried, and the read sees that id as stored.
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
    const call = randomInt(1, 2 ** 47);
    for (let attempt = 1; ; attempt++) {
      try {
        const accepted = await this.write((tx) => this.appendTx(tx, batch, ids, call));
        return { accepted, duplicates: events.length - accepted };
      } catch (err) {
        if (attempt >= CONSTRAINT_RETRIES || !isConstraintViolation(err)) throw err;
      }
    }
  }

  private async appendTx(tx: ManagedTransaction, batch: ActivityEvent[], ids: string[], call: number): Promise<number> {
    const existing = await tx.run(Q.EXISTING_EVENTS, { ids });
    const stored = new Set<string>();
    let ours = 0; // created by an earlier attempt of this call whose commit went through
    for (const r of existing.records) {
      stored.add(r.get('id') as string);
      if (Number(r.get('ingest')) === call) ours++;
    }
    const fresh = stored.size === 0 ? batch : batch.filter((e) => !stored.has(e.id as string));
    for (let i = 0; i < fresh.length; i += this.batchSize) {
      await tx.run(Q.CREATE_EVENTS, createParams(fresh.slice(i, i + this.batchSize), call));
    }
    return fresh.length + ours;
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

/** How often a call is retried after losing a race for an event id to a concurrent writer. */
const CONSTRAINT_RETRIES = 5;

function isConstraintViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === 'Neo.ClientError.Schema.ConstraintValidationFailed';
}

/**
 * CREATE_EVENTS parameters: distinct accounts and targets (sorted, so concurrent writers lock them in
 * the same order), and per event one entry in each column (see EventColumns).
 */
function createParams(events: ActivityEvent[], call: number): EventColumns & { accounts: string[]; targets: string[]; call: Integer } {
  const accounts = new Map<string, number>();
  const targets = new Map<string, number>();
  for (const e of events) {
    accounts.set(e.account, 0);
    if (e.target !== undefined) targets.set(e.target, 0);
  }
  const accountList = [...accounts.keys()].sort();
  const targetList = [...targets.keys()].sort();
  accountList.forEach((id, i) => accounts.set(id, i));
  targetList.forEach((id, i) => targets.set(id, i));
  const n = events.length;
  const cols: EventColumns = { ids: new Array(n), a: new Array(n), t: new Array(n), action: new Array(n), ts: new Array(n), text: new Array(n), platform: new Array(n) };
  for (let i = 0; i < n; i++) {
    const e = events[i];
    cols.ids[i] = e.id as string;
    cols.a[i] = accounts.get(e.account)!;
    cols.t[i] = e.target === undefined ? null : targets.get(e.target)!;
    cols.action[i] = e.action;
    cols.ts[i] = e.ts;
    cols.text[i] = e.text ?? null;
    cols.platform[i] = e.platform ?? null;
  }
  return { ...cols, accounts: accountList, targets: targetList, call: neo4j.int(call) };
}
