/** Human-readable durations and p-values for summaries. */
export function formatDuration(seconds: number): string {
  if (seconds < 1) return '< 1 s';
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(seconds < 36000 ? 1 : 0)} h`;
}

export function formatPValue(p: number): string {
  if (p <= 1e-300) return 'p < 1e-300';
  if (p < 1e-3) return `p < 1e-${Math.floor(-Math.log10(p))}`;
  return `p = ${p.toPrecision(2)}`;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
