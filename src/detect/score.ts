import type { ClusterTiming } from './timing.js';

/**
 * Suspicion in [0,1] from the timing test. Two things must both hold: the cluster is tighter than
 * the null beyond reasonable doubt (significance, which grows with repetition across targets and is
 * corrected for the number of communities tested), and tighter by a margin that matters (effect
 * size: a large organic group can be "significantly" a little tighter than any model of it, which
 * is not coordination).
 *   significance = (−log10 p − log10 tested) / 10, in [0,1]   (Bonferroni; 1e-10 after correction → 1)
 *   effect       = log(1 / tightness) / log(20), in [0,1]    (bursts 20× narrower than the null → 1;
 *                  organic groups reacting to the same stimulus reach ~3×, campaigns 5–100×)
 *   score        = significance · effect
 */
export function clusterScore(t: ClusterTiming, tested = 1): number {
  if (t.groups.length === 0) return 0;
  const logp = t.pValue > 0 ? -Math.log10(t.pValue) : 300;
  const significance = Math.min(1, Math.max(0, (logp - Math.log10(Math.max(1, tested))) / 10));
  const effect = Math.min(1, Math.max(0, Math.log(1 / t.tightness) / Math.log(20)));
  return significance * effect;
}
