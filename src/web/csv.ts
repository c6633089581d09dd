// CSV for case files. Spreadsheet apps execute cells that look like formulas, and cluster data
// (post text, account names) is attacker-controlled, so every cell is neutralised before quoting.
import type { ReportCluster } from '../report/types.js';

/** Characters that make Excel/LibreOffice/Sheets treat a cell as a formula (or a DDE payload). */
const FORMULA_START = /^[=+\-@\t\r\n]/;

/** Prefixes a formula-looking value with `'` so spreadsheets show it as text. */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One RFC 4180 cell: neutralised, then quoted when it holds a separator, quote or line break. */
export function csvCell(value: unknown): string {
  const s = neutralise(value === null || value === undefined ? '' : String(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A whole CSV document (CRLF line ends, header first). */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export const CLUSTER_CSV_HEADER = [
  'cluster_id', 'score', 'signal', 'target', 'action', 'account', 'ts', 'event_id', 'text', 'spread_seconds', 'organic_others',
] as const;

/** One row per member action in the cluster's evidence. */
export function clusterCsvRows(cluster: ReportCluster): unknown[][] {
  const rows: unknown[][] = [];
  for (const ev of cluster.evidence ?? []) {
    for (const m of ev.members) {
      rows.push([
        cluster.id, cluster.score, ev.signal, ev.target, ev.action, m.account, m.ts, m.eventId ?? '', m.text ?? '',
        ev.spreadSeconds, ev.others ?? '',
      ]);
    }
  }
  return rows;
}

export function clusterToCsv(cluster: ReportCluster): string {
  return toCsv(CLUSTER_CSV_HEADER, clusterCsvRows(cluster));
}
