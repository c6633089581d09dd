/** Epoch ms from an ISO-8601 string or epoch-ms number (or all-digit string, as in query strings). */
export function parseTime(v: string | number): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (/^-?\d{1,16}$/.test(v)) return Number(v);
  // Require a date shape so Date.parse's lenient legacy formats ("1", "March") are not accepted.
  if (!/^\d{4}-\d{2}-\d{2}/.test(v)) return undefined;
  const t = Date.parse(v);
  return Number.isFinite(t) ? t : undefined;
}
