import type { EventTable } from '../../src/ingest/table.js';
import { coShareCounts, pairOf } from './coshare.js';

/**
 * The calibration baseline: what common coordination tools do. Link two accounts that co-shared
 * (same target, within `windowS`) at least `minCoShares` times, flag every connected component
 * of at least `minClusterSize` accounts. No timing null model, no text, no other actions.
 */
export interface BaselineOptions {
  windowS: number;
  minCoShares: number;
  minClusterSize: number;
}

export const BASELINE_DEFAULTS: BaselineOptions = { windowS: 60, minCoShares: 2, minClusterSize: 3 };

export interface BaselineCluster {
  id: string;
  score: number;
  members: string[];
}

export function baselineClusters(t: EventTable, o: Partial<BaselineOptions> = {}): BaselineCluster[] {
  const opt = { ...BASELINE_DEFAULTS };
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (opt as Record<string, number>)[k] = v;
  const share = t.actionNames.indexOf('share');
  const account: number[] = [], target: number[] = [], ts: number[] = [];
  for (let i = 0; i < t.size; i++) {
    if (t.action[i] !== share || t.target[i] < 0) continue;
    account.push(t.account[i]);
    target.push(t.target[i]);
    ts.push(t.ts[i]);
  }
  const parent = new Int32Array(t.accountNames.length).map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  const linked = new Uint8Array(t.accountNames.length);
  for (const [key, n] of coShareCounts({ account, target, ts }, opt.windowS * 1000)) {
    if (n < opt.minCoShares) continue;
    const [a, b] = pairOf(key);
    linked[a] = linked[b] = 1;
    const ra = find(a), rb = find(b);
    if (ra !== rb) parent[ra] = rb;
  }
  const comps = new Map<number, string[]>();
  for (let a = 0; a < linked.length; a++) {
    if (!linked[a]) continue;
    const r = find(a);
    const l = comps.get(r);
    if (l) l.push(t.accountNames[a]);
    else comps.set(r, [t.accountNames[a]]);
  }
  return [...comps.values()]
    .filter((m) => m.length >= opt.minClusterSize)
    .sort((a, b) => b.length - a.length)
    .map((members, i) => ({ id: `baseline-${i}`, score: 1, members: members.sort() }));
}
