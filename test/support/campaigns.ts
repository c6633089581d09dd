import type { Report, ReportCluster } from '../../src/report/types.js';
import type { Campaign } from './multi-day.js';

/** The report cluster holding most of a campaign's members (and mostly them), if any. */
export function clusterOf(report: Report, members: readonly string[]): ReportCluster | undefined {
  const set = new Set(members);
  let best: ReportCluster | undefined;
  let bestShared = 0;
  for (const c of report.clusters) {
    const shared = c.members.filter((m) => set.has(m)).length;
    if (shared > bestShared && shared >= 0.5 * c.members.length && shared >= Math.min(3, members.length)) [best, bestShared] = [c, shared];
  }
  return best;
}

/** The campaigns a report finds, in the order of `prefer` (kinds), then the rest. */
export function found(report: Report, campaigns: readonly Campaign[], prefer: readonly string[] = []): Campaign[] {
  const rank = (c: Campaign) => (prefer.includes(c.kind) ? prefer.indexOf(c.kind) : prefer.length);
  return campaigns.filter((c) => clusterOf(report, c.members)).sort((a, b) => rank(a) - rank(b));
}
