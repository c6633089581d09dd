/**
 * The co-action enumeration of pair counting, with the arithmetic of countCoactions
 * (src/graph/coaction.ts): same pairs, same weights, in the same order. The groups are cut into
 * chunks (contiguous runs of groups); a pass enumerates the co-actions of one chunk and acts on
 * them in one of two ways (pair-partition.ts runs them): count them per bucket of the pair hash, or
 * record those of a run of buckets at given positions. Because the chunks are runs of groups in
 * order, a bucket's records laid out chunk after chunk are in enumeration order, whichever thread
 * enumerated which chunk.
 */

/**
 * What the enumeration needs: the target groups (CSR) with each member's time and account gathered
 * into group order (the enumeration then reads memory in sequence instead of hopping through the
 * event columns, which made it bound by cache misses), and each group's action weight, as an index
 * into a small table of the distinct weights.
 */
export interface PairInputs {
  offset: Int32Array;
  /** ts[k] = time of the k-th event in group order (groups.order[k]). */
  ts: Float64Array;
  /** account[k] = account of the k-th event in group order. */
  account: Int32Array;
  /** weights[weightOf[g]] is group g's action weight (also what a new group adds to a pair's repetition). */
  weightOf: Int32Array;
  weights: Float64Array;
}

export interface PairWindow {
  /** Base window, seconds. */
  window: number;
  scales: number[];
  fanout: number;
}

/** key = a·2^26 + b (a < b), as PairCounter: exact in a double for up to 2^26 accounts. */
export const SHIFT = 67108864;

/** Buckets of the pair hash (its top 13 bits): a run of buckets is summed from one pass's records. */
export const BUCKET_BITS = 13;
export const BUCKETS = 1 << BUCKET_BITS;

/** A well-mixed 32-bit hash of the pair (x < y): its top bits pick the bucket, its low bits the slot in a bucket's table. */
export function pairHash(x: number, y: number): number {
  let h = Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca77);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Bits to hold the values 0 .. n - 1. */
export const bitsFor = (n: number): number => (n <= 1 ? 0 : 32 - Math.clz32(n - 1));

/**
 * How a co-action record is packed into 32-bit words. Its fields: the two accounts (x < y), the
 * window scale, the action weight's index, a flag set on the first record of a group in its bucket
 * (records of a bucket are in enumeration order, so a group's records in a bucket are contiguous:
 * the flag stands for the group number, which only served to count each group once per pair),
 * and the two events' crowds summed. With `words` 2 (8 bytes; when the data's sizes fit):
 *   word 0 = x | meta << A | (crowd >>> (32 - A)) << (A + M),   word 1 = y | (crowd mod 2^(32 - A)) << A;
 * with `words` 4: x, y, crowd, meta. meta = scale | flag << S | weight index << (S + 1), M bits.
 * The weight is computed again from these when the pairs are summed (pairWeight: the same
 * operations on the same values, so the same double).
 */
export interface RecordLayout {
  words: 2 | 4;
  /** Bits of an account. */
  A: number;
  /** Bits of the scale index. */
  S: number;
  /** Bits of meta. */
  M: number;
}

export function recordLayout(accounts: number, scales: number, weights: number, maxGroupSize: number, words?: 2 | 4): RecordLayout {
  const A = Math.max(1, bitsFor(accounts));
  const S = bitsFor(scales);
  const M = S + 1 + bitsFor(weights);
  if (A > 26 || M > 32) throw new RangeError('too many accounts, window scales or action weights for a pair record');
  // A crowd is at most the group's size less one, so a crowd sum at most twice that.
  const crowdBits = bitsFor(2 * Math.max(0, maxGroupSize - 1) + 1);
  const fits = A + M <= 31 && crowdBits <= 64 - 2 * A - M;
  return { words: words ?? (fits ? 2 : 4), A, S, M };
}

/** The weight countCoactions gives a co-action: the action's weight, by the kernel of its window
 *  scale, over the two events' mean crowd (at least 1). */
export function pairWeight(actionWeight: number, kernel: number, crowdSum: number): number {
  return (actionWeight * kernel) / Math.max(1, crowdSum / 2);
}

/** The kernel of each window scale, smallest first: 1, 1/2, 1/3 … (as countCoactions). */
export const scaleKernel = (scales: number[]): number[] => scales.map((_, k) => 1 / (1 + k));

/**
 * Chunks of groups for the passes: chunk c is groups [bounds[c], bounds[c + 1]), about `target`
 * events each (a group is never split).
 */
export function chunkGroups(offset: Int32Array, target: number): Int32Array {
  const G = offset.length - 1;
  const total = offset[G] - offset[0];
  const bounds: number[] = [0];
  let next = offset[0] + target;
  for (let g = 1; g < G; g++) {
    if (offset[g] >= next) {
      bounds.push(g);
      next = offset[g] + target;
    }
  }
  if (G > 0) bounds.push(G);
  return Int32Array.from(total > 0 || G > 0 ? bounds : [0, 0]);
}

/** A pass that records: co-actions of buckets [runLo, runHi) go to u, at cursor[bucket - runLo]. */
export interface RecordSink {
  u: Uint32Array;
  layout: RecordLayout;
  runLo: number;
  runHi: number;
  /** Next record index of each bucket of the run (advanced as records are written). */
  cursor: Int32Array;
  /** The group of the last record this thread wrote in each bucket of the run (-1: none). */
  lastGroup: Int32Array;
}

/**
 * The co-actions of groups [g0, g1) exactly as countCoactions enumerates them (same loop, same
 * arithmetic): counted per bucket into `counts` (all buckets), or recorded when in `rec`'s run.
 */
export function enumeratePairs(inp: PairInputs, opts: PairWindow, g0: number, g1: number, counts: Uint32Array | undefined, rec: RecordSink | undefined): void {
  const scales = [...opts.scales].sort((a, b) => a - b);
  const wMax = opts.window * scales[scales.length - 1] * 1000;
  const limits = scales.map((s) => opts.window * s * 1000);
  const { offset, ts, account: acc, weightOf } = inp;
  // One loop for both passes, branching on plain values: a call through an interface with several
  // classes behind it is not inlined (it cost a third of the enumeration).
  const from = rec ? rec.runLo : 0;
  const to = rec ? rec.runHi : BUCKETS;
  const u = rec ? rec.u : new Uint32Array(0);
  const cursor = rec ? rec.cursor : new Int32Array(0);
  const lastGroup = rec ? rec.lastGroup : new Int32Array(0);
  const two = rec ? rec.layout.words === 2 : false;
  const A = rec ? rec.layout.A : 0;
  const S = rec ? rec.layout.S : 0;
  const AM = rec ? rec.layout.A + rec.layout.M : 0;
  const lowBits = 32 - A;
  const lowMask = (1 << lowBits) - 1; // A ≥ 1, so lowBits ≤ 31
  const fanout = opts.fanout;
  let crowd = new Int32Array(1024);
  for (let g = g0; g < g1; g++) {
    const s = offset[g];
    const e = offset[g + 1];
    if (e - s < 2) continue;
    let metaW = 0;
    if (rec) {
      metaW = weightOf[g] << (S + 1);
      if (crowd.length < e - s) crowd = new Int32Array(e - s);
      // Local crowd: events within ±wMax of each event (two pointers).
      let l = s;
      let h = s;
      for (let k = s; k < e; k++) {
        const tk = ts[k];
        while (ts[l] < tk - wMax) l++;
        while (h < e && ts[h] <= tk + wMax) h++;
        crowd[k - s] = h - l - 1;
      }
    }
    for (let k = s + 1; k < e; k++) {
      const ti = ts[k];
      const ai = acc[k];
      let paired = 0;
      for (let m = k - 1; m >= s && paired < fanout; m--) {
        const dt = ti - ts[m];
        if (dt > wMax) break;
        const aj = acc[m];
        if (aj === ai) continue;
        paired++;
        const x = ai < aj ? ai : aj;
        const y = ai < aj ? aj : ai;
        const bucket = pairHash(x, y) >>> (32 - BUCKET_BITS);
        if (!rec) {
          counts![bucket]++;
          continue;
        }
        if (bucket < from || bucket >= to) continue;
        let sc = 0;
        while (dt > limits[sc]) sc++;
        const j = bucket - from;
        const first = lastGroup[j] !== g ? 1 : 0;
        lastGroup[j] = g;
        const meta = sc | (first << S) | metaW;
        const c = crowd[k - s] + crowd[m - s];
        if (two) {
          const at = 2 * cursor[j]++;
          u[at] = x | (meta << A) | ((c >>> lowBits) << AM);
          u[at + 1] = y | ((c & lowMask) << A);
        } else {
          const at = 4 * cursor[j]++;
          u[at] = x;
          u[at + 1] = y;
          u[at + 2] = c;
          u[at + 3] = meta;
        }
      }
    }
  }
}
