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

/**
 * Shapes of a reaction-delay distribution (the `shapes` probe, `npm run eval -- --probe shapes`).
 * The benchmark draws every look-alike's delays log-normal; a detector that leaned on that shape
 * (its skew, its tails) would fail on another generator's crowds. Each shape keeps the drawn median
 * and the central 80% width (10th to 90th percentile) of the log-normal it stands in for, so the
 * crowd is as fast and as wide as the benchmark drew it, and only its shape differs: Weibull (a
 * short right tail and a long left one: most react at about the same time), log-logistic (heavier
 * tails both ways).
 */
export const DELAY_SHAPES = ['lognormal', 'weibull', 'loglogistic'] as const;
export type DelayShape = (typeof DELAY_SHAPES)[number];

/** 10th-to-90th percentile width of a log-normal over its median. */
const Z90 = 1.2815515655446004;
const lognormalWidth = (sigma: number): number => 2 * Math.sinh(Z90 * sigma);

/** Weibull shape k whose width over its median matches `width` (bisection; width falls as k rises). */
function weibullShapeFor(width: number): number {
  const w = (k: number) => Math.pow(Math.log(10) / Math.LN2, 1 / k) - Math.pow(-Math.log(0.9) / Math.LN2, 1 / k);
  let lo = 0.2, hi = 50;
  for (let i = 0; i < 60; i++) {
    const mid = Math.sqrt(lo * hi);
    if (w(mid) > width) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(lo * hi);
}

/**
 * A delay sampler of one shape for one log-sd: (r, median) → delay. Every shape consumes exactly two
 * draws, as `lognormal` does, so a world drawn with other shapes keeps every other draw (the same
 * accounts join the same posts); the log-normal one returns what `lognormal` returns.
 */
export function delaySampler(shape: DelayShape, sigma: number): (r: Rng, median: number) => number {
  if (shape === 'lognormal') return (r, median) => lognormal(r, median, sigma);
  const width = lognormalWidth(sigma);
  if (shape === 'weibull') {
    const k = weibullShapeFor(width);
    return (r, median) => {
      r();
      return median * Math.pow(-Math.log(1 - r()) / Math.LN2, 1 / k);
    };
  }
  // Log-logistic: log T = log median + s · (standard logistic); its 10–90% width is 2·sinh(s·ln 9).
  const s = Math.asinh(width / 2) / Math.log(9);
  return (r, median) => {
    r();
    const u = Math.min(1 - 1e-12, Math.max(1e-12, r()));
    return median * Math.pow(u / (1 - u), s);
  };
}

/**
 * Shapes of one campaign push over its spread (the same probe): `uniform` is what the benchmark
 * draws (every member at an even chance over the spread); `front` an exponential from the push's
 * start (most join at once, a tail straggles in), `bell` a logistic around its middle. Each keeps
 * the uniform push's central 80% width (0.8 × spread) and consumes one draw.
 */
export const PUSH_SHAPES = ['uniform', 'front', 'bell'] as const;
export type PushShape = (typeof PUSH_SHAPES)[number];

export function pushOffset(shape: PushShape, spread: number): (r: Rng) => number {
  if (shape === 'uniform') return (r) => r() * spread;
  if (shape === 'front') {
    const mean = (0.8 * spread) / Math.log(9);
    return (r) => -Math.log(1 - r()) * mean;
  }
  const s = (0.4 * spread) / Math.log(9);
  return (r) => {
    const u = Math.min(1 - 1e-12, Math.max(1e-12, r()));
    return Math.max(0, spread / 2 + s * Math.log(u / (1 - u)));
  };
}

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
