import { InputRejectedError, RejectSink, readBatches, type ReadOptions } from '../../ingest/index.js';
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
 * Streams validated events from sources into a store in batches. While one batch is being written,
 * the next is read and parsed, so reading and the store work in parallel. Rejects are counted and
 * written to `rejectsFile`; under `strict` the first one stops the load (committed batches stay).
 * Always, at the end: read = accepted + duplicates + rejected.
 */
export async function loadSources(store: Store, sources: string[], opts: LoadOptions = {}): Promise<{ counts: LoadCounts; rejects: Reject[] }> {
  const batchSize = opts.batchSize ?? 5000;
  const counts: LoadCounts = { read: 0, accepted: 0, duplicates: 0, rejected: 0, committed: 0 };
  const sink = new RejectSink(opts.rejectsFile);
  let inflight: Promise<void> | undefined;
  let inflightSize = 0;
  let failure: unknown;

  const send = async (batch: ActivityEvent[]) => {
    if (inflight) await inflight;
    if (failure) throw failure;
    inflightSize = batch.length;
    inflight = store.appendEvents(batch).then(
      (r) => {
        counts.accepted += r.accepted;
        counts.duplicates += r.duplicates;
        counts.committed += batch.length;
        opts.onProgress?.({ ...counts });
      },
      (err: unknown) => {
        failure = err;
      },
    );
  };
  const drain = async () => {
    if (inflight) await inflight;
    if (failure) throw failure;
  };

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
            await send(batch);
            batch = [];
          }
        }
        if (counts.rejected) await sink.flush();
      }
    }
    if (batch.length) await send(batch);
    await drain();
  } catch (err) {
    // Whatever the first error, wait for the batch in flight so the committed count is exact.
    await inflight;
    await sink.close().catch(() => undefined);
    const why = err instanceof Error ? err.message : String(err);
    const committed = `${counts.committed} events were committed (${counts.accepted} new, ${counts.duplicates} already stored)`;
    const message =
      err instanceof InputRejectedError
        ? `${why}; ${committed} before it`
        : failure !== undefined
          ? `the store failed: ${why}\n${committed}; the batch of ${inflightSize} events being written when it failed may or may not ` +
            'have been committed (a lost connection hides the outcome). Re-run the same command to finish: events already stored are skipped.'
          : `${why}\n${committed} before it.`;
    throw new LoadError(
      message,
      { ...counts },
      { cause: err },
    );
  }
  await sink.close();
  return { counts, rejects: sink.kept };
}
