import { describe, expect, it } from 'vitest';
import { fmtClock, fmtOffset } from '../../src/web/format.js';
import { brokenScale, clipAxis, quantile } from '../../src/web/timeline-axis.js';

/** A 35 s burst per target: n actions evenly spread over [-17.5, 17.5] s around the median. */
const burst = (n: number): number[] => Array.from({ length: n }, (_, i) => -17.5 + (35 * i) / (n - 1));

describe('clipAxis', () => {
  it('clips to the burst when one late action would stretch the axis to 1.1 h', () => {
    const values = [...burst(70), ...burst(70), ...burst(70), 3960];
    const c = clipAxis(values);
    expect(c.hi - c.lo).toBeLessThan(60);
    expect(c.lo).toBeLessThanOrEqual(-17.5);
    expect(c.hi).toBeGreaterThanOrEqual(17.5 - 1e-9);
    expect(c).toMatchObject({ before: 0, after: 1, max: 3960 });
  });

  it('clips an early outlier on the other side', () => {
    const c = clipAxis([-4768, ...burst(72)]);
    expect(c).toMatchObject({ before: 1, after: 0, min: -4768 });
    expect(c.hi - c.lo).toBeLessThan(60);
  });

  it('leaves ordinary data alone (no margins when nothing lies far out)', () => {
    const c = clipAxis(burst(50));
    expect(c.before + c.after).toBe(0);
    expect(c.lo).toBeLessThan(-17.5);
    expect(c.hi).toBeGreaterThan(17.5);
    expect(c.hi - c.lo).toBeLessThan(45);
  });

  it('copes with empty, single and constant input', () => {
    expect(clipAxis([])).toMatchObject({ before: 0, after: 0 });
    const one = clipAxis([5]);
    expect(one.hi).toBeGreaterThan(one.lo);
    expect(clipAxis([0, 0, 0]).hi - clipAxis([0, 0, 0]).lo).toBeGreaterThanOrEqual(2);
  });

  it('computes interpolated quantiles', () => {
    expect(quantile([0, 10], 0.5)).toBe(5);
    expect(quantile([1, 2, 3, 4, 5], 0)).toBe(1);
    expect(quantile([1, 2, 3, 4, 5], 1)).toBe(5);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('brokenScale', () => {
  it('maps the kept range linearly and squeezes outliers into the margins, in order', () => {
    const c = clipAxis([-4768, -600, ...burst(72), 3960]);
    const s = brokenScale(c, 100, 500, 40);
    expect(s.l).toBe(140);
    expect(s.r).toBe(460);
    expect(s.x(c.lo)).toBeCloseTo(140);
    expect(s.x(c.hi)).toBeCloseTo(460);
    expect(s.x(0)).toBeGreaterThan(140);
    expect(s.x(0)).toBeLessThan(460);
    // Outliers stay inside their margins, farther ones farther out.
    for (const v of [-4768, -600]) expect(s.x(v)).toBeGreaterThanOrEqual(100);
    expect(s.x(-4768)).toBeLessThan(s.x(-600));
    expect(s.x(-600)).toBeLessThan(140);
    expect(s.x(3960)).toBeGreaterThan(460);
    expect(s.x(3960)).toBeLessThanOrEqual(500);
  });
  it('has no margins when nothing is clipped', () => {
    const s = brokenScale(clipAxis(burst(20)), 0, 300, 40);
    expect([s.l, s.r]).toEqual([0, 300]);
  });
});

describe('axis labels', () => {
  it('formats offsets and clock ticks', () => {
    expect(fmtOffset(0)).toBe('0');
    expect(fmtOffset(20)).toBe('+20s');
    expect(fmtOffset(-90)).toBe('−1.5min');
    const t = Date.parse('2024-03-04T08:00:00Z');
    expect(fmtClock(t, 7_200_000)).toBe('08:00');
    expect(fmtClock(t + 5000, 5000)).toBe('08:00:05');
  });
});
