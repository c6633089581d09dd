/**
 * Seeded randomness for the generator. sfc32 (small, fast, passes PractRand) seeded through
 * splitmix32, so nearby seeds give unrelated streams. Never Math.random: output must be a pure
 * function of the seed.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  (): number;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A new generator for `seed`; `stream` derives independent sub-streams from the same seed. */
export function createRng(seed: number, stream = 0): Rng {
  const sm = splitmix32((seed ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0);
  let a = sm(), b = sm(), c = sm(), d = sm();
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next(); // warm up
  return next;
}

/** Integer in [lo, hi] inclusive. */
export const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
/** Real in [lo, hi). */
export const uniform = (r: Rng, lo: number, hi: number): number => lo + r() * (hi - lo);
export const chance = (r: Rng, p: number): boolean => r() < p;
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** Standard normal (Box–Muller; one value per call keeps the stream simple). */
export function normal(r: Rng): number {
  const u = 1 - r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}

/** Lognormal parameterised by its median and log-sd: the natural shape of human reaction delays. */
export const lognormal = (r: Rng, median: number, sigma: number): number => median * Math.exp(sigma * normal(r));

/** Pareto with minimum xm and tail index alpha: long-tailed activity levels. */
export const pareto = (r: Rng, xm: number, alpha: number): number => xm / Math.pow(1 - r(), 1 / alpha);

export const exponential = (r: Rng, mean: number): number => -Math.log(1 - r()) * mean;

/** Poisson count (Knuth for small means, normal approximation above). */
export function poisson(r: Rng, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(r)));
  const l = Math.exp(-mean);
  let k = 0, p = 1;
  do { k++; p *= r(); } while (p > l);
  return k - 1;
}

/** In-place Fisher–Yates. */
export function shuffle<T>(r: Rng, xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = xs[i]; xs[i] = xs[j]; xs[j] = t;
  }
  return xs;
}

/** k distinct items, chosen uniformly (partial Fisher–Yates on a copy). */
export function sample<T>(r: Rng, xs: readonly T[], k: number): T[] {
  const a = xs.slice();
  const n = Math.min(k, a.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(r() * (a.length - i));
    const t = a[i]; a[i] = a[j]; a[j] = t;
  }
  return a.slice(0, n);
}

/**
 * Walker alias table: O(1) draws from a fixed discrete distribution (account activity, target
 * popularity), which keeps a million-event generation linear.
 */
export interface Alias {
  readonly size: number;
  draw(r: Rng): number;
}

export function aliasTable(weights: ArrayLike<number>): Alias {
  const n = weights.length;
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  let sum = 0;
  for (let i = 0; i < n; i++) sum += weights[i];
  const scaled = new Float64Array(n);
  const small: number[] = [], large: number[] = [];
  for (let i = 0; i < n; i++) {
    scaled[i] = sum > 0 ? (weights[i] * n) / sum : 1;
    (scaled[i] < 1 ? small : large).push(i);
  }
  while (small.length && large.length) {
    const s = small.pop()!, l = large.pop()!;
    prob[s] = scaled[s];
    alias[s] = l;
    scaled[l] = scaled[l] + scaled[s] - 1;
    (scaled[l] < 1 ? small : large).push(l);
  }
  for (const i of large) prob[i] = 1;
  for (const i of small) prob[i] = 1;
  return {
    size: n,
    draw(r: Rng) {
      const u = r() * n;
      const i = Math.floor(u);
      return u - i < prob[i] ? i : alias[i];
    },
  };
}

/** Zipf weights 1/rank^s for ranks 1..n. */
export function zipfWeights(n: number, s: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 1 / Math.pow(i + 1, s);
  return w;
}

/** A range [lo, hi] drawn uniformly per seed: how every size and rate is randomised. */
export type Range = readonly [number, number];
export const inRange = (r: Rng, [lo, hi]: Range): number => uniform(r, lo, hi);
export const intInRange = (r: Rng, [lo, hi]: Range): number => int(r, Math.round(lo), Math.round(hi));

/** Log-uniform in [lo, hi): sizes, delays and windows spanning orders of magnitude. */
export const logUniform = (r: Rng, lo: number, hi: number): number => lo * Math.exp(r() * Math.log(hi / lo));
export const logInRange = (r: Rng, [lo, hi]: Range): number => logUniform(r, lo, hi);
export const intLogInRange = (r: Rng, [lo, hi]: Range): number => Math.min(Math.round(hi), Math.round(logUniform(r, lo, hi + 0.5)));
