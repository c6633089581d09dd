import { EventTableBuilder, type EventTable } from '../ingest/table.js';
import type { IngestStats } from '../ingest/types.js';
import type { Store, TimeRange } from './types.js';

/**
 * A store's events in a time range as an EventTable, paging through `readEvents`' batches (the one
 * copy of this loop: CLI, API and the nightly job all read a range through here). An abort stops it
 * between batches.
 */
export async function readStoreTable(store: Store, range: TimeRange, signal?: AbortSignal): Promise<{ table: EventTable; stats: IngestStats }> {
  const b = new EventTableBuilder();
  let read = 0;
  let duplicates = 0;
  for await (const batch of store.readEvents(range)) {
    signal?.throwIfAborted();
    for (const e of batch) {
      read++;
      if (!b.push(e)) duplicates++;
    }
  }
  return { table: b.build(), stats: { read, events: read - duplicates, rejected: 0, duplicates } };
}
