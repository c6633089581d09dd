/**
 * The co-action enumeration of pair counting, split by pair hash into partitions (one a thread),
 * with the arithmetic of countCoactions (src/graph/coaction.ts): same pairs, same weights, in the
 * same order. A pass visits every co-action but acts only on those of its partition, in one of
 * two ways (pair-partition.ts runs them): count them per bucket, or record them for a run of
 * buckets.
 */

/**
 * What the enumeration needs: the target groups (CSR) with each member's time and account gathered
 * into group order (the enumeration then reads memory in sequence instead of hopping through the
 * event columns, which made it bound by cache misses), and each group's action weight.
 */
export interface PairInputs {
  offset: Int32Array;
  /** ts[k] = time of the k-th event in group order (groups.order[k]). */
  ts: Float64Array;
  /** account[k] = account of the k-th event in group order. */
  account: Int32Array;
  /** The action weight of each group (also what a new group adds to a pair's repetition). */
  groupWeight: Float64Array;
}

export interface PairWindow {
  /** Base window, seconds. */
  window: number;
  scales: number[];
  fanout: number;
}

/** key = a·2^26 + b (a < b), as PairCounter: exact in a double for up to 2^26 accounts. */
export const SHIFT = 67108864;

/** Buckets of the pair hash (its top 12 bits): a partition is a contiguous run of them. */
export const BUCKET_BITS = 12;
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

/** The buckets [lo, hi) of partition `p` of `parts`. */
export function partitionBuckets(p: number, parts: number): [number, number] {
  return [Math.floor((BUCKETS * p) / parts), Math.floor((BUCKETS * (p + 1)) / parts)];
}

/** What a pass does with the co-actions of its partition. */
export type PassSink =
  /** counts[bucket - lo] += 1 for each co-action. */
  | { count: Float64Array }
  /** Records the co-actions of buckets [runLo, runHi). */
  | { records: PairRecords; runLo: number; runHi: number };

/** Bits of a record's first word that hold the smaller account (the scale index sits above them). */
const ACCOUNT_BITS = 26;

/**
 * Co-actions of a run of buckets, grouped by bucket, each bucket's in enumeration order. A record
 * is four 32-bit words side by side (16 bytes; writing one, scattered over the run's buckets,
 * touches one cache line): the smaller account with the window scale above it, the larger account,
 * the group, and the two events' crowds summed. The weight is computed again from these when the
 * pairs are summed (pairWeight: the same operations on the same values, so the same double), which
 * takes a third less memory than a key and a weight as doubles: more records a pass, fewer passes.
 */
export class PairRecords {
  /** Record r: words u[4r .. 4r + 3]. */
  readonly u: Uint32Array;
  /** start[b]..start[b + 1] are the records of bucket runLo + b. */
  readonly start: Float64Array;
  private readonly fill: Float64Array;
  constructor(readonly runLo: number, counts: Float64Array) {
    this.start = new Float64Array(counts.length + 1);
    for (let b = 0; b < counts.length; b++) this.start[b + 1] = this.start[b] + counts[b];
    this.u = new Uint32Array(4 * this.start[counts.length]);
    this.fill = this.start.slice(0, counts.length);
  }
  add(bucket: number, x: number, y: number, scale: number, group: number, crowdSum: number): void {
    const at = 4 * this.fill[bucket - this.runLo]++;
    this.u[at] = x | (scale << ACCOUNT_BITS);
    this.u[at + 1] = y;
    this.u[at + 2] = group;
    this.u[at + 3] = crowdSum;
  }
}

/** Record r's smaller account, scale index, larger account, group and crowd sum. */
export const recordX = (u: Uint32Array, r: number): number => u[4 * r] & ((1 << ACCOUNT_BITS) - 1);
export const recordScale = (u: Uint32Array, r: number): number => u[4 * r] >>> ACCOUNT_BITS;

/** The weight countCoactions gives a co-action: the action's weight, by the kernel of its window
 *  scale, over the two events' mean crowd (at least 1). */
export function pairWeight(actionWeight: number, kernel: number, crowdSum: number): number {
  return (actionWeight * kernel) / Math.max(1, crowdSum / 2);
}

/** The kernel of each window scale, smallest first: 1, 1/2, 1/3 … (as countCoactions). */
export const scaleKernel = (scales: number[]): number[] => scales.map((_, k) => 1 / (1 + k));

/**
 * Every co-action exactly as countCoactions enumerates them (same loop, same arithmetic), handing
 * those whose bucket lies in [lo, hi) to `sink`.
 */
export function enumeratePairs(inp: PairInputs, opts: PairWindow, lo: number, hi: number, sink: PassSink): void {
  const scales = [...opts.scales].sort((a, b) => a - b);
  if (scales.length > 1 << (32 - ACCOUNT_BITS)) throw new RangeError('too many window scales for a pair record');
  const wMax = opts.window * scales[scales.length - 1] * 1000;
  const limits = scales.map((s) => opts.window * s * 1000);
  const { offset, ts, account: acc } = inp;
  // One loop for both passes, branching on plain fields: a call through an interface with several
  // classes behind it is not inlined (it cost a third of the enumeration).
  const counts = 'count' in sink ? sink.count : undefined;
  const records = 'records' in sink ? sink.records : undefined;
  const from = 'records' in sink ? sink.runLo : lo;
  const to = 'records' in sink ? sink.runHi : hi;
  const G = offset.length - 1;
  const fanout = opts.fanout;
  let crowd = new Int32Array(1024);
  for (let g = 0; g < G; g++) {
    const s = offset[g];
    const e = offset[g + 1];
    if (e - s < 2) continue;
    if (records) {
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
        if (bucket < from || bucket >= to) continue;
        if (counts) {
          counts[bucket - lo]++;
          continue;
        }
        let sc = 0;
        while (dt > limits[sc]) sc++;
        records!.add(bucket, x, y, sc, g, crowd[k - s] + crowd[m - s]);
      }
    }
  }
}
