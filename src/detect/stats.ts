/**
 * Small statistics shared by the null model, the cluster test and the score: burst widths, pair
 * counts, normal and binomial tails. Pure functions, no state.
 */

/** Width of the narrowest interval holding 80% of the sorted times (at least two of them). */
export function coreSpan(sorted: ArrayLike<number>, m = sorted.length): number {
  const q = Math.max(2, Math.ceil(0.8 * m));
  let best = Infinity;
  for (let i = 0; i + q - 1 < m; i++) best = Math.min(best, sorted[i + q - 1] - sorted[i]);
  return best;
}

/** The narrowest interval holding 80% of the sorted times (at least two): [first, last] index. */
export function coreWindow(sorted: ArrayLike<number>, m = sorted.length): [number, number] {
  const q = Math.max(2, Math.ceil(0.8 * m));
  let bi = 0;
  let best = Infinity;
  for (let i = 0; i + q - 1 < m; i++) if (sorted[i + q - 1] - sorted[i] < best) { best = sorted[i + q - 1] - sorted[i]; bi = i; }
  return [bi, Math.min(m - 1, bi + q - 1)];
}

/** Pairs of sorted times within w of each other. */
export function pairsWithin(sorted: ArrayLike<number>, w: number, m = sorted.length): number {
  let n = 0;
  let lo = 0;
  for (let i = 0; i < m; i++) {
    while (sorted[i] - sorted[lo] > w) lo++;
    n += i - lo;
  }
  return n;
}

/** Mean and sample standard deviation of the first n values. */
export function meanSd(xs: ArrayLike<number>, n = xs.length): { mean: number; sd: number } {
  let mean = 0;
  for (let i = 0; i < n; i++) mean += xs[i];
  mean /= Math.max(1, n);
  let v = 0;
  for (let i = 0; i < n; i++) v += (xs[i] - mean) ** 2;
  return { mean, sd: Math.sqrt(v / Math.max(1, n - 1)) };
}

/** Weighted geometric mean of [value, weight] pairs (1 when there are none). */
export function weightedGeoMean(pairs: [number, number][]): number {
  let num = 0;
  let den = 0;
  for (const [v, w] of pairs) {
    num += w * Math.log(Math.max(v, 1e-6));
    den += w;
  }
  return den ? Math.exp(num / den) : 1;
}

/** One-sided normal tail P(Z ≥ z), accurate far into the tail (log-space friendly down to ~1e-300). */
export function normalTail(z: number): number {
  if (z < 0) return 1 - normalTail(-z);
  // Abramowitz–Stegun 7.1.26 is too coarse in the far tail; use the continued-fraction form of erfc.
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const r =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return r / 2;
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
export function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Standard normal draws by table lookup (4096 quantiles): the nulls need many, not extreme tails. */
export const NORMALS = Float64Array.from({ length: 4096 }, (_, i) => inverseNormal((i + 0.5) / 4096));

/** log10 P(X ≥ k) for X ~ Binomial(n, p), summed in log space (exact; n is at most a few thousand). */
export function log10BinomialTail(n: number, k: number, p: number): number {
  if (k <= 0) return 0;
  if (k > n) return -Infinity;
  const lp = Math.log(p);
  const lq = Math.log1p(-p);
  let term = logChoose(n, k) + k * lp + (n - k) * lq;
  let max = term;
  const terms = [term];
  for (let j = k; j < n; j++) {
    term += Math.log((n - j) / (j + 1)) + lp - lq;
    terms.push(term);
    if (term > max) max = term;
    if (term < max - 40) break; // the rest cannot move the sum
  }
  let sum = 0;
  for (const x of terms) sum += Math.exp(x - max);
  return Math.min(0, (max + Math.log(sum)) / Math.LN10); // rounding can put a near-1 tail a hair above 1
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

const LOG_FACT: number[] = [0];
function logFactorial(n: number): number {
  for (let i = LOG_FACT.length; i <= n; i++) LOG_FACT[i] = LOG_FACT[i - 1] + Math.log(i);
  return LOG_FACT[n];
}
