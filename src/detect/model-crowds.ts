import type { NullModelOptions } from './null-model.js';
import { drawIndices, expNormals, quantise } from './draws.js';
import { createRng } from './rng.js';
import { coreSpan, meanSd, pairsWithin } from './stats.js';

/**
 * The model crowds' draws, made once per burst size. The floor (the fastest organic crowd) and the
 * unseen trigger's crowd (null-model.ts) draw m delays from a fixed log-normal, anchored wherever
 * suits the burst, floored to the data's clock: what they say of a burst depends on its size, the
 * clock and the co-action window, nothing else. Drawn for every burst, they were a quarter of the
 * scoring threads' time at 10 M events; drawn once per size, they cost nothing per burst, and on
 * eight times the draws a burst had, so a burst is read against the same well-resolved null
 * wherever it sits (its own few draws put ±0.1 of noise on a cluster's score: see the nineteenth
 * session in docs/evaluation.md). The draws' seed is the size's, so every thread and engine draws
 * the same ones.
 */
export interface ModelCrowd {
  /** log1p(core span / 1 s) of each draw, ascending; ties ordered by `wholes`. */
  spans: Float64Array;
  /** Whole span (ms) of each draw, in the order of `spans`. */
  wholes: Float64Array;
  /** Mean and sample standard deviation of `spans`. */
  mean: number;
  sd: number;
  /** Mean core span (ms) and mean member pairs within the co-action window, per draw. */
  meanSpanMs: number;
  pairs: number;
}

export interface ModelCrowds {
  floor: ModelCrowd;
  trigger: ModelCrowd;
}

/**
 * Draws per size: eight times the draws a burst of that size is read on (cluster-test.ts), up to
 * MODEL_SAMPLES delays a size (a big burst's spread is stable, and big sizes seldom repeat: drawn
 * for every size at eight times, they cost more than the bursts they served), never fewer than the
 * burst's own.
 */
export function modelDraws(burstDraws: number, m: number): number {
  return Math.max(burstDraws, Math.min(MODEL_DRAW_SCALE * burstDraws, Math.floor(MODEL_SAMPLES / m)));
}

const MODEL_DRAW_SCALE = 8;
const MODEL_SAMPLES = 16_000;

/** Where a burst sits among a crowd's draws: draws tighter than it, and tied with it (core and whole span alike). */
export function placeAmong(crowd: ModelCrowd, span: number, whole: number): { below: number; ties: number } {
  const below = firstNotBefore(crowd, span, whole);
  let end = below;
  while (end < crowd.spans.length && crowd.spans[end] === span && crowd.wholes[end] === whole) end++;
  return { below, ties: end - below };
}

/** First draw at or after (span, whole) in the draws' order. */
function firstNotBefore(c: ModelCrowd, span: number, whole: number): number {
  let lo = 0;
  let hi = c.spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (c.spans[mid] < span || (c.spans[mid] === span && c.wholes[mid] < whole)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The floor's and the trigger crowd's draws for bursts of m actions (cached per options object). */
export function modelCrowds(options: NullModelOptions, m: number, draws: number, res: number, windowMs: number): ModelCrowds {
  let cache = caches.get(options);
  if (!cache) caches.set(options, (cache = new Map()));
  const key = `${m}:${draws}:${res}:${windowMs}`;
  let c = cache.get(key);
  if (!c) cache.set(key, (c = drawCrowds(options, m, draws, res, windowMs)));
  return c;
}

const caches = new WeakMap<NullModelOptions, Map<string, ModelCrowds>>();

function drawCrowds(options: NullModelOptions, m: number, draws: number, res: number, windowMs: number): ModelCrowds {
  const rng = createRng(Math.imul(m, 0x9e3779b1) ^ Math.imul(draws, 0x85ebca6b) ^ res);
  const idx = new Int32Array(m);
  const floorExp = expNormals(options.floorSigma);
  const triggerExp = expNormals(options.triggerSigma);
  const fBuf = new Float64Array(m);
  const tBuf = new Float64Array(m);
  const f = { spans: new Float64Array(draws), wholes: new Float64Array(draws), total: 0, pairs: 0 };
  const t = { spans: new Float64Array(draws), wholes: new Float64Array(draws), total: 0, pairs: 0 };
  for (let d = 0; d < draws; d++) {
    // One set of quantiles for both crowds: the trigger's is the floor's, slower and wider.
    const phase = rng() * res;
    drawIndices(rng, idx); // sorted indices give sorted draws (draws.ts)
    for (let k = 0; k < m; k++) {
      fBuf[k] = quantise(options.floorMedian * floorExp.values[idx[k]], res, phase);
      tBuf[k] = quantise(options.triggerMedian * triggerExp.values[idx[k]], res, phase);
    }
    if (!floorExp.ascending) fBuf.sort();
    if (!triggerExp.ascending) tBuf.sort();
    for (const [buf, c] of [[fBuf, f], [tBuf, t]] as const) {
      const span = coreSpan(buf);
      c.total += span;
      c.spans[d] = Math.log1p(span / 1000);
      c.wholes[d] = buf[m - 1] - buf[0];
    }
    f.pairs += pairsWithin(fBuf, windowMs);
  }
  return { floor: ordered(f, draws), trigger: ordered(t, draws) };
}

/** The draws in (span, whole) order, with their summaries. */
function ordered(c: { spans: Float64Array; wholes: Float64Array; total: number; pairs: number }, draws: number): ModelCrowd {
  const order = Array.from({ length: draws }, (_, d) => d).sort((x, y) => c.spans[x] - c.spans[y] || c.wholes[x] - c.wholes[y]);
  const { mean, sd } = meanSd(c.spans, draws);
  return {
    spans: Float64Array.from(order, (d) => c.spans[d]),
    wholes: Float64Array.from(order, (d) => c.wholes[d]),
    mean,
    sd,
    meanSpanMs: c.total / draws,
    pairs: c.pairs / draws,
  };
}
