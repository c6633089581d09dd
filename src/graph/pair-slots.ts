/**
 * Pair counting split by slot range, with the same result — to the bit and in the same order — as
 * one PairCounter (src/graph/pair-counter.ts) fed every co-action in order.
 *
 * Why: one PairCounter sized for 10 M events is a 4.3 GB table updated at random (64 s). Here the
 * co-actions are enumerated once per slot range, sorted into small "blocks" of the table's slot
 * space (2^16 slots, a few MB: cache-resident), and each block is aggregated on its own. The whole
 * table never exists; only the pairs that pass the repetition bar are kept.
 *
 * Why exactly the same: the edge order downstream (graph building, Louvain) is the order of the
 * big table's slots. A pair's slot is its home slot (hash & mask) plus its linear-probing
 * displacement, which depends on the order in which pairs first arrived. So each block replays its
 * pairs' first arrivals in global order (`seq`, the index of the co-action in the enumeration),
 * and pairs pushed past a block's end are carried into the next block at the moment they arrived.
 * The last block's overflow wraps to block 0, which is then replayed with it. Weights are summed
 * per pair in enumeration order, as the table does, so the floating-point sums are equal too.
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

export const SHIFT = 67108864; // 2^26, as PairCounter
export const BLOCK_BITS = 16;

/** PairCounter's home slot for the pair key (same hash, same mask). */
export function homeSlot(key: number, mask: number): number {
  const hi = Math.floor(key / SHIFT);
  return homeOf(hi, key - hi * SHIFT, mask);
}

/** The same, from the pair's smaller and larger account. */
export function homeOf(x: number, y: number, mask: number): number {
  let h = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x7f4a7c15, 0x85ebca77)) >>> 0;
  h ^= h >>> 15;
  return h & mask;
}

/** The capacity PairCounter starts with for `initial` (countCoactions passes max(2^16, 8·events)). */
export function counterCapacity(initial: number): number {
  return 1 << Math.ceil(Math.log2(Math.max(16, initial)));
}

/** Where the co-actions in range go: counted per block, or recorded (one of the two). */
export type PairSink = { counts: BlockCounts } | { records: BlockRecords };

/**
 * Every co-action exactly as countCoactions enumerates them (same loop, same arithmetic), passing
 * to `sink` those whose home slot lies in [lo, hi). Returns the number of co-actions overall.
 */
export function enumeratePairs(inp: PairInputs, opts: PairWindow, mask: number, lo: number, hi: number, sink: PairSink): number {
  const scales = [...opts.scales].sort((a, b) => a - b);
  const wMax = opts.window * scales[scales.length - 1] * 1000;
  const limits = scales.map((s) => opts.window * s * 1000);
  const kernel = scales.map((_, k) => 1 / (1 + k));
  const { offset, ts, account: acc, groupWeight } = inp;
  // One loop for both uses, branching on plain fields: a call through an interface with two
  // classes behind it was not inlined and cost a third of the enumeration.
  const counts = 'counts' in sink ? sink.counts.counts : undefined;
  const records = 'records' in sink ? sink.records : undefined;
  const blockLo = lo;
  const G = offset.length - 1;
  const fanout = opts.fanout;
  let crowd = new Int32Array(1024);
  let seq = 0;
  for (let g = 0; g < G; g++) {
    const s = offset[g];
    const e = offset[g + 1];
    if (e - s < 2) continue;
    const aw = groupWeight[g];
    if (crowd.length < e - s) crowd = new Int32Array(e - s);
    let l = s;
    let h = s;
    for (let k = s; k < e; k++) {
      const tk = ts[k];
      while (ts[l] < tk - wMax) l++;
      while (h < e && ts[h] <= tk + wMax) h++;
      crowd[k - s] = h - l - 1;
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
        const home = homeOf(x, y, mask);
        const at = seq++;
        if (home < lo || home >= hi) continue;
        if (counts) {
          counts[(home - blockLo) >>> BLOCK_BITS]++;
          continue;
        }
        let sc = 0;
        while (dt > limits[sc]) sc++;
        const c = Math.max(1, (crowd[k - s] + crowd[m - s]) / 2);
        records!.add(x * SHIFT + y, home, (aw * kernel[sc]) / c, g, at);
      }
    }
  }
  return seq;
}

/** Counts co-actions per block of the range [lo, hi). */
export class BlockCounts {
  readonly counts: Float64Array;
  constructor(private readonly lo: number, hi: number) {
    this.counts = new Float64Array((hi - lo) >>> BLOCK_BITS);
  }
}

/**
 * Co-actions of a run of blocks, grouped by block (stable: each block's in seq order). A record is
 * 24 bytes side by side — key and weight as doubles, then seq and group as 32-bit ints — so that
 * writing one, scattered over the run's blocks, touches one cache line, not four arrays.
 */
export class BlockRecords implements BlockSlice {
  /** Record r: key at f[3r], weight at f[3r + 1]. */
  readonly f: Float64Array;
  /** Record r: seq (index of the co-action in the whole enumeration, < 2^32: countRange checks) at u[6r + 4]. */
  readonly u: Uint32Array;
  /** Record r: group at i[6r + 5]. */
  readonly i: Int32Array;
  /** start[b]..start[b+1] are block (firstBlock + b)'s records. */
  readonly start: Float64Array;
  private readonly fill: Float64Array;
  constructor(private readonly lo: number, counts: Float64Array) {
    const n = counts.reduce((x, y) => x + y, 0);
    const buf = new ArrayBuffer(n * RECORD_BYTES);
    this.f = new Float64Array(buf);
    this.u = new Uint32Array(buf);
    this.i = new Int32Array(buf);
    this.start = new Float64Array(counts.length + 1);
    for (let b = 0; b < counts.length; b++) this.start[b + 1] = this.start[b] + counts[b];
    this.fill = this.start.slice(0, counts.length);
  }
  add(key: number, home: number, w: number, group: number, seq: number): void {
    const at = this.fill[(home - this.lo) >>> BLOCK_BITS]++;
    this.f[3 * at] = key;
    this.f[3 * at + 1] = w;
    this.u[6 * at + 4] = seq;
    this.i[6 * at + 5] = group;
  }
}

const RECORD_BYTES = 24;

/** Pairs that ran past a block's end, in slot order, with their totals and first arrival. */
export interface Carry {
  key: number[];
  w: number[];
  rep: number[];
  first: number[];
  /** Local slot (past the block's end) each was placed at — to tell whether a replay changed it. */
  slot: number[];
}

export const emptyCarry = (): Carry => ({ key: [], w: [], rep: [], first: [], slot: [] });

/** Pairs that pass the repetition bar, in slot order. */
export interface Survivors {
  a: number[];
  b: number[];
  w: number[];
  groups: number[];
}

export const emptySurvivors = (): Survivors => ({ a: [], b: [], w: [], groups: [] });

/** Survivors as typed columns: a worker hands them over without a copy (millions of pairs at 10 M
 *  events, whose structured clone and element-wise joining as plain arrays took seconds). */
export interface SurvivorColumns {
  a: Int32Array;
  b: Int32Array;
  w: Float64Array;
  groups: Float64Array;
}

export function toColumns(s: Survivors): SurvivorColumns {
  return { a: Int32Array.from(s.a), b: Int32Array.from(s.b), w: Float64Array.from(s.w), groups: Float64Array.from(s.groups) };
}

/** Rows [from, to) of each column, in order, one after another. */
function concatColumns(parts: { cols: SurvivorColumns; from: number; to: number }[]): SurvivorColumns {
  const n = parts.reduce((x, p) => x + p.to - p.from, 0);
  const out: SurvivorColumns = { a: new Int32Array(n), b: new Int32Array(n), w: new Float64Array(n), groups: new Float64Array(n) };
  let at = 0;
  for (const { cols, from, to } of parts) {
    out.a.set(cols.a.subarray(from, to), at);
    out.b.set(cols.b.subarray(from, to), at);
    out.w.set(cols.w.subarray(from, to), at);
    out.groups.set(cols.groups.subarray(from, to), at);
    at += to - from;
  }
  return out;
}

/** Records of one block (for replays of a block whose carry-in was not known yet), laid out as in BlockRecords. */
export interface BlockSlice {
  f: Float64Array;
  u: Uint32Array;
  i: Int32Array;
}

export function sliceBlock(r: BlockRecords, b: number): BlockSlice {
  const f = r.f.slice(3 * r.start[b], 3 * r.start[b + 1]);
  return { f, u: new Uint32Array(f.buffer), i: new Int32Array(f.buffer) };
}

/** Records in a slice. */
export const sliceLength = (r: BlockSlice): number => r.f.length / 3;

/**
 * Replays one block of the big table: its own co-actions (in seq order) and the pairs carried in
 * from the block before, each claiming a slot at its first arrival, as linear probing would.
 * Appends the block's survivors (slots inside the block) to `out`; returns what runs past its end.
 */
export class BlockTable {
  private readonly size: number;
  /** Slot s: key, weight, repetition, last group + 1, first arrival at t[5s .. 5s + 4] (one cache
   *  line or two a slot, where five arrays were five misses). */
  private readonly t: Float64Array;
  private readonly cap: number;
  private used = 0; // highest local slot touched + 1, for clearing
  /** Distinct pairs whose home is in the blocks replayed (for the growth check). */
  distinct = 0;

  constructor(private readonly mask: number) {
    this.size = 1 << BLOCK_BITS;
    this.cap = this.size * 2; // room for the overflow run past the block's end
    this.t = new Float64Array(this.cap * SLOT);
  }

  replay(blockStart: number, rec: BlockSlice, from: number, to: number, carry: Carry, groupWeight: Float64Array, minGroups: number, out: Survivors): Carry {
    const T = this.t;
    const cap = this.cap;
    const { f: RF, u: RU, i: RI } = rec;
    let c = 0;
    const place = (q: number) => {
      let s = 0;
      while (T[s * SLOT] !== 0) s++;
      if (s >= cap - 1) throw new OverflowError();
      const o = s * SLOT;
      T[o] = carry.key[q];
      T[o + 1] = carry.w[q];
      T[o + 2] = carry.rep[q];
      T[o + 3] = 0;
      T[o + 4] = carry.first[q];
      if (s >= this.used) this.used = s + 1;
    };
    const order = carryOrder(carry);
    for (let r = from; r < to; r++) {
      const seq = RU[6 * r + 4];
      while (c < order.length && carry.first[order[c]] < seq) place(order[c++]);
      const k = RF[3 * r];
      let s = homeSlot(k, this.mask) - blockStart;
      while (T[s * SLOT] !== 0 && T[s * SLOT] !== k) s++;
      if (s >= cap - 1) throw new OverflowError();
      const o = s * SLOT;
      if (T[o] === 0) {
        T[o] = k;
        T[o + 4] = seq;
        this.distinct++;
        if (s >= this.used) this.used = s + 1;
      }
      T[o + 1] += RF[3 * r + 1];
      const g = RI[6 * r + 5];
      if (T[o + 3] !== g + 1) {
        T[o + 3] = g + 1;
        T[o + 2] += groupWeight[g];
      }
    }
    while (c < order.length) place(order[c++]);
    // Survivors inside the block, in slot order; the rest past its end carries on.
    for (let s = 0; s < this.size && s < this.used; s++) {
      const o = s * SLOT;
      if (T[o] === 0 || T[o + 2] < minGroups) continue;
      const a = Math.floor(T[o] / SHIFT);
      out.a.push(a);
      out.b.push(T[o] - a * SHIFT);
      out.w.push(T[o + 1]);
      out.groups.push(T[o + 2]);
    }
    const next = emptyCarry();
    for (let s = this.size; s < this.used; s++) {
      const o = s * SLOT;
      if (T[o] === 0) continue; // cannot happen: an overflow run is contiguous
      next.key.push(T[o]);
      next.w.push(T[o + 1]);
      next.rep.push(T[o + 2]);
      next.first.push(T[o + 4]);
      next.slot.push(s - this.size);
    }
    this.clear();
    return next;
  }

  private clear(): void {
    this.t.fill(0, 0, this.used * SLOT);
    this.used = 0;
  }
}

const SLOT = 5;

/** Carried pairs in order of first arrival. */
function carryOrder(c: Carry): number[] {
  return c.first.map((_, i) => i).sort((x, y) => c.first[x] - c.first[y]);
}

/** A block's overflow run outgrew the replay table: the caller falls back to one PairCounter. */
export class OverflowError extends Error {
  constructor() {
    super('pair block overflow');
  }
}

export function sameCarry(x: Carry, y: Carry): boolean {
  if (x.key.length !== y.key.length) return false;
  for (let i = 0; i < x.key.length; i++) if (x.key[i] !== y.key[i] || x.slot[i] !== y.slot[i]) return false;
  return true;
}

/** What one slot range [lo, hi) of the table yields (hi − lo a multiple of the block size). */
export interface RangeResult {
  survivors: SurvivorColumns;
  /** survivors[0 .. firstEnd) came from the range's first block (replaced if its carry-in changes). */
  firstEnd: number;
  /** The first block's records, kept for that replay. */
  firstRecords: BlockSlice;
  /** What the first block passed on when replayed with no carry-in. */
  firstCarry: Carry;
  /** What runs past the range's end. */
  carry: Carry;
  distinct: number;
}

/**
 * Counts the pairs whose home slot is in [lo, hi), block by block, assuming nothing is carried in
 * from before lo (combineRanges fixes that up). Co-actions are enumerated once to count them per
 * block, then once per run of blocks whose records fit `maxRecords`.
 */
export function countRange(inp: PairInputs, opts: PairWindow, mask: number, lo: number, hi: number, minGroups: number, maxRecords: number): RangeResult {
  const counts = new BlockCounts(lo, hi);
  const total = enumeratePairs(inp, opts, mask, lo, hi, { counts });
  if (total >= 2 ** 32) throw new OverflowError(); // seq would not fit its 32 bits
  const nBlocks = counts.counts.length;
  const table = new BlockTable(mask);
  const survivors = emptySurvivors();
  let carry = emptyCarry();
  let firstEnd = 0;
  let firstRecords: BlockSlice | undefined;
  let firstCarry = emptyCarry();
  for (let b0 = 0; b0 < nBlocks; ) {
    let b1 = b0 + 1;
    let n = counts.counts[b0];
    while (b1 < nBlocks && n + counts.counts[b1] <= maxRecords) n += counts.counts[b1++];
    const runLo = lo + b0 * (1 << BLOCK_BITS);
    const runHi = lo + b1 * (1 << BLOCK_BITS);
    const rec = new BlockRecords(runLo, counts.counts.subarray(b0, b1));
    enumeratePairs(inp, opts, mask, runLo, runHi, { records: rec });
    for (let b = b0; b < b1; b++) {
      const s = rec.start[b - b0];
      const e = rec.start[b - b0 + 1];
      carry = table.replay(lo + b * (1 << BLOCK_BITS), rec, s, e, carry, inp.groupWeight, minGroups, survivors);
      if (b === 0) {
        firstEnd = survivors.a.length;
        firstRecords = sliceBlock(rec, 0);
        firstCarry = carry;
      }
    }
    b0 = b1;
  }
  return { survivors: toColumns(survivors), firstEnd, firstRecords: firstRecords!, firstCarry, carry, distinct: table.distinct };
}

/**
 * Joins ranges that tile the whole table (each at least two blocks), in slot order: each range's first block is replayed with
 * the carry of the range before it (the last range's wraps to the first). Throws OverflowError when
 * a replay would change what that block passes on (a run of pairs longer than a block: the caller
 * then counts with one PairCounter).
 */
export function combineRanges(ranges: RangeResult[], starts: number[], mask: number, groupWeight: Float64Array, minGroups: number): SurvivorColumns {
  const table = new BlockTable(mask);
  const parts: { cols: SurvivorColumns; from: number; to: number }[] = [];
  for (let r = 0; r < ranges.length; r++) {
    const cur = ranges[r];
    const before = ranges[(r + ranges.length - 1) % ranges.length].carry;
    if (before.key.length) {
      const first = emptySurvivors();
      const rec = cur.firstRecords;
      const next = table.replay(starts[r], rec, 0, sliceLength(rec), before, groupWeight, minGroups, first);
      if (!sameCarry(next, cur.firstCarry)) throw new OverflowError();
      parts.push({ cols: toColumns(first), from: 0, to: first.a.length });
    } else parts.push({ cols: cur.survivors, from: 0, to: cur.firstEnd });
    parts.push({ cols: cur.survivors, from: cur.firstEnd, to: cur.survivors.a.length });
  }
  return concatColumns(parts);
}
