import type { ClusterTiming, SignalTiming } from './timing.js';

/**
 * Suspicion in [0,1] from the timing test, read two ways; the score is the better reading, faded
 * when the cluster's bursts are too slow to be lockstep.
 *
 * Whole cluster: tighter than the null beyond reasonable doubt (significance, which grows with
 * repetition across targets and is corrected for the number of communities tested) and by a margin
 * that matters (effect size: a large organic group can be "significantly" a little tighter than any
 * model of it, which is not coordination).
 *   significance = (−log10 p − log10 tested) / 10, in [0,1]   (Bonferroni-corrected p = 1e-5 → 0.5)
 *   effect       = log10(1 / tightness), in [0,1]            (bursts 3.2× narrower than the null → 0.5)
 *   whole        = min(significance, effect)
 * Bursts (camouflage, see burstScore): many more significant bursts than chance gives.
 * Pace: a typical burst wider than `maxBurst` seconds scales the score by (maxBurst / burst)².
 */
export function clusterScore(t: ClusterTiming, tested = 1, maxBurst = Infinity): number {
  if (t.groups.length === 0) return 0;
  // Lockstep means minutes: a group whose typical burst is wider than the widest co-action window
  // (an ordinary community passing items around over an hour) fades out however regular it is.
  const pace = t.typicalSpan > maxBurst ? (maxBurst / t.typicalSpan) ** 2 : 1;
  // Scoring each signal (action kind) alone as well (t.bySignal, reported as signalStatistics) was
  // measured: it lifted IRA coverage but flagged fans and news crowds.
  const whole = lookScore({ zScore: t.zScore, pValue: t.pValue, tightness: t.tightness, targets: t.groups.length }, tested);
  return pace * Math.max(whole, burstScore(t, tested));
}

/** Chance that a target is a burst when members act independently: a burst is tighter than all of
 *  ≥ 20 null draws (p < 1/21), or z ≥ 2 (2.3%) where draws are fewer. */
const BURST_RATE = 0.05;

/** Share of co-action evidence in bursts that reads as 0.5: a quarter. */
const BURST_SHARE_SCALE = 2;

/**
 * The camouflage reading: a campaign's members also act like everyone else most of the time, so on
 * the whole they look only a little tighter than organic accounts; but the pushes themselves are
 * significant bursts, far more of them than chance gives, and carry a real share of what members do
 * together. Scored as the weakest of: how unlikely that many bursts are by chance (binomial tail,
 * corrected for the number of communities tested), how much tighter the bursts are than the null,
 * and the share of members' co-actions inside them (a quarter → 0.5).
 */
function burstScore(t: ClusterTiming, tested: number): number {
  if (t.bursts === 0) return 0;
  const logp = -log10BinomialTail(t.burstEligible, t.bursts, BURST_RATE);
  const significance = Math.min(1, Math.max(0, (logp - Math.log10(Math.max(1, tested))) / 10));
  const effect = Math.min(1, Math.max(0, Math.log10(1 / t.burstTightness)));
  return Math.min(significance, effect, BURST_SHARE_SCALE * t.burstShare);
}

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

function lookScore(t: SignalTiming, tested: number): number {
  const logp = t.pValue > 0 ? -Math.log10(t.pValue) : 300;
  const significance = Math.min(1, Math.max(0, (logp - Math.log10(Math.max(1, tested))) / 10));
  const effect = Math.min(1, Math.max(0, Math.log10(1 / t.tightness)));
  return Math.min(significance, effect);
}
