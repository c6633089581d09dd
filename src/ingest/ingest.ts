import { InputRejectedError } from './errors.js';
import { NdjsonTableReader } from './ndjson-fast.js';
import { readBatches, readTextBatches, timePolicyOf, type ReadItem, type ReadOptions } from './read.js';
import { RejectSink, type RejectKind } from './rejects.js';
import type { TimePolicy } from './time-policy.js';
import { CorruptInputError, decodeText, formatFromName, prependAll, sniffBytes, sourceBytes, sourceLabel, STDIN } from './source.js';
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
  /** Every reject grouped by kind, most frequent first (the top few). */
  rejectKinds?: RejectKind[];
  /** The time policy the input was read with: which units numeric times were read in. */
  time?: TimePolicy;
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
 *
 * NDJSON without a column mapping (and duplicates other than `exact`) is read by
 * NdjsonTableReader, straight from bytes into the table; everything else through readBatches.
 * Both give the same table, counts and rejects.
 */
export async function ingestSources(sources: string[], options: IngestOptions = {}): Promise<IngestResult> {
  // One time policy for every source, so its unit counts cover the whole input.
  const opts = { ...options, time: timePolicyOf(options) };
  const policy = opts.duplicates ?? 'id';
  // Repeated ids are dropped when the table is built (see EventTableBuilder): the counts are fixed then.
  const builder = new EventTableBuilder(undefined, { dedupe: policy === 'id' ? 'at-build' : 'none' });
  const seenExact = policy === 'exact' ? new Set<string>() : undefined;
  const sink = new RejectSink(opts.rejectsFile);
  const stats: IngestStats = { read: 0, events: 0, rejected: 0, duplicates: 0 };
  const strict = opts.strict ?? false;
  let nextProgress = PROGRESS_EVERY;

  const addEvent = (ev: ActivityEvent) => {
    stats.read++;
    if (seenExact && ev.id !== undefined) {
      const key = fingerprint(ev);
      if (seenExact.has(key)) {
        stats.duplicates++;
        return;
      }
      seenExact.add(key);
    }
    if (builder.push(ev)) stats.events++;
    else stats.duplicates++;
  };
  const addReject = (r: Reject) => {
    stats.read++;
    stats.rejected++;
    sink.add(r);
  };
  /** After each batch: let a full rejects file drain, report progress. */
  const batchDone = async () => {
    if (stats.rejected) await sink.flush();
    if (opts.onProgress && stats.read >= nextProgress) {
      opts.onProgress({ ...stats });
      nextProgress = (Math.floor(stats.read / PROGRESS_EVERY) + 1) * PROGRESS_EVERY;
    }
  };
  const readBatchesOf = async (batches: AsyncIterable<ReadItem[]>) => {
    for await (const batch of batches) {
      for (const item of batch) {
        if ('reject' in item) addReject(item.reject);
        else addEvent(item.event);
      }
      await batchDone();
    }
  };

  const fast = !opts.mapping && policy !== 'exact';
  try {
    for (const source of sources) {
      const format = opts.format && opts.format !== 'auto' ? opts.format : source === STDIN ? undefined : formatFromName(source);
      if (!fast || (format !== undefined && format !== 'ndjson')) {
        await readBatchesOf(readBatches(source, opts));
        continue;
      }
      const label = sourceLabel(source);
      const reader = new NdjsonTableReader({
        builder,
        time: opts.time,
        event: addEvent,
        pushed(kept, duplicates) {
          stats.read += kept + duplicates;
          stats.events += kept;
          stats.duplicates += duplicates;
        },
        reject(line, reason) {
          const r = { source: label, line, reason };
          if (strict) throw new InputRejectedError(r);
          addReject(r);
        },
      });
      const bytes = sourceBytes(source, opts.stdin);
      try {
        if (format === undefined) {
          // Standard input or a name that does not say: the first non-blank character does.
          const sniffed = await sniffBytes(bytes);
          if (sniffed.format === undefined) continue; // empty or blank: no records
          if (sniffed.format !== 'ndjson') {
            await readBatchesOf(readTextBatches(label, sniffed.format, decodeText(prependAll(sniffed.head, bytes)), opts));
            continue;
          }
          for (const chunk of sniffed.head) reader.push(chunk);
          await batchDone();
        }
        for await (const chunk of bytes) {
          reader.push(chunk);
          await batchDone();
        }
        reader.end();
        await batchDone();
      } catch (err) {
        if (!(err instanceof CorruptInputError)) throw err;
        // Keep what was read; the truncated tail is one reject (a cut-off last record could look valid).
        const r = { source: label, line: reader.lastRecordLine + 1, reason: `${err.message} (input after this point is lost)` };
        if (strict) throw new InputRejectedError(r);
        addReject(r);
        await batchDone();
      } finally {
        await bytes.return(undefined).catch(() => undefined); // closes the file if reading stopped early
      }
    }
  } catch (err) {
    if (err instanceof InputRejectedError) sink.add(err.reject);
    await sink.close().catch(() => undefined);
    throw err;
  }
  await sink.close();
  const table = builder.build();
  stats.events -= builder.duplicates;
  stats.duplicates += builder.duplicates;
  opts.onProgress?.({ ...stats });
  return { table, stats, rejects: sink.kept, rejectKinds: sink.topKinds(), time: opts.time };
}
