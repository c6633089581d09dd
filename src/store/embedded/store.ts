import { mkdir, access, readdir, constants } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { ActivityEvent } from '../../ingest/types.js';
import type { Report } from '../../report/types.js';
import type { AppendResult, ClusterPage, ClusterQuery, Review, Store, StoredCluster, TimeRange } from '../types.js';
import { withEventId } from '../event-id.js';
import { SerialQueue } from './serial.js';
import { EventLog, loadEventLog } from './event-log.js';
import { readIfExists, syncDir, writeFileAtomic } from './atomic-file.js';
import { compareClusters, pageClusters } from './cluster-query.js';

export interface AccountEventsQuery {
  limit: number;
  from?: number;
  to?: number;
}

/** What the embedded store offers beyond `Store`: reads the API uses when a store has them. */
export interface EmbeddedStore extends Store {
  /** An account's latest events (up to `limit`), oldest first. */
  accountEvents(account: string, q: AccountEventsQuery): Promise<ActivityEvent[]>;
  /** A saved scan's report, so finished scans outlive a restart. */
  getScan(scanId: string): Promise<Report | undefined>;
  /** Drops events before `before` (epoch ms) from memory and from the log (rewritten atomically); returns how many. */
  pruneEvents(before: number): Promise<number>;
  /** What loading found: torn/corrupt log lines. */
  readonly recovery: { corruptLines: number; truncatedBytes: number };
}

interface ScanFile {
  scanId: string;
  seq: number;
  report: Report;
}

const BATCH = 10_000;

function scanFileName(scanId: string): string {
  return /^[A-Za-z0-9_-]{1,128}$/.test(scanId) ? `${scanId}.json` : `x-${createHash('sha256').update(scanId).digest('hex')}.json`;
}

/**
 * A store in plain files under `dir`, needing no server:
 *   events.ndjson   accepted events, append-only, fsynced per append
 *   scans/<id>.json each saved scan's report (atomic write); clusters are rebuilt from these at start
 *   reviews.json    analyst reviews by cluster id (atomic write)
 * Everything is also held in memory; one serial queue orders all writes, so concurrent appends never
 * store an event twice.
 */
export async function openEmbeddedStore(dir: string): Promise<EmbeddedStore> {
  await mkdir(join(dir, 'scans'), { recursive: true });
  const eventsPath = join(dir, 'events.ndjson');
  const reviewsPath = join(dir, 'reviews.json');

  const loaded = await loadEventLog(eventsPath);
  const events: ActivityEvent[] = [];
  const ids = new Set<string>();
  const byAccount = new Map<string, number[]>();
  const index = (e: ActivityEvent & { id: string }): boolean => {
    if (ids.has(e.id)) return false;
    ids.add(e.id);
    let list = byAccount.get(e.account);
    if (!list) byAccount.set(e.account, (list = []));
    list.push(events.length);
    events.push(e);
    return true;
  };
  for (const e of loaded.events) index(withEventId(e));

  const reviews = new Map<string, Review>(Object.entries(JSON.parse((await readIfExists(reviewsPath)) ?? '{}') as Record<string, Review>));
  const clusters = new Map<string, StoredCluster>();
  let sorted: StoredCluster[] = [];
  let seq = 0;
  const applyScan = (scanId: string, report: Report): void => {
    for (const c of report.clusters) {
      const stored: StoredCluster = { ...c, scanId, generatedAt: report.generatedAt };
      const review = reviews.get(c.id);
      if (review) stored.review = review;
      clusters.set(c.id, stored); // a later scan's view of the same cluster replaces the earlier one
    }
  };
  const resort = () => {
    sorted = [...clusters.values()].sort(compareClusters);
  };
  const scanFiles: ScanFile[] = [];
  for (const name of await readdir(join(dir, 'scans'))) {
    if (!name.endsWith('.json')) continue;
    const text = await readIfExists(join(dir, 'scans', name));
    if (text) scanFiles.push(JSON.parse(text) as ScanFile);
  }
  scanFiles.sort((a, b) => a.seq - b.seq);
  for (const f of scanFiles) {
    applyScan(f.scanId, f.report);
    seq = Math.max(seq, f.seq);
  }
  resort();

  let log = await EventLog.open(eventsPath);
  await syncDir(dir);
  const writes = new SerialQueue();
  let closed = false;
  const assertOpen = () => {
    if (closed) throw new Error('store is closed');
  };

  // Group commit: appends that arrive while a write is in flight are merged into the next single
  // write + fsync. Each caller still gets its own counts, in arrival order, and only after the fsync.
  interface PendingAppend {
    batch: ActivityEvent[];
    resolve: (r: AppendResult) => void;
    reject: (e: unknown) => void;
  }
  let pendingAppends: PendingAppend[] = [];
  let flushing = false;
  const flushAppends = async () => {
    flushing = true;
    while (pendingAppends.length) {
      const group = pendingAppends;
      pendingAppends = [];
      const inGroup = new Set<string>();
      const fresh: (ActivityEvent & { id: string })[] = [];
      const results: AppendResult[] = group.map(({ batch }) => {
        let accepted = 0;
        for (const raw of batch) {
          const e = withEventId(raw);
          if (ids.has(e.id) || inGroup.has(e.id)) continue;
          inGroup.add(e.id);
          fresh.push(e);
          accepted++;
        }
        return { accepted, duplicates: batch.length - accepted };
      });
      try {
        await writes.run(async () => {
          assertOpen();
          // Durable first, then visible: a failed write leaves memory untouched, so a retry is clean.
          await log.append(fresh);
          for (const e of fresh) index(e);
        });
        group.forEach((p, i) => p.resolve(results[i]));
      } catch (err) {
        for (const p of group) p.reject(err);
      }
    }
    flushing = false;
  };

  return {
    recovery: { corruptLines: loaded.corrupt, truncatedBytes: loaded.truncatedBytes },

    async ping() {
      assertOpen();
      await access(dir, constants.W_OK);
    },

    appendEvents(batch) {
      return new Promise<AppendResult>((resolve, reject) => {
        pendingAppends.push({ batch, resolve, reject });
        if (!flushing) void flushAppends();
      });
    },

    async *readEvents(range: TimeRange) {
      const n = events.length; // appends during iteration are not part of this read
      let batch: ActivityEvent[] = [];
      for (let i = 0; i < n; i++) {
        const e = events[i];
        if ((range.from !== undefined && e.ts < range.from) || (range.to !== undefined && e.ts > range.to)) continue;
        batch.push(e);
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length) yield batch;
    },

    async countEvents() {
      return events.length;
    },

    saveScan(scanId, report) {
      return writes.run(async () => {
        assertOpen();
        const file: ScanFile = { scanId, seq: ++seq, report };
        await writeFileAtomic(join(dir, 'scans', scanFileName(scanId)), JSON.stringify(file));
        applyScan(scanId, report);
        resort();
      });
    },

    async listClusters(q: ClusterQuery): Promise<ClusterPage> {
      return pageClusters(sorted, q);
    },

    async getCluster(id) {
      return clusters.get(id);
    },

    async accountClusters(account) {
      return sorted.filter((c) => c.members.includes(account));
    },

    setReview(clusterId, review) {
      return writes.run(async () => {
        assertOpen();
        const c = clusters.get(clusterId);
        if (!c) return undefined;
        const next = new Map(reviews).set(clusterId, review);
        await writeFileAtomic(reviewsPath, JSON.stringify(Object.fromEntries(next)));
        reviews.set(clusterId, review);
        const updated: StoredCluster = { ...c, review };
        clusters.set(clusterId, updated);
        resort();
        return updated;
      });
    },

    async accountEvents(account, q) {
      const positions = byAccount.get(account) ?? [];
      const picked: ActivityEvent[] = [];
      for (const p of positions) {
        const e = events[p];
        if ((q.from !== undefined && e.ts < q.from) || (q.to !== undefined && e.ts > q.to)) continue;
        picked.push(e);
      }
      picked.sort((a, b) => a.ts - b.ts);
      return picked.slice(Math.max(0, picked.length - q.limit));
    },

    pruneEvents(before) {
      return writes.run(async () => {
        assertOpen();
        const kept = events.filter((e) => e.ts >= before);
        const dropped = events.length - kept.length;
        if (!dropped) return 0;
        await log.close();
        try {
          await writeFileAtomic(eventsPath, kept.map((e) => JSON.stringify(e) + '\n').join(''));
        } finally {
          log = await EventLog.open(eventsPath); // the new file, or the old one if the rewrite failed
        }
        events.length = 0;
        ids.clear();
        byAccount.clear();
        for (const e of kept) index(e as ActivityEvent & { id: string });
        return dropped;
      });
    },

    async getScan(scanId) {
      const text = await readIfExists(join(dir, 'scans', scanFileName(scanId)));
      return text ? (JSON.parse(text) as ScanFile).report : undefined;
    },

    async close() {
      if (closed) return;
      await writes.run(async () => {
        closed = true;
        await log.close();
      });
    },
  };
}
