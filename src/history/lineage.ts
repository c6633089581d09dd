/**
 * Matching a scan's clusters to earlier ones by member overlap (pure; no I/O). An earlier cluster is
 * a match when the two share at least `minShared` members and at least `minOverlap` of the smaller
 * one. A match carries the operation on; no match starts one.
 */

export type LineageStatus = 'new' | 'continuing' | 'grown' | 'shrunk' | 'merged' | 'split';

export interface Lineage {
  status: LineageStatus;
  /** Earlier clusters this one matched, most shared members first. */
  previous: { id: string; operationId: string; overlap: number; shared: number }[];
}

export interface EarlierCluster {
  id: string;
  operationId: string;
  members: readonly string[];
}

export interface CurrentCluster {
  id: string;
  members: readonly string[];
}

export interface MatchOptions {
  /** Shared members over the smaller cluster's size. */
  minOverlap: number;
  minShared: number;
  /** Members added or removed, as a share of the earlier size, still read as `continuing`. */
  stableChange: number;
}

export const DEFAULT_MATCH: MatchOptions = { minOverlap: 0.3, minShared: 2, stableChange: 0.1 };

/** The operation id a cluster founds: derived from its (member-hash) id, so re-runs give the same one. */
export const foundOperationId = (clusterId: string) => `o_${clusterId.replace(/^c_/, '')}`;

export function matchLineage(earlier: readonly EarlierCluster[], current: readonly CurrentCluster[], opts: MatchOptions = DEFAULT_MATCH): { operationId: string; lineage: Lineage }[] {
  const byAccount = new Map<string, number[]>();
  earlier.forEach((e, i) => {
    for (const m of e.members) (byAccount.get(m) ?? byAccount.set(m, []).get(m)!).push(i);
  });
  const matches = current.map((c) => {
    const shared = new Map<number, number>();
    for (const m of new Set(c.members)) for (const i of byAccount.get(m) ?? []) shared.set(i, (shared.get(i) ?? 0) + 1);
    return [...shared]
      .filter(([i, n]) => n >= opts.minShared && n / Math.min(c.members.length, earlier[i].members.length) >= opts.minOverlap)
      .map(([i, n]) => ({ i, shared: n, overlap: n / (c.members.length + earlier[i].members.length - n) }))
      .sort((a, b) => b.shared - a.shared || b.overlap - a.overlap || cmp(earlier[a.i].operationId, earlier[b.i].operationId));
  });
  const claimedBy = new Map<number, number>();
  for (const ms of matches) for (const m of ms) claimedBy.set(m.i, (claimedBy.get(m.i) ?? 0) + 1);

  return current.map((c, k) => {
    const ms = matches[k];
    if (!ms.length) return { operationId: foundOperationId(c.id), lineage: { status: 'new', previous: [] } };
    const previous = ms.map((m) => ({ id: earlier[m.i].id, operationId: earlier[m.i].operationId, overlap: round(m.overlap), shared: m.shared }));
    const operationId = earlier[ms[0].i].operationId;
    let status: LineageStatus;
    if (ms.length > 1) status = 'merged';
    else if ((claimedBy.get(ms[0].i) ?? 0) > 1) status = 'split';
    else {
      const before = earlier[ms[0].i].members.length;
      const added = c.members.length - ms[0].shared;
      const removed = before - ms[0].shared;
      const tolerance = Math.max(1, opts.stableChange * before);
      status = added <= tolerance && removed <= tolerance ? 'continuing' : c.members.length > before ? 'grown' : c.members.length < before ? 'shrunk' : 'continuing';
    }
    return { operationId, lineage: { status, previous } };
  });
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const round = (x: number) => Math.round(x * 1000) / 1000;
