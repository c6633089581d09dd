import type { EventTable } from '../ingest/table.js';

/**
 * CooRTweet-compatible co-share detection (Righetti & Balluff's R package, `detect_groups` +
 * `generate_coordinated_network`), reproduced exactly so results can be checked against it:
 *
 * 1. drop accounts with fewer than `minParticipation` rows (events with a target);
 * 2. per target (CooRTweet's object), pair every two shares with |Δt| ≤ `timeWindow` seconds
 *    (inclusive), excluding same-account pairs, same-content pairs (equal event ids) and shares
 *    whose event id equals the target id;
 * 3. keep a pair only if one of its shares belongs to an account with ≥ `minParticipation` rows
 *    whose event id occurs among the pairs (CooRTweet counts rows by content id, so a content id
 *    repeated over several objects counts once per row);
 * 4. aggregate per unordered account pair.
 *
 * Feed it the rows CooRTweet would see: ingest with `duplicates: 'exact'` (CooRTweet keeps rows
 * that repeat a content id with different objects; dropping them changes the result).
 */
export interface CoShareOptions {
  /** Seconds; two shares co-occur when |Δt| ≤ timeWindow. CooRTweet's default is 10. */
  timeWindow: number;
  /** CooRTweet's `min_participation` (default 2). */
  minParticipation: number;
}

/** Share pairs as parallel arrays: `older[k]`/`newer[k]` are table rows, `delta[k]` = |Δt| in ms. */
export interface CoSharePairs {
  readonly size: number;
  readonly older: Int32Array;
  readonly newer: Int32Array;
  readonly delta: Float64Array;
}

/** One account pair, as in CooRTweet's edge list. */
export interface CoShareEdge {
  /** Account names, `a < b`. */
  a: string;
  b: string;
  /** Number of share pairs between the two accounts. */
  weight: number;
  /** Mean |Δt| over those pairs, in seconds. */
  avgTimeDelta: number;
  /** Distinct contents (event ids) on the older / newer side of the pairs (CooRTweet's n_content_id, n_content_id_y). */
  nContent: number;
  nContentY: number;
  /** min(nContent, nContentY) / max(nContent, nContentY). */
  edgeSymmetry: number;
}

/** Dense content keys: equal event ids share a key; rows without an id get keys of their own. */
function contentKeys(t: EventTable): { keys: Int32Array; count: number } {
  const keys = new Int32Array(t.size);
  const ids = new Map<string, number>();
  let next = 0;
  for (let i = 0; i < t.size; i++) {
    const id = t.id[i];
    if (id === undefined) keys[i] = next++;
    else {
      let k = ids.get(id);
      if (k === undefined) ids.set(id, (k = next++));
      keys[i] = k;
    }
  }
  return { keys, count: next };
}

class PairBuffer {
  size = 0;
  older = new Int32Array(1024);
  newer = new Int32Array(1024);
  delta = new Float64Array(1024);
  push(o: number, n: number, d: number): void {
    if (this.size === this.older.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as new (n: number) => T)(a.length * 2);
        b.set(a);
        return b;
      };
      this.older = grow(this.older);
      this.newer = grow(this.newer);
      this.delta = grow(this.delta);
    }
    this.older[this.size] = o;
    this.newer[this.size] = n;
    this.delta[this.size++] = d;
  }
}

/** Steps 1–3: the co-share pairs CooRTweet's `detect_groups` returns. */
export function coSharePairs(t: EventTable, opts: CoShareOptions): CoSharePairs {
  const { minParticipation: minP } = opts;
  const windowMs = opts.timeWindow * 1000;
  const n = t.size;
  const { keys, count } = contentKeys(t);

  // 1. Rows per account; only rows with a target are shares.
  const rows = new Int32Array(t.accountNames.length);
  for (let i = 0; i < n; i++) if (t.target[i] >= 0) rows[t.account[i]]++;
  const eligible = (i: number) => t.target[i] >= 0 && rows[t.account[i]] >= minP;

  // Group eligible rows by target (counting sort), then order each group by time. Ties go to the
  // account seen first, then input order: that is CooRTweet's row order, which decides which side
  // of a same-second pair is the "older" one.
  const nT = t.targetNames.length;
  const start = new Int32Array(nT + 1);
  for (let i = 0; i < n; i++) if (eligible(i)) start[t.target[i] + 1]++;
  for (let k = 0; k < nT; k++) start[k + 1] += start[k];
  const order = new Int32Array(start[nT]);
  const fill = start.slice(0, nT);
  for (let i = 0; i < n; i++) if (eligible(i)) order[fill[t.target[i]]++] = i;
  const byTime = (x: number, y: number) => t.ts[x] - t.ts[y] || t.account[x] - t.account[y] || x - y;

  // 2. Pairs within the window.
  const found = new PairBuffer();
  for (let g = 0; g < nT; g++) {
    const lo = start[g], hi = start[g + 1];
    if (hi - lo < 2) continue;
    const grp = order.subarray(lo, hi).sort(byTime);
    const object = t.targetNames[g];
    for (let x = 0; x < grp.length; x++) {
      const i = grp[x];
      if (t.id[i] === object) continue;
      for (let y = x + 1; y < grp.length; y++) {
        const j = grp[y];
        const d = t.ts[j] - t.ts[i];
        if (d > windowMs) break;
        if (t.account[i] === t.account[j] || keys[i] === keys[j] || t.id[j] === object) continue;
        found.push(i, j, d);
      }
    }
  }

  // 3. Participation among the pairs, counted per input row by content key.
  const inPairs = new Uint8Array(count);
  for (let k = 0; k < found.size; k++) inPairs[keys[found.older[k]]] = inPairs[keys[found.newer[k]]] = 1;
  const active = new Int32Array(t.accountNames.length);
  for (let i = 0; i < n; i++) if (eligible(i) && inPairs[keys[i]]) active[t.account[i]]++;
  const kept = new Uint8Array(inPairs.length);
  for (let i = 0; i < n; i++) if (eligible(i) && inPairs[keys[i]] && active[t.account[i]] >= minP) kept[keys[i]] = 1;

  const out = new PairBuffer();
  for (let k = 0; k < found.size; k++) {
    const o = found.older[k], w = found.newer[k];
    if (kept[keys[o]] || kept[keys[w]]) out.push(o, w, found.delta[k]);
  }
  return { size: out.size, older: out.older.slice(0, out.size), newer: out.newer.slice(0, out.size), delta: out.delta.slice(0, out.size) };
}

/** Step 4: aggregate pairs per unordered account pair (CooRTweet's `generate_coordinated_network`). */
export function coShareEdges(t: EventTable, pairs: CoSharePairs): CoShareEdge[] {
  const { keys } = contentKeys(t);
  const nA = t.accountNames.length;
  const acc = new Map<number, { weight: number; sum: number; older: Set<number>; newer: Set<number> }>();
  for (let k = 0; k < pairs.size; k++) {
    const o = pairs.older[k], w = pairs.newer[k];
    const p = t.account[o], q = t.account[w];
    const key = p < q ? p * nA + q : q * nA + p;
    let e = acc.get(key);
    if (!e) acc.set(key, (e = { weight: 0, sum: 0, older: new Set(), newer: new Set() }));
    e.weight++;
    e.sum += pairs.delta[k];
    e.older.add(keys[o]);
    e.newer.add(keys[w]);
  }
  const edges: CoShareEdge[] = [];
  for (const [key, e] of acc) {
    const x = t.accountNames[Math.floor(key / nA)], y = t.accountNames[key % nA];
    const [a, b] = x < y ? [x, y] : [y, x];
    const nContent = e.older.size, nContentY = e.newer.size;
    edges.push({ a, b, weight: e.weight, avgTimeDelta: e.sum / e.weight / 1000, nContent, nContentY, edgeSymmetry: Math.min(nContent, nContentY) / Math.max(nContent, nContentY) });
  }
  return edges.sort((e, f) => (e.a < f.a ? -1 : e.a > f.a ? 1 : e.b < f.b ? -1 : e.b > f.b ? 1 : 0));
}

/** CooRTweet's co-share network for a table: `detect_groups` then `generate_coordinated_network`. */
export function coortweetEdges(t: EventTable, opts: CoShareOptions): CoShareEdge[] {
  return coShareEdges(t, coSharePairs(t, opts));
}
