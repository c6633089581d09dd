/** Every knob of a scan. Reports echo the full resolved set so a run can be repeated. */
export interface ScanParams {
  /** Base co-action window in seconds; detection also looks at finer and coarser scales derived from it. */
  window: number;
  /** Clusters scoring at or above this are flagged. */
  threshold: number;
  /** Seed for Louvain and the null-model resampling. */
  seed: number;
  /** Louvain resolution (above 1 keeps small cells from being merged into big communities). */
  resolution: number;
  /** Each event is paired with at most this many nearest events of the same target and action (bounds hot targets). */
  fanout: number;
  /** Smallest cluster reported. */
  minClusterSize: number;
  /** How many evidence items each cluster carries. */
  maxEvidence: number;
}

export const DEFAULT_PARAMS: ScanParams = {
  window: 60,
  threshold: 0.5,
  seed: 42,
  resolution: 1,
  fanout: 32,
  minClusterSize: 3,
  maxEvidence: 10,
};

export function resolveParams(p: Partial<ScanParams> = {}): ScanParams {
  const out = { ...DEFAULT_PARAMS };
  for (const [k, v] of Object.entries(p)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
