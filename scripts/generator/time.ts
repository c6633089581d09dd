import { aliasTable, normal, type Rng } from './prng.js';

/**
 * Day/night rhythm. Human activity by local hour: a trough 2–6 h, a rise through the morning,
 * a lunch bump and an evening peak. Every account lives in a time zone, so the global curve is
 * a blend of shifted copies (that is what real platform logs look like).
 */
export const HOUR_WEIGHTS = [
  0.35, 0.2, 0.12, 0.08, 0.07, 0.1, 0.25, 0.5, 0.7, 0.8, 0.85, 0.9,
  1.0, 0.95, 0.85, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.05, 0.85, 0.6,
];
const MAX_W = Math.max(...HOUR_WEIGHTS);
const HOURS = aliasTable(HOUR_WEIGHTS);
/** Operators of a paid campaign keep office hours (their own time zone). */
const SHIFT = aliasTable(HOUR_WEIGHTS.map((_, h) => (h >= 9 && h < 19 ? 1 : h >= 7 && h < 22 ? 0.25 : 0.02)));

export const HOUR = 3_600_000;
export const DAY = 86_400_000;

export function localHour(ts: number, tz: number): number {
  return (((Math.floor(ts / HOUR) + tz) % 24) + 24) % 24;
}

/** Relative activity (0..1] at a UTC instant for someone in zone `tz`. */
export function activityAt(ts: number, tz: number): number {
  return HOUR_WEIGHTS[localHour(ts, tz)] / MAX_W;
}

/** A random instant on day `day` (0-based from `start`, a UTC midnight) following the local curve. */
export function diurnalTime(r: Rng, start: number, day: number, tz: number, office = false): number {
  const h = (office ? SHIFT : HOURS).draw(r);
  return start + day * DAY + (h - tz) * HOUR + r() * HOUR;
}

/** Keeps an instant with probability proportional to local activity (for reactions). */
export const awakeAt = (r: Rng, ts: number, tz: number): boolean => r() < activityAt(ts, tz);

/** A time-zone mixture: [offset hours, weight]. */
export type TzMix = readonly (readonly [number, number])[];

export const TZ_WESTERN: TzMix = [[-8, 0.12], [-5, 0.3], [0, 0.12], [1, 0.28], [3, 0.06], [8, 0.08], [9, 0.04]];
export const TZ_CJK: TzMix = [[8, 0.55], [9, 0.1], [-5, 0.1], [1, 0.1], [-8, 0.1], [0, 0.05]];

export function tzSampler(mix: TzMix): (r: Rng) => number {
  const a = aliasTable(mix.map(([, w]) => w));
  return (r) => mix[a.draw(r)][0];
}

/** Small clock jitter (ms) around zero, normal with sd `sdMs`. */
export const jitter = (r: Rng, sdMs: number): number => normal(r) * sdMs;
