import type { EventTable } from '../ingest/table.js';
import { TEXT_ACTION, type TargetGroups } from './groups.js';
import { PairCounter } from './pair-counter.js';

export interface CoactionOptions {
  /** Base window in seconds. */
  window: number;
  /** Window multiples looked at; a pair further apart than window·max(scales) is not a co-action. */
  scales: number[];
  /** Each event pairs with at most this many preceding events of its group (keeps hot targets linear). */
  fanout: number;
}

/**
 * How much one co-action of each kind says: at least one target's worth, more for rare actions
 * (rarity = 0.5 + log10 of how rare the action is, in [0.5, 3]); likes half their rarity (cheap
 * and abundant);
 * near-duplicate text is strong on its own.
 */
export function actionWeights(t: EventTable): Map<string, number> {
  // Counted by action index (a Map lookup by name per event took 0.3 s at 10 M events), then named
  // in order of first appearance, as a Map filled event by event would hold them.
  const byIndex = new Float64Array(t.actionNames.length);
  const firstSeen: number[] = [];
  for (let i = 0; i < t.size; i++) if (byIndex[t.action[i]]++ === 0) firstSeen.push(t.action[i]);
  const counts = new Map<string, number>();
  for (const a of firstSeen) counts.set(t.actionNames[a], byIndex[a]);
  const w = new Map<string, number>();
  for (const [a, n] of counts) {
    const rarity = Math.min(3, Math.max(0.5, 0.5 + Math.log10(t.size / n)));
    w.set(a, a === 'like' ? rarity * 0.5 : Math.max(1, rarity));
    continue;
  }
  w.set(TEXT_ACTION, 1.5);
  return w;
}

/**
 * Counts co-action pairs: two accounts acting on the same (target, action) within the window.
 * Each pair's weight is discounted by how crowded the target was at that moment (the resource-
 * allocation principle: an action among c others spreads one unit of evidence over them), so a
 * breaking-news crowd of thousands yields many faint pairs while a burst of 40 yields strong ones.
 * Closer pairs weigh more: full weight within the base window, less at wider scales.
 */
export function countCoactions(t: EventTable, groups: TargetGroups, opts: CoactionOptions, weights = actionWeights(t)): PairCounter {
  const counter = new PairCounter(Math.max(1 << 16, t.size * 8));
  const scales = [...opts.scales].sort((a, b) => a - b);
  const wMax = opts.window * scales[scales.length - 1] * 1000;
  const limits = scales.map((s) => opts.window * s * 1000);
  const kernel = scales.map((_, k) => 1 / (1 + k)); // 1, 1/2, 1/3 …
  const { offset, order } = groups;
  const ts = t.ts;
  const acc = t.account;
  let crowd = new Int32Array(1024);
  for (let g = 0; g < groups.size; g++) {
    const s = offset[g];
    const e = offset[g + 1];
    if (e - s < 2) continue;
    const aw = weights.get(groups.action[g]) ?? 1;
    if (crowd.length < e - s) crowd = new Int32Array(e - s);
    // Local crowd: events within ±wMax of each event (two pointers).
    let lo = s;
    let hi = s;
    for (let k = s; k < e; k++) {
      const tk = ts[order[k]];
      while (ts[order[lo]] < tk - wMax) lo++;
      while (hi < e && ts[order[hi]] <= tk + wMax) hi++;
      crowd[k - s] = hi - lo - 1;
    }
    for (let k = s + 1; k < e; k++) {
      const i = order[k];
      const ti = ts[i];
      const ai = acc[i];
      let paired = 0;
      for (let m = k - 1; m >= s && paired < opts.fanout; m--) {
        const j = order[m];
        const dt = ti - ts[j];
        if (dt > wMax) break;
        if (acc[j] === ai) continue;
        let sc = 0;
        while (dt > limits[sc]) sc++;
        const c = Math.max(1, (crowd[k - s] + crowd[m - s]) / 2);
        counter.add(ai, acc[j], (aw * kernel[sc]) / c, g, aw);
        paired++;
      }
    }
  }
  return counter;
}

/** Candidate coordination edges after pruning, as parallel arrays. */
export interface EdgeList {
  a: Int32Array;
  b: Int32Array;
  weight: Float64Array;
  /** Distinct (target, action) groups the pair co-acted on. */
  groups: Float32Array;
  size: number;
}

export interface PruneOptions {
  /**
   * A pair must co-act on at least this many distinct targets — coordination repeats. Each target
   * counts by its action's weight, so one joint report (rare) can stand for several joint likes.
   */
  minGroups: number;
  /** Each account keeps only its strongest `topK` edges (an edge survives if either end keeps it). */
  topK: number;
}

/**
 * Keeps the edges worth giving to community detection. Repetition filters chance meetings; top-k per
 * account bounds the graph (a heavy user meets thousands by chance but coordinates with few).
 */
export function pruneEdges(counter: PairCounter, nAccounts: number, opts: PruneOptions): EdgeList {
  let n = 0;
  counter.forEach((_a, _b, _w, g) => {
    if (g >= opts.minGroups) n++;
  });
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  const w = new Float64Array(n);
  const gr = new Float32Array(n);
  let k = 0;
  counter.forEach((x, y, wt, g) => {
    if (g < opts.minGroups) return;
    a[k] = x;
    b[k] = y;
    w[k] = wt;
    gr[k] = g;
    k++;
  });
  return keepTopK({ a, b, weight: w, groups: gr, size: n }, nAccounts, opts.topK);
}

/** The top-k step of pruneEdges, on pairs that already pass the repetition bar (in table order). */
export function keepTopK(edges: EdgeList, nAccounts: number, topK: number): EdgeList {
  const { a, b, weight: w, groups: gr, size: n } = edges;
  // CSR adjacency to rank each account's edges.
  const deg = new Int32Array(nAccounts + 1);
  for (let e = 0; e < n; e++) {
    deg[a[e] + 1]++;
    deg[b[e] + 1]++;
  }
  for (let v = 0; v < nAccounts; v++) deg[v + 1] += deg[v];
  const fill = deg.slice(0, nAccounts);
  const adj = new Int32Array(2 * n);
  for (let e = 0; e < n; e++) {
    adj[fill[a[e]]++] = e;
    adj[fill[b[e]]++] = e;
  }
  const keep = new Uint8Array(n);
  const best = new Int32Array(Math.max(0, topK));
  for (let v = 0; v < nAccounts; v++) {
    const s = deg[v];
    const end = deg[v + 1];
    if (end - s <= topK) {
      for (let q = s; q < end; q++) keep[adj[q]] = 1;
      continue;
    }
    // Ties in weight (common: bots acting in step earn identical weights) go to the lower partner
    // index, so the kept set does not depend on the pair table's slot order (nor on how pairs were
    // counted: Spark and any parallel counter must keep the same edges).
    // The topK best by a selection (a hub has thousands of edges; sorting them all was most of this step).
    const partner = (e: number) => (a[e] === v ? b[e] : a[e]);
    const before = (x: number, y: number) => w[x] > w[y] || (w[x] === w[y] && partner(x) < partner(y));
    let count = 0;
    for (let q = s; q < end; q++) {
      const e = adj[q];
      if (count === topK && !before(e, best[topK - 1])) continue;
      let j = count < topK ? count++ : topK - 1;
      for (; j > 0 && before(e, best[j - 1]); j--) best[j] = best[j - 1];
      best[j] = e;
    }
    for (let q = 0; q < count; q++) keep[best[q]] = 1;
  }
  // Edges in (a, b) order: Louvain's result depends on the order nodes and edges are added, and
  // this order is the same however the pairs were counted.
  const kept = byPair(a, b, keep, nAccounts);
  const m = kept.length;
  const out: EdgeList = { a: new Int32Array(m), b: new Int32Array(m), weight: new Float64Array(m), groups: new Float32Array(m), size: m };
  let q = 0;
  for (const e of kept) {
    out.a[q] = a[e];
    out.b[q] = b[e];
    out.weight[q] = w[e];
    out.groups[q] = gr[e];
    q++;
  }
  return out;
}

/** The kept edges' indices in (a, b) order: counted out by a, then each a's few edges sorted by b. */
function byPair(a: Int32Array, b: Int32Array, keep: Uint8Array, nAccounts: number): Int32Array {
  const start = new Int32Array(nAccounts + 1);
  for (let e = 0; e < keep.length; e++) if (keep[e]) start[a[e] + 1]++;
  for (let v = 0; v < nAccounts; v++) start[v + 1] += start[v];
  const fill = start.slice(0, nAccounts);
  const out = new Int32Array(start[nAccounts]);
  for (let e = 0; e < keep.length; e++) if (keep[e]) out[fill[a[e]]++] = e;
  for (let v = 0; v < nAccounts; v++) {
    const s = start[v];
    const end = start[v + 1];
    if (end - s > 32) {
      out.set(Array.from(out.subarray(s, end)).sort((x, y) => b[x] - b[y]), s);
      continue;
    }
    for (let q = s + 1; q < end; q++) {
      const e = out[q];
      let j = q - 1;
      for (; j >= s && b[out[j]] > b[e]; j--) out[j + 1] = out[j];
      out[j + 1] = e;
    }
  }
  return out;
}
