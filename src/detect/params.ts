/** Every knob of a scan. Reports echo the full resolved set so a run can be repeated. */
export interface ScanParams {
  /** Base co-action window in seconds. */
  window: number;
  /** Window multiples also looked at (adaptive scales: slow campaigns spread over 10–15 min). */
  scales: number[];
  /** Clusters scoring at or above this are flagged. */
  threshold: number;
  /** Seed for Louvain and the null-model resampling. */
  seed: number;
  /** Louvain resolution. */
  resolution: number;
  /** Each event is paired with at most this many preceding events of the same target and action. */
  fanout: number;
  /** A pair must co-act on at least this many distinct targets to become an edge. */
  minTargets: number;
  /** Strongest edges kept per account. */
  topK: number;
  /** Seconds of silence that end an episode of activity on one target (each episode counts as a target). */
  episodeGap: number;
  /** Smallest cluster reported: pairs in a slice; a population never tests fewer than three (regime.ts, leastSize). */
  minClusterSize: number;
  /** Near-duplicate text threshold (estimated Jaccard of character shingles). */
  textSimilarity: number;
  /** Monte Carlo draws per target in the null model. */
  nullDraws: number;
  /** How many evidence items each cluster carries. */
  maxEvidence: number;
  /**
   * Whether the input is a population (a platform's day: measured against independent reactions)
   * or a slice of suspects (every account suspect: the groups that act together are reported).
   * auto reads it from the data (detect/regime.ts).
   */
  regime: RegimeChoice;
}

import type { RegimeChoice } from './regime.js';
export { REGIMES, type RegimeChoice } from './regime.js';

/** One-line help for the choice, shared by the CLI flag and the API schema. */
export const REGIME_HELP =
  'population (measure against independent reactions), slice (every account is a suspect: report the groups that act together), auto (read from the data: slice when nearly every shared target\'s actors sit in candidate communities)';

export const DEFAULT_PARAMS: ScanParams = {
  window: 60,
  scales: [1, 5, 15],
  threshold: 0.5,
  seed: 42,
  resolution: 1,
  fanout: 32,
  minTargets: 2,
  topK: 20,
  episodeGap: 1800,
  minClusterSize: 2,
  textSimilarity: 0.3,
  nullDraws: 40,
  maxEvidence: 10,
  regime: 'auto',
};

export function resolveParams(p: Partial<ScanParams> = {}): ScanParams {
  const out = { ...DEFAULT_PARAMS };
  for (const [k, v] of Object.entries(p)) if (v !== undefined && k in DEFAULT_PARAMS) (out as Record<string, unknown>)[k] = v;
  return out;
}
