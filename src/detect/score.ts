import type { ClusterTiming, SignalTiming } from './timing.js';


/**
 * Suspicion in [0,1] from the timing test. Two things must both hold, so the score is the weaker:
 * the cluster is tighter than the null beyond reasonable doubt (significance, which grows with
 * repetition across targets and is corrected for the number of communities tested), and tighter by
 * a margin that matters (effect size: a large organic group can be "significantly" a little tighter
 * than any model of it, which is not coordination).
 *   significance = (−log10 p − log10 tested) / 10, in [0,1]   (Bonferroni-corrected p = 1e-5 → 0.5)
 *   effect       = log10(1 / tightness), in [0,1]            (bursts 3.2× narrower than the null → 0.5)
 *   score        = min(significance, effect)
 * At the default threshold 0.5: p ≤ 1e-5 after correction, and bursts over 3× narrower on average.
 */
export function clusterScore(t: ClusterTiming, tested = 1): number {
  if (t.groups.length === 0) return 0;
  // Scored on the cluster as a whole. Scoring each signal alone as well (t.bySignal, reported as
  // signalStatistics) was measured: it lifted IRA coverage but flagged fans and news crowds.
  return lookScore({ zScore: t.zScore, pValue: t.pValue, tightness: t.tightness, targets: t.groups.length }, tested);
}

function lookScore(t: SignalTiming, tested: number): number {
  const logp = t.pValue > 0 ? -Math.log10(t.pValue) : 300;
  const significance = Math.min(1, Math.max(0, (logp - Math.log10(Math.max(1, tested))) / 10));
  const effect = Math.min(1, Math.max(0, Math.log10(1 / t.tightness)));
  return Math.min(significance, effect);
}
