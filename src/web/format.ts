// Display formatting. Times are shown in UTC everywhere so analysts in different zones agree.

export function fmtTime(iso: string | number | undefined): string {
  if (iso === undefined || iso === '') return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC');
}

/** Clock time only (HH:MM:SS), for axes. */
export function fmtClock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

export function fmtScore(x: number): string {
  return Number.isFinite(x) ? x.toFixed(2) : '—';
}

export function fmtNumber(x: number | undefined): string {
  if (x === undefined || !Number.isFinite(x)) return '—';
  if (x !== 0 && (Math.abs(x) < 1e-3 || Math.abs(x) >= 1e6)) return x.toExponential(2);
  return Number.isInteger(x) ? String(x) : x.toFixed(3);
}

export function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '—';
  if (seconds < 60) return `${Math.round(seconds * 10) / 10}s`;
  if (seconds < 3600) return `${Math.round(seconds / 6) / 10}min`;
  return `${Math.round(seconds / 360) / 10}h`;
}

export const REVIEW_LABELS: Record<string, string> = {
  confirmed: 'Confirmed inauthentic',
  dismissed: 'Dismissed',
  'needs-more-evidence': 'Needs more evidence',
  unreviewed: 'Unreviewed',
};
