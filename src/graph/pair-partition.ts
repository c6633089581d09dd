import { enumeratePairs, pairHash, pairWeight, partitionBuckets, PairRecords, recordScale, recordX, scaleKernel, SHIFT, type PairInputs, type PairWindow } from './pair-enum.js';

/**
 * Pair counting for one partition of the pair hash (one thread's share), in bounded memory: the
 * partition's co-actions are counted per bucket, then recorded for runs of buckets that fit
 * `maxRecords` (one enumeration each), and each bucket's pairs are summed in a small table in
 * enumeration order (the same floating-point sums as PairCounter). Only pairs that meet the
 * repetition bar are kept. They come out in bucket order; keepTopK gives the kept edges in (a, b)
 * order whatever the order in, so the edges are PairCounter's.
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
  /** Co-action records (16 bytes each) held at once; fewer means more passes. */
  maxRecords: number;
}

export function countPartition(job: PartitionJob): SurvivorColumns {
  const { inp, win, minGroups, maxRecords } = job;
  const [lo, hi] = partitionBuckets(job.part, job.parts);
  const counts = new Float64Array(hi - lo);
  enumeratePairs(inp, win, lo, hi, { count: counts });
  const kernel = scaleKernel(win.scales);
  const out = new Survivors();
  const table = new BucketTable();
  for (let b0 = lo; b0 < hi; ) {
    let b1 = b0 + 1;
    let n = counts[b0 - lo];
    while (b1 < hi && n + counts[b1 - lo] <= maxRecords) n += counts[b1++ - lo];
    if (n > 0) {
      const rec = new PairRecords(b0, counts.subarray(b0 - lo, b1 - lo));
      enumeratePairs(inp, win, lo, hi, { records: rec, runLo: b0, runHi: b1 });
      for (let b = 0; b < b1 - b0; b++) table.sum(rec.u, rec.start[b], rec.start[b + 1], inp.groupWeight, kernel, minGroups, out);
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
    // Views, not copies (a copy would double the peak of a large partition's survivors).
    return { a: this.a.subarray(0, this.n), b: this.b.subarray(0, this.n), w: this.w.subarray(0, this.n), groups: this.g.subarray(0, this.n) };
  }
}

/**
 * Sums one bucket's records per pair (open addressing on the pair hash's low bits; a slot's key,
 * weight, repetition and last group side by side), as PairCounter.add does, and passes on the
 * pairs that meet the bar.
 */
class BucketTable {
  private t = new Float64Array(4 * 1024);
  sum(u: Uint32Array, from: number, to: number, groupWeight: Float64Array, kernel: number[], minGroups: number, out: Survivors): void {
    // Sized to the bucket (cleared and scanned whole, so a fixed large table would cost per bucket).
    let size = 16;
    while (size < 2 * (to - from)) size *= 2; // at most half full
    if (this.t.length < 4 * size) this.t = new Float64Array(4 * size);
    const T = this.t;
    T.fill(0, 0, 4 * size);
    const mask = size - 1;
    for (let r = from; r < to; r++) {
      const x = recordX(u, r);
      const y = u[4 * r + 1];
      const key = x * SHIFT + y;
      let s = pairHash(x, y) & mask;
      while (T[4 * s] !== 0 && T[4 * s] !== key) s = (s + 1) & mask;
      const o = 4 * s;
      const g = u[4 * r + 2];
      T[o] = key;
      T[o + 1] += pairWeight(groupWeight[g], kernel[recordScale(u, r)], u[4 * r + 3]);
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
