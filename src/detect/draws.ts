import { NORMALS } from './stats.js';

/**
 * Log-normal null draws in sorted order, without sorting the draws. The floor and stimulus nulls
 * draw m delays a time as `scale · exp(σ · NORMALS[i])` with i uniform in [0, 4096), floor them to
 * the data's resolution and sort them: a third of the timing test went to the Math.exp calls and
 * the sort. exp(σ · NORMALS[i]) depends on i alone, so it is looked up; and since NORMALS ascends,
 * and exp, scaling, adding, flooring and max never reverse an order, sorting the indices sorts the
 * draws. Same values, same random numbers consumed in the same order: the verdicts do not change.
 */

/** exp(σ · NORMALS[i]) for each i, and whether it never decreases in i (else the draws are sorted). */
export interface ExpNormals {
  values: Float64Array;
  ascending: boolean;
}

const tables = new Map<number, ExpNormals>();

export function expNormals(sigma: number): ExpNormals {
  let t = tables.get(sigma);
  if (!t) {
    const values = NORMALS.map((z) => Math.exp(sigma * z));
    let ascending = true;
    for (let i = 1; i < values.length; i++) if (!(values[i] >= values[i - 1])) ascending = false;
    tables.set(sigma, (t = { values, ascending }));
  }
  return t;
}

/** Fills idx[0 .. idx.length) with indices into NORMALS, one rng() call each in order, then sorts them. */
export function drawIndices(rng: () => number, idx: Int32Array): void {
  const m = idx.length;
  for (let k = 0; k < m; k++) idx[k] = (rng() * 4096) | 0;
  sortIndices(idx, 4096);
}

/**
 * Sorts indices in [0, range) ascending. Draws from a pool that ascends (a neighbourhood's times in
 * group order) are sorted by sorting the indices drawn: the same values in the same order.
 */
export function sortIndices(idx: Int32Array, range: number): void {
  const m = idx.length;
  if (m <= 32) {
    // Insertion sort: bursts are mostly small, where a call into the built-in sort costs more.
    for (let k = 1; k < m; k++) {
      const v = idx[k];
      let j = k - 1;
      while (j >= 0 && idx[j] > v) {
        idx[j + 1] = idx[j];
        j--;
      }
      idx[j + 1] = v;
    }
    return;
  }
  if (range <= 4096) radixSort12(idx);
  else idx.sort();
}

let scratch = new Int32Array(256);
const counts = new Int32Array(64);

/** Sorts values in [0, 4096) by two counting passes of 6 bits (the built-in sort was a third of the draws). */
function radixSort12(idx: Int32Array): void {
  const m = idx.length;
  if (scratch.length < m) scratch = new Int32Array(m);
  const tmp = scratch;
  for (const [from, to, shift] of [[idx, tmp, 0], [tmp, idx, 6]] as const) {
    counts.fill(0);
    for (let k = 0; k < m; k++) counts[(from[k] >> shift) & 63]++;
    for (let b = 0, sum = 0; b < 64; b++) {
      const c = counts[b];
      counts[b] = sum;
      sum += c;
    }
    for (let k = 0; k < m; k++) to[counts[(from[k] >> shift) & 63]++] = from[k];
  }
}

/** Floors a time to the data's resolution with a random phase, as an export would have. */
export function quantise(t: number, res: number, phase: number): number {
  return res <= 1 ? t : Math.floor((t + phase) / res) * res;
}
