import { EventTableBuilder, type EventTable } from '../../ingest/table.js';
import type { IngestStats } from '../../ingest/types.js';
import type { Store, TimeRange } from '../types.js';

/** A store's events in a time range as an EventTable (what `lockstep scan --neo4j --from --to` scans). */
export async function readTable(store: Store, range: TimeRange): Promise<{ table: EventTable; stats: IngestStats }> {
  const b = new EventTableBuilder();
  let read = 0;
  let duplicates = 0;
  for await (const batch of store.readEvents(range)) {
    for (const e of batch) {
      read++;
      if (!b.push(e)) duplicates++;
    }
  }
  return { table: b.build(), stats: { read, events: read - duplicates, rejected: 0, duplicates } };
}
