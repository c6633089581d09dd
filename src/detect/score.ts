import type { ClusterTiming } from './cluster-test.js';
import { log10BinomialTail } from './stats.js';

export { log10BinomialTail };

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
 * Copying (near-duplicate texts, cluster-test.ts). A community's parts (parts.ts) are read only
 * for the evidence that had the community split (`use`).
 * Pace: a typical burst wider than `maxBurst` seconds scales the score by (maxBurst / burst)².
 *
 * expectedFalse = tested × p of the deciding reading: how many clusters this strong a scan of
 * uncoordinated data of the same shape would flag (a Bonferroni expectation; at the default
 * threshold it is at most 1e-5 per scan).
 */
export interface ClusterVerdict {
  score: number;
  expectedFalse: number;
  /** The reading the score came from. */
  reading: 'whole' | 'bursts' | 'copying';
}

/** Which readings may decide: all at the top level; a community's parts are read for the evidence
 *  that had them split (parts.ts). */
export interface Readings {
  timing: boolean;
  copying: boolean;
}

export const ALL_READINGS: Readings = { timing: true, copying: true };

export function clusterVerdict(t: ClusterTiming, tested = 1, maxBurst = Infinity, use: Readings = ALL_READINGS): ClusterVerdict {
  if (t.groups.length === 0) return { score: 0, expectedFalse: tested, reading: 'whole' };
  // Lockstep means minutes: a group whose typical burst is wider than the widest co-action window
  // (an ordinary community passing items around over an hour) fades out however regular it is.
  const pace = t.typicalSpan > maxBurst ? (maxBurst / t.typicalSpan) ** 2 : 1;
  const timing = timingLog10p(t);
  const readings = {
    whole: use.timing ? reading(timing.whole, tighter(t.tightness), 1, tested, pace) : NONE,
    bursts: use.timing && t.bursts ? reading(timing.bursts, tighter(t.burstTightness), BURST_SHARE_SCALE * t.burstShare, tested, pace) : NONE,
    // Repeated copying, which no timing enters (so no pace fade): at least three families.
    copying: use.copying && t.copying.families >= 3 ? reading(t.copying.log10p, copyingEffect(t.copying), 1, tested, 1) : NONE,
  };
  let best: keyof typeof readings = 'whole';
  for (const k of ['bursts', 'copying'] as const) if (readings[k].score > readings[best].score) best = k;
  return { score: readings[best].score, expectedFalse: Math.min(tested, tested * 10 ** -readings[best].log10p), reading: best };
}

/** −log₁₀ p of the two timing readings before any correction: the whole cluster (Stouffer over
 *  its bursts) and its significant bursts (binomial tail at BURST_RATE; 0 without any). */
export function timingLog10p(t: ClusterTiming): { whole: number; bursts: number } {
  return {
    whole: t.pValue > 0 ? -Math.log10(t.pValue) : 300,
    bursts: t.bursts ? -log10BinomialTail(t.burstEligible, t.bursts, BURST_RATE) : 0,
  };
}

const NONE = { score: 0, log10p: 0 };

export function clusterScore(t: ClusterTiming, tested = 1, maxBurst = Infinity): number {
  return clusterVerdict(t, tested, maxBurst).score;
}

/**
 * Chance that a target is a burst when members act independently: a burst is tighter than all of
 * ≥ 20 draws of its deciding null (p < 1/21), or z ≥ 2 (2.3%) where draws are fewer; a burst is
 * read against up to three nulls and keeps the strongest verdict, so twice the single-null rate.
 */
const BURST_RATE = 0.1;

/** Share of co-action evidence in bursts that reads as 0.5: a quarter. */
const BURST_SHARE_SCALE = 2;

/** The timing effect: log10(null width / observed width), so bursts 3.2× narrower read 0.5. */
function tighter(tightness: number): number {
  return Math.log10(1 / tightness);
}

/**
 * The copying effect, the weaker of two. How much more of its families the group holds than its
 * share of the day's texts gives (log10 1/concentration). And how whole: a ring writes its families
 * itself, so a member's text sits in a family the ring mostly holds; a sliver of a crowd holds a
 * little of each family of a common wording (ten organic repliers mixing stock phrases, "great
 * point cant stop laughing", held 5% of families of 60–110 authors; every campaign flagged by
 * copying on the dev seeds held 49% or more). A group holding a quarter of its families reads 0.5.
 */
function copyingEffect(c: ClusterTiming['copying']): number {
  return Math.min(Math.log10(1 / c.concentration), HELD_SCALE * c.held);
}

/** Typical share of its families a group holds that reads as 0.5, inverted: a quarter. */
const HELD_SCALE = 2;

/**
 * One reading, scored as the weakest of: significance (−log10 p, corrected for the number of
 * communities tested), effect (how much tighter than the null, or how concentrated the copying)
 * and, for the burst reading, the share of members' co-actions inside the bursts (a quarter → 0.5).
 * The burst reading is the camouflage one: a campaign's members also act like everyone else most of
 * the time, but its pushes are significant bursts, far more of them than chance gives.
 */
function reading(log10p: number, effectSize: number, share: number, tested: number, pace: number): { score: number; log10p: number } {
  const significance = Math.min(1, Math.max(0, (log10p - Math.log10(Math.max(1, tested))) / 10));
  const effect = Math.min(1, Math.max(0, effectSize));
  return { score: pace * Math.min(significance, effect, share), log10p };
}
