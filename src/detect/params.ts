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
  /** Smallest cluster reported. */
  minClusterSize: number;
  /** Near-duplicate text threshold (estimated Jaccard of character shingles). */
  textSimilarity: number;
  /** Monte Carlo draws per target in the null model. */
  nullDraws: number;
  /** How many evidence items each cluster carries. */
  maxEvidence: number;
  /**
   * What "by chance" means. population: reactions of everyone in the data (a day of a platform).
   * independent: only each community's first reaction to an item (a slice of suspect accounts,
   * where a null learnt from everyone would measure an operation against itself). auto: population,
   * unless its flagged communities hold SUSPECT_SLICE_SHARE of all accounts.
   */
  nullModel: NullModel;
}

export type NullModel = 'auto' | 'population' | 'independent';
export const NULL_MODELS = ['auto', 'population', 'independent'] as const satisfies readonly NullModel[];
/** One-line help for the choice, shared by the CLI flag and the API schema. */
export const NULL_MODEL_HELP =
  'what "by chance" means: population (everyone in the input), independent (each community\'s first reaction; for a slice of suspect accounts), auto (population unless its flagged communities hold 20% of all accounts)';

/**
 * Share of all accounts in flagged communities above which auto treats the input as a slice of
 * suspects. On the generated platform days it is 0–3.5%; on the IRA slice (all trolls) 45%.
 */
export const SUSPECT_SLICE_SHARE = 0.2;

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
  minClusterSize: 3,
  textSimilarity: 0.3,
  nullDraws: 40,
  maxEvidence: 10,
  nullModel: 'auto',
};

export function resolveParams(p: Partial<ScanParams> = {}): ScanParams {
  const out = { ...DEFAULT_PARAMS };
  for (const [k, v] of Object.entries(p)) if (v !== undefined && k in DEFAULT_PARAMS) (out as Record<string, unknown>)[k] = v;
  return out;
}
