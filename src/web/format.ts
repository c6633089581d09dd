// Display formatting. Times are shown in UTC everywhere so analysts in different zones agree.

export function fmtTime(iso: string | number | undefined): string {
  if (iso === undefined || iso === '') return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z').replace(/Z$/, ' UTC');
}

/** Clock time only, for axes: HH:MM:SS, or HH:MM when the ticks are whole minutes apart. */
export function fmtClock(ms: number, stepMs = 0): string {
  const iso = new Date(ms).toISOString();
  return stepMs >= 60_000 && stepMs % 60_000 === 0 ? iso.slice(11, 16) : iso.slice(11, 19);
}

/** A signed offset in seconds, for the aligned axis: "+35s", "−2min", "0". */
export function fmtOffset(seconds: number): string {
  if (seconds === 0) return '0';
  return `${seconds < 0 ? '−' : '+'}${fmtDuration(Math.abs(seconds))}`;
}

/**
 * Which reading a flag rests on (the report's `reading`), and which of the statistics carry it: a
 * copying flag's timing p-value (often 0.5) is beside the point, and the card says so.
 */
export function readingLabel(reading: string | undefined): string | undefined {
  switch (reading) {
    case 'whole':
      return 'timing: the bursts taken together (pValue, tightness)';
    case 'bursts':
      return 'timing: its significant bursts (burstTargets)';
    case 'copying':
      return 'near-duplicate texts written together (the copying figures, not pValue)';
    default:
      return undefined;
  }
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
