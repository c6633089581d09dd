import type { Report } from '../report/types.js';

/** The short human summary printed on stderr at the end of a scan. */
export function formatSummary(report: Report, wallSeconds: number, top = 5): string {
  const s = report.stats;
  const lines = [
    `lockstep: ${s.read.toLocaleString('en')} records read: ${s.events.toLocaleString('en')} events, ${s.rejected} rejected, ${s.duplicates} duplicates${s.outsideRange ? `, ${s.outsideRange.toLocaleString('en')} outside --from/--to` : ''}; ${s.accounts.toLocaleString('en')} accounts.`,
    `lockstep: ${s.flagged} cluster${s.flagged === 1 ? '' : 's'} flagged (${s.flaggedAccounts} accounts) in ${wallSeconds.toFixed(1)} s.`,
  ];
  // What was read from the data and decides the verdicts is said, not only written in the report.
  if (s.regime?.used === 'slice' && report.params.regime === 'auto')
    lines.push(`lockstep: read as a slice of suspects (${Math.round(s.regime.closedShare * 100)}% of shared targets acted on only by candidate communities; ≥ 60% reads so): reporting the groups that act together, with no organic yardstick. --regime population to measure against independent reactions.`);
  for (const c of report.clusters.slice(0, top)) lines.push(`  ${c.id}  score ${c.score.toFixed(2)}  ${c.members.length} accounts  ${c.summary}`);
  if (report.clusters.length > top) lines.push(`  … and ${report.clusters.length - top} more.`);
  return lines.join('\n') + '\n';
}
