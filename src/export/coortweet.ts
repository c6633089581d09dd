import { stringify } from 'csv-stringify/sync';
import { coShareEdges, coSharePairs, type CoShareEdge, type CoShareOptions } from '../graph/coortweet.js';
import type { EventTable } from '../ingest/table.js';

/** One row of CooRTweet's edge list, oriented and ordered as CooRTweet writes it. */
export interface CoortweetRow {
  from: string;
  to: string;
  edge: CoShareEdge;
  /** 1 when the weight is above the median edge weight (CooRTweet's `edge_weight = 0.5`), else 0. */
  weightThreshold: 0 | 1;
}

export const COORTWEET_COLUMNS = ['from', 'to', 'weight', 'avg_time_delta', 'n_content_id', 'n_content_id_y', 'edge_symmetry_score', 'weight_threshold'] as const;

/**
 * CooRTweet's coordinated network (`detect_groups` + `generate_coordinated_network`, then igraph's
 * edge data frame) in its row order and orientation, so the written file is byte-identical:
 * - `detect_groups` keeps accounts with enough rows, grouped by account in order of first appearance;
 *   then, per object in order of first appearance, pairs each row with every earlier row of the group.
 *   An edge comes in the order its first pair does.
 * - igraph numbers vertices by first appearance over the lower-named ends of all edges, then the
 *   higher-named ends; `from` is the end with the smaller number.
 */
export function coortweetRows(t: EventTable, opts: CoShareOptions): CoortweetRow[] {
  const pairs = coSharePairs(t, opts);
  const edges = coShareEdges(t, pairs);

  // Row position after the account filter's regrouping: (account's first appearance, input order).
  const accountRank = new Int32Array(t.accountNames.length).fill(-1);
  let nextAccount = 0;
  for (let i = 0; i < t.size; i++) if (accountRank[t.account[i]] < 0) accountRank[t.account[i]] = nextAccount++;
  const rowsByAccount = new Int32Array(nextAccount + 1);
  for (let i = 0; i < t.size; i++) if (t.target[i] >= 0) rowsByAccount[accountRank[t.account[i]] + 1]++;
  const eligible = (i: number) => t.target[i] >= 0 && rowsByAccount[accountRank[t.account[i]] + 1] >= opts.minParticipation;
  for (let k = 0; k < nextAccount; k++) rowsByAccount[k + 1] += rowsByAccount[k];
  const fill = rowsByAccount.slice(0, nextAccount);
  const pos = new Int32Array(t.size);
  for (let i = 0; i < t.size; i++) if (t.target[i] >= 0) pos[i] = fill[accountRank[t.account[i]]]++;
  // Objects by first appearance in that regrouped order.
  const objectFirst = new Float64Array(t.targetNames.length).fill(Infinity);
  for (let i = 0; i < t.size; i++) if (eligible(i)) objectFirst[t.target[i]] = Math.min(objectFirst[t.target[i]], pos[i]);

  // Each account pair's first pair: (object's rank, later row, earlier row) in the regrouped order.
  const firstPair = new Map<string, [number, number, number]>();
  const before = (x: [number, number, number], y: [number, number, number]) => x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
  for (let k = 0; k < pairs.size; k++) {
    const o = pairs.older[k], w = pairs.newer[k];
    const late = Math.max(pos[o], pos[w]), early = Math.min(pos[o], pos[w]);
    const key = pairKey(t.accountNames[t.account[o]], t.accountNames[t.account[w]]);
    const rank: [number, number, number] = [objectFirst[t.target[o]], late, early];
    const seen = firstPair.get(key);
    if (!seen || before(rank, seen) < 0) firstPair.set(key, rank);
  }
  const ordered = [...edges].sort((e, f) => before(firstPair.get(pairKey(e.a, e.b))!, firstPair.get(pairKey(f.a, f.b))!));

  const vertex = new Map<string, number>();
  for (const e of ordered) if (!vertex.has(e.a)) vertex.set(e.a, vertex.size);
  for (const e of ordered) if (!vertex.has(e.b)) vertex.set(e.b, vertex.size);
  const median = quantile7(ordered.map((e) => e.weight), 0.5);
  return ordered.map((edge) => {
    const [from, to] = vertex.get(edge.a)! <= vertex.get(edge.b)! ? [edge.a, edge.b] : [edge.b, edge.a];
    return { from, to, edge, weightThreshold: edge.weight > median ? 1 : 0 };
  });
}

/** The edge list as CSV, numbers as R writes them (15 significant digits). */
export function coortweetCsv(rows: CoortweetRow[]): string {
  return stringify(
    rows.map((r) => [r.from, r.to, r.edge.weight, rNumber(r.edge.avgTimeDelta), r.edge.nContent, r.edge.nContentY, rNumber(r.edge.edgeSymmetry), r.weightThreshold]),
    { header: true, columns: [...COORTWEET_COLUMNS], cast: { number: (n) => String(n) } },
  );
}

const pairKey = (x: string, y: string) => (x < y ? `${x}\u0000${y}` : `${y}\u0000${x}`);

/** R's default rendering of a double: up to 15 significant digits, trailing zeros dropped. */
export function rNumber(x: number): string {
  if (Number.isInteger(x)) return String(x);
  const s = x.toPrecision(15);
  return s.includes('e') ? s : s.replace(/\.?0+$/, '');
}

/** R's `quantile(x, p)` (type 7): linear interpolation between order statistics. */
export function quantile7(values: number[], p: number): number {
  if (!values.length) return NaN;
  const v = [...values].sort((a, b) => a - b);
  const h = (v.length - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < v.length ? v[lo] + (h - lo) * (v[lo + 1] - v[lo]) : v[lo];
}
