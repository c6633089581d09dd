// Client-side ordering of loaded clusters (the API pages by its own order and has no sort parameter).
import type { ReportCluster } from '../report/types.js';
import { signalLabel } from './signals.js';

export type SortKey = 'score' | 'size' | 'time' | 'signal';
export type SortDir = 'asc' | 'desc';

/** The signal supplying most of the cluster's edge weight, or '' when there is none. */
export function dominantSignal(c: Pick<ReportCluster, 'signals'>): string {
  let best = '';
  let bestW = -Infinity;
  for (const [name, s] of Object.entries(c.signals ?? {})) {
    if (s.weight > bestW || (s.weight === bestW && name < best)) {
      best = name;
      bestW = s.weight;
    }
  }
  return best;
}

function timeOf(c: ReportCluster): number {
  const t = Date.parse(c.firstSeen ?? c.lastSeen ?? '');
  return Number.isNaN(t) ? 0 : t;
}

function compare(a: ReportCluster, b: ReportCluster, key: SortKey): number {
  switch (key) {
    case 'score': return a.score - b.score;
    case 'size': return a.members.length - b.members.length;
    case 'time': return timeOf(a) - timeOf(b);
    case 'signal': {
      // By the plain words the list shows ("near-identical text" before "share").
      const sa = signalLabel(dominantSignal(a));
      const sb = signalLabel(dominantSignal(b));
      return sa < sb ? -1 : sa > sb ? 1 : 0;
    }
  }
}

/** A sorted copy; ties fall back to the report's own order (score, then size, highest first) then id. */
export function sortClusters<T extends ReportCluster>(items: readonly T[], key: SortKey, dir: SortDir): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  return [...items].sort((a, b) =>
    sign * compare(a, b, key) || b.score - a.score || b.members.length - a.members.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
