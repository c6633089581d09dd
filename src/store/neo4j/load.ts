import { InputRejectedError, RejectSink, readBatches, type ReadOptions } from '../../ingest/index.js';
import type { RejectKind } from '../../ingest/rejects.js';
import type { ActivityEvent, Reject } from '../../ingest/types.js';
import type { Store } from '../types.js';

export interface LoadCounts {
  read: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  /** Events in batches the store has committed (accepted + duplicates so far). */
  committed: number;
}

export interface LoadOptions extends ReadOptions {
  /** Events per appendEvents call; each call is one atomic batch. */
  batchSize?: number;
  /** Batches written at once (default 1); each is its own transaction, on its own connection. */
  writers?: number;
  rejectsFile?: string;
  /** After each committed batch. */
  onProgress?: (c: LoadCounts) => void;
}

/** Loading stopped part-way: `counts` says what had been committed before `cause` (an InputRejectedError under strict). */
export class LoadError extends Error {
  constructor(
    message: string,
    readonly counts: LoadCounts,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Writes batches to a store with up to `writers` appendEvents calls in flight. `send` waits while all
 * writers are busy, so the caller reads and parses the next batch while the store works. After the
 * first failure nothing more is sent; `drain` waits for every batch in flight to settle, so counts
 * cover exactly the batches the store acknowledged, and `unknown` lists the sizes of the batches that
 * failed (a lost connection hides whether their commit went through).
 */
export class BatchWriter {
  readonly counts: LoadCounts = { read: 0, accepted: 0, duplicates: 0, rejected: 0, committed: 0 };
  readonly unknown: number[] = [];
  failure: unknown;
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly store: Store,
    private readonly writers = 1,
    private readonly onProgress?: (c: LoadCounts) => void,
  ) {}

  async send(batch: ActivityEvent[]): Promise<void> {
    while (this.inflight.size >= this.writers && this.failure === undefined) await Promise.race(this.inflight);
    if (this.failure !== undefined) throw this.failure;
    const p: Promise<void> = this.store.appendEvents(batch).then(
      (r) => {
        this.counts.accepted += r.accepted;
        this.counts.duplicates += r.duplicates;
        this.counts.committed += batch.length;
        this.onProgress?.({ ...this.counts });
      },
      (err: unknown) => {
        this.failure ??= err;
        this.unknown.push(batch.length);
      },
    );
    this.inflight.add(p);
    void p.then(() => this.inflight.delete(p));
  }

  /** Waits for every batch in flight; throws the first failure. */
  async drain(): Promise<void> {
    await this.settle();
    if (this.failure !== undefined) throw this.failure;
  }

  /** Waits for every batch in flight, never throws. */
  async settle(): Promise<void> {
    while (this.inflight.size) await Promise.all(this.inflight);
  }
}

/**
 * Streams validated events from sources into a store in batches. While batches are being written
 * (up to `writers` at once), the next is read and parsed, so reading and the store work in parallel.
 * Rejects are counted and written to `rejectsFile`; under `strict` the first one stops the load
 * (committed batches stay). Always, at the end: read = accepted + duplicates + rejected.
 */
export async function loadSources(store: Store, sources: string[], opts: LoadOptions = {}): Promise<{ counts: LoadCounts; rejects: Reject[]; rejectKinds: RejectKind[] }> {
  const batchSize = opts.batchSize ?? 5000;
  const sink = new RejectSink(opts.rejectsFile);
  const writer = new BatchWriter(store, Math.max(1, opts.writers ?? 1), opts.onProgress);
  const counts = writer.counts;

  let batch: ActivityEvent[] = [];
  try {
    for (const source of sources) {
      for await (const items of readBatches(source, opts)) {
        for (const item of items) {
          counts.read++;
          if ('reject' in item) {
            counts.rejected++;
            sink.add(item.reject);
            continue;
          }
          batch.push(item.event);
          if (batch.length === batchSize) {
            await writer.send(batch);
            batch = [];
          }
        }
        if (counts.rejected) await sink.flush();
      }
    }
    if (batch.length) await writer.send(batch);
    await writer.drain();
  } catch (err) {
    // Whatever the first error, wait for the batches in flight so the committed count is exact.
    await writer.settle();
    await sink.close().catch(() => undefined);
    const failure = writer.failure;
    const why = err instanceof Error ? err.message : String(err);
    const committed = `${counts.committed} events were committed (${counts.accepted} new, ${counts.duplicates} already stored)`;
    const message =
      err instanceof InputRejectedError
        ? `${why}; ${committed} before it`
        : failure !== undefined
          ? `the store failed: ${why}\n${committed}; ${inFlight(writer.unknown)} may or may not ` +
            'have been committed (a lost connection hides the outcome; each batch is all or nothing). Re-run the same command to finish: events already stored are skipped.'
          : `${why}\n${committed} before it.`;
    throw new LoadError(message, { ...counts }, { cause: err });
  }
  await sink.close();
  return { counts, rejects: sink.kept, rejectKinds: sink.topKinds() };
}

/** "the batch of 5000 events being written when it failed" / "the 2 batches being written when it failed (5000 + 5000 events)". */
function inFlight(sizes: number[]): string {
  if (sizes.length === 1) return `the batch of ${sizes[0]} events being written when it failed`;
  return `each of the ${sizes.length} batches being written when it failed (${sizes.join(' + ')} events)`;
}
