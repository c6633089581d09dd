import { stringify } from 'csv-stringify/sync';
import { neutralise } from '../web/csv.js';
import { UNREVIEWED, type ExportCluster } from './cluster-graph.js';

export const MEMBER_CSV_COLUMNS = ['account', 'cluster_id', 'operation_id', 'lineage', 'score', 'cluster_size', 'review', 'signals', 'first_seen', 'last_seen', 'summary'] as const;

/**
 * One row per member of each cluster, for spreadsheets. Account names and summaries come from the
 * input (attacker-controlled), so every cell that a spreadsheet would run as a formula is prefixed with '.
 */
export function membersCsv(clusters: readonly ExportCluster[]): string {
  const rows = clusters.flatMap((c) =>
    c.members.map((m) => [
      m, c.id, c.operationId ?? '', c.lineage?.status ?? '', c.score, c.members.length, c.review?.state ?? UNREVIEWED,
      Object.keys(c.signals).join(' '), c.firstSeen ?? '', c.lastSeen ?? '', c.summary,
    ]),
  );
  return stringify(rows, {
    header: true,
    columns: [...MEMBER_CSV_COLUMNS],
    record_delimiter: 'windows',
    cast: { string: (s) => neutralise(s), number: (n) => String(n) },
  });
}
