/**
 * The co-action enumeration of pair counting, split by pair hash into partitions (one a thread),
 * with the arithmetic of countCoactions (src/graph/coaction.ts): same pairs, same weights, in the
 * same order. A pass visits every co-action but acts only on those of its partition, in one of
 * three ways (pair-partition.ts runs them): mark which pairs repeat, count the repeating ones per
 * bucket, or record them for a run of buckets.
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

/** Buckets of the pair hash (its top 16 bits): a partition is a contiguous run of them. */
export const BUCKET_BITS = 16;
export const BUCKETS = 1 << BUCKET_BITS;

/** A well-mixed 32-bit hash of the pair (x < y): its top bits pick the bucket, its low bits the filter entry and the slot in a bucket's table. */
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

/**
 * Which pairs of a partition can pass the repetition bar, two bits an entry (indexed by the pair
 * hash's low bits): "seen in an earlier group" and "seen in two groups". A pair in two groups
 * always sets its second bit; pairs that share an entry can only set it too often, never too
 * rarely, so the filter keeps every pair that repeats and a few that do not.
 */
export interface RepeatBits {
  bits: Uint32Array;
  /** Entries - 1 (a power of two). */
  mask: number;
}

export function repeatBits(entries: number): RepeatBits {
  let n = 16;
  while (n < entries) n *= 2;
  return { bits: new Uint32Array(n / 16), mask: n - 1 };
}

/** What a pass does with the co-actions of its partition. */
export type PassSink =
  | { mark: RepeatBits }
  /** counts[bucket - lo] += 1 for each co-action that passes the filter. */
  | { count: Float64Array; filter: RepeatBits; minGroups: number }
  /** Records the co-actions that pass the filter, for buckets [runLo, runHi). */
  | { records: PairRecords; filter: RepeatBits; minGroups: number; runLo: number; runHi: number };

/**
 * Co-actions of a run of buckets, grouped by bucket, each bucket's in enumeration order. A record
 * is its key, weight and group side by side (24 bytes), so that writing one, scattered over the
 * run's buckets, touches one cache line.
 */
export class PairRecords {
  /** Record r: key at f[3r], weight at f[3r + 1], group at f[3r + 2]. */
  readonly f: Float64Array;
  /** start[b]..start[b + 1] are the records of bucket runLo + b. */
  readonly start: Float64Array;
  private readonly fill: Float64Array;
  constructor(readonly runLo: number, counts: Float64Array) {
    this.start = new Float64Array(counts.length + 1);
    for (let b = 0; b < counts.length; b++) this.start[b + 1] = this.start[b] + counts[b];
    this.f = new Float64Array(3 * this.start[counts.length]);
    this.fill = this.start.slice(0, counts.length);
  }
  add(bucket: number, key: number, w: number, group: number): void {
    const at = 3 * this.fill[bucket - this.runLo]++;
    this.f[at] = key;
    this.f[at + 1] = w;
    this.f[at + 2] = group;
  }
}

/**
 * Every co-action exactly as countCoactions enumerates them (same loop, same arithmetic), handing
 * those whose bucket lies in [lo, hi) to `sink`.
 */
export function enumeratePairs(inp: PairInputs, opts: PairWindow, lo: number, hi: number, sink: PassSink): void {
  const scales = [...opts.scales].sort((a, b) => a - b);
  const wMax = opts.window * scales[scales.length - 1] * 1000;
  const limits = scales.map((s) => opts.window * s * 1000);
  const kernel = scales.map((_, k) => 1 / (1 + k));
  const { offset, ts, account: acc, groupWeight } = inp;
  // One loop for every pass, branching on plain fields: a call through an interface with several
  // classes behind it is not inlined (it cost a third of the enumeration).
  const mark = 'mark' in sink ? sink.mark : undefined;
  const filter = 'filter' in sink ? sink.filter : mark!;
  const bits = filter.bits;
  const fmask = filter.mask;
  const minGroups = 'minGroups' in sink ? sink.minGroups : 0;
  const counts = 'count' in sink ? sink.count : undefined;
  const records = 'records' in sink ? sink.records : undefined;
  const from = 'records' in sink ? sink.runLo : lo;
  const to = 'records' in sink ? sink.runHi : hi;
  const G = offset.length - 1;
  const fanout = opts.fanout;
  let crowd = new Int32Array(1024);
  // The filter entries a group touched: marked "seen" only after the group, so a pair met twice
  // in one group does not count as repeating.
  let touched: Int32Array = new Int32Array(1024);
  for (let g = 0; g < G; g++) {
    const s = offset[g];
    const e = offset[g + 1];
    if (e - s < 2) continue;
    const aw = groupWeight[g];
    // A pair seen only in this group passes when the group alone meets the bar.
    const strong = aw >= minGroups;
    if (crowd.length < e - s) crowd = new Int32Array(e - s);
    if (records) {
      let l = s;
      let h = s;
      for (let k = s; k < e; k++) {
        const tk = ts[k];
        while (ts[l] < tk - wMax) l++;
        while (h < e && ts[h] <= tk + wMax) h++;
        crowd[k - s] = h - l - 1;
      }
    }
    let nt = 0;
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
        const hash = pairHash(x, y);
        const bucket = hash >>> (32 - BUCKET_BITS);
        if (bucket < from || bucket >= to) continue;
        const entry = hash & fmask;
        const word = entry >>> 4;
        const sh = (entry & 15) << 1;
        if (mark) {
          if ((bits[word] >>> sh) & 1) bits[word] |= 2 << sh;
          if (nt === touched.length) touched = grow(touched);
          touched[nt++] = entry;
          continue;
        }
        if (!strong && ((bits[word] >>> sh) & 2) === 0) continue;
        if (counts) {
          counts[bucket - lo]++;
          continue;
        }
        let sc = 0;
        while (dt > limits[sc]) sc++;
        const c = Math.max(1, (crowd[k - s] + crowd[m - s]) / 2);
        records!.add(bucket, x * SHIFT + y, (aw * kernel[sc]) / c, g);
      }
    }
    for (let q = 0; q < nt; q++) {
      const entry = touched[q];
      bits[entry >>> 4] |= 1 << ((entry & 15) << 1);
    }
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
