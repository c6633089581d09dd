/**
 * Benchmark seeds. Develop on `dev`; `holdout` is for final checks only: a detector tuned while
 * looking at held-out results is fitted to them, and they stop measuring generalisation.
 */
export const SEED_SETS = {
  dev: [301, 302, 303],
  holdout: [901, 902, 903, 904, 905],
} as const;

/** `dev`, `holdout`, or a comma-separated list of seeds. */
export function parseSeeds(v: string): number[] {
  if (v in SEED_SETS) return [...SEED_SETS[v as keyof typeof SEED_SETS]];
  const seeds = v.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (!seeds.length || seeds.some((s) => !Number.isInteger(s))) throw new Error(`--seeds: expected dev, holdout or a list of integers, got "${v}"`);
  return seeds;
}
