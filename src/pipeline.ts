import type { EventTable } from './ingest/table.js';
import type { IngestStats, Reject } from './ingest/types.js';
import type { ScanParams } from './detect/params.js';
import type { Report } from './report/types.js';

export type Stage = 'read' | 'graph' | 'communities' | 'score' | 'report';

export interface ScanOptions {
  /** Ingestion accounting to carry into the report (events read from files, rejects). */
  ingest?: IngestStats;
  rejects?: Reject[];
  onStage?: (stage: Stage) => void;
  /** Cancels a running scan between stages (API DELETE /v1/scans/{id}). */
  signal?: AbortSignal;
}

/** ingest → graph → detect → report, on an in-memory table. Implemented in the scan milestone. */
export async function scanTable(table: EventTable, params: Partial<ScanParams>, opts: ScanOptions = {}): Promise<Report> {
  void table; void params; void opts;
  throw new Error('not implemented yet');
}
