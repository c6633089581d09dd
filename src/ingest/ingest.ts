import { InputRejectedError } from './errors.js';
import { readBatches, type ReadOptions } from './read.js';
import { RejectSink } from './rejects.js';
import { EventTableBuilder, type EventTable } from './table.js';
import type { ActivityEvent, IngestStats, Reject } from './types.js';

/**
 * Which records count as duplicates (and are dropped):
 * - `id` (default): any event whose id was already seen (idempotent re-ingestion, per the contract);
 * - `exact`: only an event identical in every field to an earlier one with the same id; two
 *   different records sharing an id are both kept (CooRTweet compatibility: its data has such rows);
 * - `keep`: none; every valid record becomes an event.
 */
export type DuplicatePolicy = 'id' | 'exact' | 'keep';

export interface IngestOptions extends ReadOptions {
  /** Write every reject as an NDJSON line ({source,line,reason}) to this file, as it happens. */
  rejectsFile?: string;
  duplicates?: DuplicatePolicy;
  /** Called every PROGRESS_EVERY records read, and once at the end. */
  onProgress?: (stats: IngestStats) => void;
}

export interface IngestResult {
  table: EventTable;
  stats: IngestStats;
  /** The first KEPT_REJECTS rejects (all of them are in the rejects file, if one was given). */
  rejects: Reject[];
}

export const PROGRESS_EVERY = 50_000;

/** A key equal for two events exactly when every field is equal. */
function fingerprint(e: ActivityEvent): string {
  return JSON.stringify([e.id, e.account, e.action, e.target, e.ts, e.text, e.platform]);
}

/**
 * Reads every source in order into one EventTable. Invalid records become rejects (the first few
 * returned, all written to `rejectsFile`); under `strict` the first one throws InputRejectedError
 * (after it is written to the rejects file). Always: read = events + rejected + duplicates.
 */
export async function ingestSources(sources: string[], opts: IngestOptions = {}): Promise<IngestResult> {
  const policy = opts.duplicates ?? 'id';
  const builder = new EventTableBuilder(undefined, { dedupeIds: policy === 'id' });
  const seenExact = policy === 'exact' ? new Set<string>() : undefined;
  const sink = new RejectSink(opts.rejectsFile);
  const stats: IngestStats = { read: 0, events: 0, rejected: 0, duplicates: 0 };
  let nextProgress = PROGRESS_EVERY;
  try {
    for (const source of sources) {
      for await (const batch of readBatches(source, opts)) {
        for (const item of batch) {
          stats.read++;
          if ('reject' in item) {
            stats.rejected++;
            sink.add(item.reject);
            continue;
          }
          const ev = item.event;
          if (seenExact && ev.id !== undefined) {
            const key = fingerprint(ev);
            if (seenExact.has(key)) {
              stats.duplicates++;
              continue;
            }
            seenExact.add(key);
          }
          if (builder.push(ev)) stats.events++;
          else stats.duplicates++;
        }
        if (stats.rejected) await sink.flush();
        if (opts.onProgress && stats.read >= nextProgress) {
          opts.onProgress({ ...stats });
          nextProgress = (Math.floor(stats.read / PROGRESS_EVERY) + 1) * PROGRESS_EVERY;
        }
      }
    }
  } catch (err) {
    if (err instanceof InputRejectedError) sink.add(err.reject);
    await sink.close().catch(() => undefined);
    throw err;
  }
  await sink.close();
  opts.onProgress?.({ ...stats });
  return { table: builder.build(), stats, rejects: sink.kept };
}
