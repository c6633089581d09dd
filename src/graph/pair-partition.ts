import { enumeratePairs, pairHash, partitionBuckets, PairRecords, repeatBits, SHIFT, type PairInputs, type PairWindow } from './pair-enum.js';

/**
 * Pair counting for one partition of the pair hash (one thread's share), in bounded memory:
 *
 * 1. mark which pairs meet in two groups (a two-bit filter over the pair hash);
 * 2. count, per bucket, the co-actions of pairs that can pass the repetition bar: those the
 *    filter marks, or whose one group's action weight meets the bar alone;
 * 3. record those co-actions for runs of buckets that fit `maxRecords`, and sum each bucket's
 *    pairs in a small table, in enumeration order (the same floating-point sums as PairCounter).
 *
 * Most pairs meet once (a chance encounter on one target), and their co-actions are never
 * recorded: three enumerations a thread instead of one per run of blocks that fit in memory (about
 * six at 10 M events under --max-memory 4G), and the passes no longer multiply as the data grows.
 * The survivors come out in bucket order; keepTopK gives the kept edges in (a, b) order whatever
 * the order in, so the edges are PairCounter's.
 */

/** Survivors as typed columns: a worker hands them over without a copy. */
export interface SurvivorColumns {
  a: Int32Array;
  b: Int32Array;
  w: Float64Array;
  groups: Float64Array;
}

export interface PartitionJob {
  inp: PairInputs;
  win: PairWindow;
  part: number;
  parts: number;
  minGroups: number;
  /** Co-action records (24 bytes each) held at once; fewer means more passes. */
  maxRecords: number;
  /** Filter entries for this partition (two bits each). */
  filterEntries: number;
}

export function countPartition(job: PartitionJob): SurvivorColumns {
  const { inp, win, minGroups, maxRecords } = job;
  const [lo, hi] = partitionBuckets(job.part, job.parts);
  const filter = repeatBits(job.filterEntries);
  enumeratePairs(inp, win, lo, hi, { mark: filter });
  const counts = new Float64Array(hi - lo);
  enumeratePairs(inp, win, lo, hi, { count: counts, filter, minGroups });
  const out = new Survivors();
  const table = new BucketTable();
  for (let b0 = lo; b0 < hi; ) {
    let b1 = b0 + 1;
    let n = counts[b0 - lo];
    while (b1 < hi && n + counts[b1 - lo] <= maxRecords) n += counts[b1++ - lo];
    if (n > 0) {
      const rec = new PairRecords(b0, counts.subarray(b0 - lo, b1 - lo));
      enumeratePairs(inp, win, lo, hi, { records: rec, filter, minGroups, runLo: b0, runHi: b1 });
      for (let b = 0; b < b1 - b0; b++) table.sum(rec.f, rec.start[b], rec.start[b + 1], inp.groupWeight, minGroups, out);
    }
    b0 = b1;
  }
  return out.columns();
}

/** Growable survivor columns. */
class Survivors {
  private n = 0;
  private a = new Int32Array(1024);
  private b = new Int32Array(1024);
  private w = new Float64Array(1024);
  private g = new Float64Array(1024);
  push(a: number, b: number, w: number, g: number): void {
    if (this.n === this.a.length) {
      const grow = <T extends Int32Array | Float64Array>(x: T): T => {
        const y = new (x.constructor as new (n: number) => T)(x.length * 2);
        y.set(x);
        return y;
      };
      this.a = grow(this.a);
      this.b = grow(this.b);
      this.w = grow(this.w);
      this.g = grow(this.g);
    }
    this.a[this.n] = a;
    this.b[this.n] = b;
    this.w[this.n] = w;
    this.g[this.n] = g;
    this.n++;
  }
  columns(): SurvivorColumns {
    return { a: this.a.slice(0, this.n), b: this.b.slice(0, this.n), w: this.w.slice(0, this.n), groups: this.g.slice(0, this.n) };
  }
}

/**
 * Sums one bucket's records per pair (open addressing on the pair hash's low bits; a slot's key,
 * weight, repetition and last group side by side), as PairCounter.add does, and passes on the
 * pairs that meet the bar.
 */
class BucketTable {
  private t = new Float64Array(4 * 1024);
  sum(f: Float64Array, from: number, to: number, groupWeight: Float64Array, minGroups: number, out: Survivors): void {
    // Sized to the bucket (cleared and scanned whole, so a fixed large table would cost per bucket).
    let size = 16;
    while (size < 2 * (to - from)) size *= 2; // at most half full
    if (this.t.length < 4 * size) this.t = new Float64Array(4 * size);
    const T = this.t;
    T.fill(0, 0, 4 * size);
    const mask = size - 1;
    for (let r = from; r < to; r++) {
      const key = f[3 * r];
      const x = Math.floor(key / SHIFT);
      let s = pairHash(x, key - x * SHIFT) & mask;
      while (T[4 * s] !== 0 && T[4 * s] !== key) s = (s + 1) & mask;
      const o = 4 * s;
      T[o] = key;
      T[o + 1] += f[3 * r + 1];
      const g = f[3 * r + 2];
      if (T[o + 3] !== g + 1) {
        T[o + 3] = g + 1; // +1 so that 0 means "no group yet"
        T[o + 2] += groupWeight[g];
      }
    }
    for (let s = 0; s < size; s++) {
      const o = 4 * s;
      if (T[o] === 0 || T[o + 2] < minGroups) continue;
      const a = Math.floor(T[o] / SHIFT);
      out.push(a, T[o] - a * SHIFT, T[o + 1], T[o + 2]);
    }
  }
}
