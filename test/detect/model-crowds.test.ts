import { describe, expect, it } from 'vitest';
import { modelCrowds, modelDraws, placeAmong, type ModelCrowd } from '../../src/detect/model-crowds.js';
import { NULL_MODEL_DEFAULTS } from '../../src/detect/null-model.js';
import { createRng } from '../../src/detect/rng.js';
import { coreSpan, NORMALS } from '../../src/detect/stats.js';

describe('model crowds (the floor and the unseen trigger, drawn once per burst size)', () => {
  it('place a burst among the draws as counting them one by one does, ties on the core broken by the whole span', () => {
    const r = createRng(3);
    for (let trial = 0; trial < 200; trial++) {
      // Coarse values, so many draws tie on the core span, and some on the whole span too.
      const n = 1 + Math.floor(r() * 60);
      const raw = Array.from({ length: n }, () => [Math.floor(r() * 5), Math.floor(r() * 4) * 1000] as const);
      raw.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      const crowd: ModelCrowd = { spans: Float64Array.from(raw, (x) => x[0]), wholes: Float64Array.from(raw, (x) => x[1]), mean: 0, sd: 0, meanSpanMs: 0, pairs: 0 };
      const span = Math.floor(r() * 6) - 0.5 * Math.floor(r() * 2);
      const whole = Math.floor(r() * 5) * 1000;
      let below = 0;
      let ties = 0;
      for (const [s, w] of raw) {
        if (s < span || (s === span && w < whole)) below++;
        else if (s === span && w === whole) ties++;
      }
      expect(placeAmong(crowd, span, whole)).toEqual({ below, ties });
    }
  });

  it('are drawn from the floor: the same mean core span as drawing the floor directly, for every clock', () => {
    const o = NULL_MODEL_DEFAULTS;
    for (const res of [1, 1000, 60_000]) {
      for (const m of [3, 12, 60]) {
        const c = modelCrowds({ ...o }, m, 2000, res, 60_000).floor;
        const r = createRng(m + res);
        let total = 0;
        for (let d = 0; d < 2000; d++) {
          const phase = r() * res;
          const q = (t: number) => (res <= 1 ? t : Math.floor((t + phase) / res) * res);
          const draw = Float64Array.from({ length: m }, () => q(o.floorMedian * Math.exp(o.floorSigma * NORMALS[(r() * 4096) | 0]))).sort();
          total += coreSpan(draw);
        }
        expect(c.meanSpanMs).toBeGreaterThan(0.93 * (total / 2000));
        expect(c.meanSpanMs).toBeLessThan(1.07 * (total / 2000));
        // In (core span, whole span) order, as placeAmong reads them.
        for (let d = 1; d < c.spans.length; d++) expect(c.spans[d] > c.spans[d - 1] || (c.spans[d] === c.spans[d - 1] && c.wholes[d] >= c.wholes[d - 1])).toBe(true);
      }
    }
  });

  it('are the same draws whoever asks first (seeded by the size: every thread and engine reads the same null)', () => {
    const a = modelCrowds({ ...NULL_MODEL_DEFAULTS }, 7, 320, 1000, 60_000);
    const other = { ...NULL_MODEL_DEFAULTS };
    modelCrowds(other, 9, 320, 1000, 60_000); // another size drawn first
    const b = modelCrowds(other, 7, 320, 1000, 60_000);
    expect(b).not.toBe(a);
    expect(b.floor.spans).toEqual(a.floor.spans);
    expect(b.trigger.wholes).toEqual(a.trigger.wholes);
    expect(modelCrowds(other, 7, 320, 1000, 60_000)).toBe(b); // cached
    // The trigger's crowd is slower than the floor.
    expect(a.trigger.meanSpanMs).toBeGreaterThan(a.floor.meanSpanMs);
  });

  it('are drawn on eight times a burst’s draws up to 16,000 delays a size, never fewer than the burst’s', () => {
    expect(modelDraws(40, 2)).toBe(320);
    expect(modelDraws(40, 50)).toBe(320);
    expect(modelDraws(20, 100)).toBe(160);
    expect(modelDraws(12, 500)).toBe(32);
    expect(modelDraws(12, 3000)).toBe(12);
  });
});
