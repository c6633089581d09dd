import { EventTableBuilder, eventAt, ingestSources, type EventTable, type IngestOptions, type IngestResult } from '../ingest/index.js';
import { readStoreTable } from '../store/read-table.js';
import type { Store, TimeRange } from '../store/types.js';

/** Where a scan's events come from: files (or stdin), or a store (embedded or Neo4j). */
export type ScanSource = { kind: 'files'; inputs: string[]; ingest: IngestOptions } | { kind: 'store'; store: Store; label: string };

/** What readRange read: with a range, the valid events outside it; where none is inside, the span
 *  the input's events cover (files). */
export type RangeRead = IngestResult & { outsideRange?: number; span?: { from: number; to: number } };

/**
 * The one time-range reader: the events of a source inside [from, to] (inclusive; either open) as a
 * table, with the ingest counts. Files are read whole and filtered; stores page through the range.
 */

export async function readRange(source: ScanSource, range: TimeRange, signal?: AbortSignal): Promise<RangeRead> {
  if (source.kind === 'store') {
    const { table, stats } = await readStoreTable(source.store, range, signal);
    return { table, stats, rejects: [] };
  }
  const ingested: RangeRead = await ingestSources(source.inputs, source.ingest);
  if (range.from !== undefined || range.to !== undefined) {
    const whole = ingested.table;
    const all = whole.size;
    ingested.table = withinRange(whole, range.from ?? -Infinity, range.to ?? Infinity);
    // Only a range that misses everything needs the span (to say where the events are).
    if (all > 0 && ingested.table.size === 0) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < all; i++) {
        lo = Math.min(lo, whole.ts[i]);
        hi = Math.max(hi, whole.ts[i]);
      }
      ingested.span = { from: lo, to: hi };
    }
    // stats.events counts the events scanned; the rest of the input is outsideRange (read = events + rejected + duplicates + outsideRange).
    ingested.outsideRange = all - ingested.table.size;
    ingested.stats = { ...ingested.stats, events: ingested.table.size };
  }
  return ingested;
}

/** Keeps the events inside [from, to] (inclusive); of events sharing an id, the first. */
function withinRange(t: EventTable, from: number, to: number): EventTable {
  // (Repeated ids are dropped at build: the same table as dropping them on push, faster.)
  const b = new EventTableBuilder(t.size, { dedupe: 'at-build' });
  for (let i = 0; i < t.size; i++) if (t.ts[i] >= from && t.ts[i] <= to) b.push(eventAt(t, i));
  return b.build();
}

/** Labels of a source for `params.inputs`. */
export const sourceLabels = (s: ScanSource) => (s.kind === 'files' ? s.inputs : [s.label]);
