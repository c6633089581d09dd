import { BUCKETS, enumeratePairs, pairHash, pairWeight, scaleKernel, SHIFT, type PairInputs, type PairWindow, type RecordLayout } from './pair-enum.js';

/**
 * The passes of pair counting, each split over threads by chunks of groups (pair-enum.ts) that the
 * threads take from a shared counter, so neither a busy core nor a hot chunk holds the others up:
 *  1. count: each chunk's co-actions per bucket of the pair hash;
 *  2. for each run of buckets whose records fit the memory bound: record the run's co-actions,
 *     each chunk at its own place in each bucket (after the chunks before it), so a bucket's
 *     records are in enumeration order whoever wrote them;
 *  3. sum each bucket's records per pair in a small table, in that order (the same floating-point
 *     sums as PairCounter), keeping the pairs that meet the repetition bar.
 * Every co-action is enumerated once per pass in all (not once per thread and pass, as when each
 * thread took a partition of the hash and enumerated everything to find its own).
 * count-pairs.ts runs the passes, on this thread or on workers (pair-worker.ts).
 */

/** Survivors as typed columns: a worker hands them over without a copy. */
export interface SurvivorColumns {
  a: Int32Array;
  b: Int32Array;
  w: Float64Array;
  groups: Float64Array;
}

/** What every pass needs (shared memory when workers take part). */
export interface PairJob {
  inp: PairInputs;
  win: PairWindow;
  /** Chunk c is groups [chunks[c], chunks[c + 1]). */
  chunks: Int32Array;
  layout: RecordLayout;
  minGroups: number;
  /** counts[c · BUCKETS + b]: co-actions of chunk c in bucket b (the count pass fills it). */
  counts: Uint32Array;
  /** ctl[0]: the next chunk (or block of buckets) to take in the current pass. */
  ctl: Int32Array;
}

/** A run of buckets [lo, hi): bucket b's records are [start[b - lo], start[b - lo + 1]) of the
 *  record buffer; chunk c's begin at start[b - lo] + before[c · BUCKETS + b]. */
export interface RecordRun {
  lo: number;
  hi: number;
  start: Float64Array;
  before: Float64Array;
  u: Uint32Array;
}

/** Buckets summed per take in the sum pass. */
export const SUM_BLOCK = 32;

const take = (ctl: Int32Array): number => Atomics.add(ctl, 0, 1);

/** Pass 1 (this thread's share). */
export function countPass(job: PairJob): void {
  const C = job.chunks.length - 1;
  for (let c = take(job.ctl); c < C; c = take(job.ctl)) {
    enumeratePairs(job.inp, job.win, job.chunks[c], job.chunks[c + 1], job.counts.subarray(c * BUCKETS, (c + 1) * BUCKETS), undefined);
  }
}

/** Pass 2 for one run (this thread's share). */
export function recordPass(job: PairJob, run: RecordRun): void {
  const C = job.chunks.length - 1;
  const nb = run.hi - run.lo;
  const cursor = new Int32Array(nb);
  const lastGroup = new Int32Array(nb).fill(-1);
  for (let c = take(job.ctl); c < C; c = take(job.ctl)) {
    let any = false;
    for (let j = 0; j < nb; j++) {
      cursor[j] = run.start[j] + run.before[c * BUCKETS + run.lo + j];
      if (job.counts[c * BUCKETS + run.lo + j] > 0) any = true;
    }
    if (!any) continue;
    enumeratePairs(job.inp, job.win, job.chunks[c], job.chunks[c + 1], undefined, { u: run.u, layout: job.layout, runLo: run.lo, runHi: run.hi, cursor, lastGroup });
  }
}

/** Pass 3 for one run (this thread's share): the survivors, and which block of buckets each came from
 *  (blocks[3i] = block, its survivors are [blocks[3i + 1], blocks[3i + 2])). */
export function sumPass(job: PairJob, run: RecordRun): SurvivorColumns & { blocks: Int32Array } {
  const kernel = scaleKernel(job.win.scales);
  const out = new Survivors();
  const table = new BucketTable();
  const blocks: number[] = [];
  const nBlocks = Math.ceil((run.hi - run.lo) / SUM_BLOCK);
  for (let k = take(job.ctl); k < nBlocks; k = take(job.ctl)) {
    const from = out.size;
    const end = Math.min(run.hi - run.lo, (k + 1) * SUM_BLOCK);
    for (let j = k * SUM_BLOCK; j < end; j++) table.sum(run.u, job.layout, run.start[j], run.start[j + 1], job.inp.weights, kernel, job.minGroups, out);
    blocks.push(k, from, out.size);
  }
  return { ...out.columns(), blocks: Int32Array.from(blocks) };
}

/** Growable survivor columns. */
class Survivors {
  size = 0;
  private a = new Int32Array(1024);
  private b = new Int32Array(1024);
  private w = new Float64Array(1024);
  private g = new Float64Array(1024);
  push(a: number, b: number, w: number, g: number): void {
    if (this.size === this.a.length) {
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
    this.a[this.size] = a;
    this.b[this.size] = b;
    this.w[this.size] = w;
    this.g[this.size] = g;
    this.size++;
  }
  columns(): SurvivorColumns {
    // Views, not copies (a copy would double the peak of a large run's survivors).
    const n = this.size;
    return { a: this.a.subarray(0, n), b: this.b.subarray(0, n), w: this.w.subarray(0, n), groups: this.g.subarray(0, n) };
  }
}

/**
 * Sums one bucket's records per pair (open addressing on the pair hash's low bits; a slot's key,
 * weight, repetition and last group side by side), as PairCounter.add does, and passes on the
 * pairs that meet the bar. The bucket's records are in enumeration order, so "a new group for this
 * pair" is the count of group-start flags so far, not the group's number.
 */
class BucketTable {
  private t = new Float64Array(4 * 1024);
  sum(u: Uint32Array, layout: RecordLayout, from: number, to: number, weights: Float64Array, kernel: number[], minGroups: number, out: Survivors): void {
    // Sized to the bucket (cleared and scanned whole, so a fixed large table would cost per bucket).
    let size = 16;
    while (size < 2 * (to - from)) size *= 2; // at most half full
    if (this.t.length < 4 * size) this.t = new Float64Array(4 * size);
    const T = this.t;
    T.fill(0, 0, 4 * size);
    const mask = size - 1;
    const { A, S, M } = layout;
    const two = layout.words === 2;
    const accMask = A >= 32 ? -1 : (1 << A) - 1;
    const metaMask = M >= 32 ? -1 : (1 << M) - 1;
    const scaleMask = (1 << S) - 1;
    const lowScale = 2 ** (32 - A);
    const AM = A + M;
    let seq = 0;
    for (let r = from; r < to; r++) {
      let x: number, y: number, meta: number, c: number;
      if (two) {
        const w0 = u[2 * r];
        const w1 = u[2 * r + 1];
        x = w0 & accMask;
        meta = (w0 >>> A) & metaMask;
        y = w1 & accMask;
        c = (w0 >>> AM) * lowScale + (w1 >>> A);
      } else {
        x = u[4 * r];
        y = u[4 * r + 1];
        c = u[4 * r + 2];
        meta = u[4 * r + 3];
      }
      if ((meta >>> S) & 1) seq++;
      const aw = weights[meta >>> (S + 1)];
      const key = x * SHIFT + y;
      let s = pairHash(x, y) & mask;
      while (T[4 * s] !== 0 && T[4 * s] !== key) s = (s + 1) & mask;
      const o = 4 * s;
      T[o] = key;
      T[o + 1] += pairWeight(aw, kernel[meta & scaleMask], c);
      if (T[o + 3] !== seq) {
        T[o + 3] = seq; // ≥ 1, so that 0 means "no group yet"
        T[o + 2] += aw;
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
