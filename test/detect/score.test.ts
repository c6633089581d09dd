import { describe, expect, it } from 'vitest';
import { clusterScore, clusterVerdict, log10BinomialTail } from '../../src/detect/score.js';
import type { ClusterTiming, GroupTiming } from '../../src/detect/cluster-test.js';

/** Brute-force P(X ≥ k), X ~ Binomial(n, p), for small n. */
function bruteTail(n: number, k: number, p: number): number {
  let sum = 0;
  for (let j = k; j <= n; j++) {
    let c = 1;
    for (let i = 0; i < j; i++) c = (c * (n - i)) / (i + 1);
    sum += c * p ** j * (1 - p) ** (n - j);
  }
  return sum;
}

function target(members: number, ratio: number, z: number, burst: boolean, span = 60): GroupTiming {
  return { group: 0, ratio, effect: ratio, events: Array.from({ length: members }, (_, i) => i), others: 100, span, nullSpan: span / ratio, z, test: 'contrast', burst };
}

/** A cluster's timing built from its per-target results, the way clusterTiming summarises them. */
function timing(groups: GroupTiming[], zScore: number, pValue: number, tightness: number): ClusterTiming {
  const bursts = groups.filter((g) => g.burst);
  let all = 0;
  let inBursts = 0;
  let logSum = 0;
  for (const g of groups) {
    all += g.events.length - 1;
    if (g.burst) {
      inBursts += g.events.length - 1;
      logSum += (g.events.length - 1) * Math.log(g.ratio);
    }
  }
  const spans = bursts.map((g) => g.span).sort((a, b) => a - b);
  return {
    groups,
    observed: 0,
    expected: 0,
    zScore,
    pValue,
    tightness,
    core: [],
    bursts: bursts.length,
    burstEligible: groups.length,
    burstShare: inBursts / all,
    burstTightness: inBursts ? Math.exp(logSum / inBursts) : 1,
    typicalSpan: spans.length ? spans[spans.length >> 1] : 0,
    bySignal: {},
    copying: { families: 0, expected: 0, log10p: 0, concentration: 1, held: 0, pooledLog10p: 0, joined: 0, authors: 0, counted: [] },
  };
}

describe('log10BinomialTail', () => {
  it('matches brute force on small n', () => {
    for (const [n, k, p] of [[10, 3, 0.05], [20, 0, 0.1], [20, 20, 0.5], [30, 7, 0.05], [1, 1, 0.3]] as const) {
      const want = Math.log10(bruteTail(n, k, p));
      expect(log10BinomialTail(n, k, p)).toBeCloseTo(want, 8);
    }
  });

  it('is 0 for k ≤ 0, −∞ for k > n, and decreasing in k far into the tail', () => {
    expect(log10BinomialTail(50, 0, 0.05)).toBe(0);
    expect(log10BinomialTail(50, 51, 0.05)).toBe(-Infinity);
    let prev = 0;
    for (let k = 1; k <= 2000; k += 37) {
      const v = log10BinomialTail(2000, k, 0.05);
      expect(v).toBeLessThanOrEqual(prev);
      expect(Number.isFinite(v)).toBe(true);
      prev = v;
    }
  });
});

describe('clusterScore', () => {
  // 100 shared targets: 30 pushes where 8 members burst (tight), 70 organic co-actions of 2 members.
  const pushes = Array.from({ length: 30 }, () => target(8, 0.05, 3, true));
  const camouflage = Array.from({ length: 70 }, () => target(2, 1, 0, false));

  it('flags a camouflaged campaign on its bursts though it looks loose as a whole', () => {
    const t = timing([...pushes, ...camouflage], 8, 1e-15, 0.6);
    // As a whole: effect log10(1/0.6) ≈ 0.22, below the 0.5 threshold.
    expect(Math.log10(1 / t.tightness)).toBeLessThan(0.5);
    expect(clusterScore(t, 10)).toBeGreaterThanOrEqual(0.5);
  });

  it('does not flag chance bursts: 5% of targets, as the null gives', () => {
    const chance = [...Array.from({ length: 5 }, () => target(8, 0.05, 3, true)), ...Array.from({ length: 95 }, () => target(8, 1, 0, false))];
    expect(clusterScore(timing(chance, 3, 1e-3, 0.9), 10)).toBeLessThan(0.5);
  });

  it('does not flag bursts that carry a sliver of what members do together', () => {
    const sliver = [...Array.from({ length: 30 }, () => target(3, 0.05, 3, true)), ...Array.from({ length: 70 }, () => target(20, 1, 0, false))];
    const t = timing(sliver, 8, 1e-15, 0.6);
    expect(t.burstShare).toBeLessThan(0.1);
    expect(clusterScore(t, 10)).toBeLessThan(0.5);
  });

  it('fades clusters whose typical burst is wider than maxBurst, quadratically', () => {
    const slow = timing(Array.from({ length: 30 }, () => target(8, 0.05, 3, true, 3600)), 20, 1e-40, 0.05);
    const fast = timing(Array.from({ length: 30 }, () => target(8, 0.05, 3, true, 600)), 20, 1e-40, 0.05);
    expect(clusterScore(fast, 10, 1800)).toBe(1);
    expect(clusterScore(slow, 10, 1800)).toBeCloseTo(0.25, 6);
    expect(clusterScore(slow, 10)).toBe(1);
  });

  it('corrects for the number of communities tested', () => {
    const t = timing([...pushes.slice(0, 6), ...Array.from({ length: 94 }, () => target(2, 1, 0, false))], 4, 1e-5, 0.8);
    expect(clusterScore(t, 1)).toBeGreaterThan(clusterScore(t, 1e6));
  });

  it('reads repeated copying without timing: loose bursts, slow pace, yet flagged when the families are the group\'s', () => {
    const loose = timing(Array.from({ length: 12 }, () => target(8, 1, 0, false, 3600)), 0, 0.5, 1);
    expect(clusterScore(loose, 10, 1800)).toBe(0);
    const ring = { ...loose, copying: { families: 12, expected: 2, log10p: 30, concentration: 0.05, held: 0.9, pooledLog10p: 30, joined: 40, authors: 44, counted: [] } };
    const v = clusterVerdict(ring, 10, 1800);
    expect(v.reading).toBe('copying');
    expect(v.score).toBe(1);
    expect(v.expectedFalse).toBeCloseTo(10 * 1e-30, 35);
    // Fewer than three families are no repetition, and a crowd holding its share of each family
    // (concentration ≈ 1) is no ring.
    expect(clusterScore({ ...ring, copying: { ...ring.copying, families: 2 } }, 10, 1800)).toBe(0);
    expect(clusterScore({ ...ring, copying: { ...ring.copying, concentration: 0.9 } }, 10, 1800)).toBeLessThan(0.5);
    // Nor is a sliver of a crowd holding a little of each family of a common wording, however far
    // above its share of the day's texts that is.
    expect(clusterScore({ ...ring, copying: { ...ring.copying, concentration: 0.002, held: 0.05 } }, 10, 1800)).toBeLessThan(0.5);
    expect(clusterScore({ ...ring, copying: { ...ring.copying, held: 0.3 } }, 10, 1800)).toBeGreaterThan(0.5);
  });

  it('expectedFalse is the number tested times the deciding p, at most the number tested', () => {
    const t = timing(Array.from({ length: 30 }, () => target(8, 0.05, 3, true, 60)), 20, 1e-40, 0.05);
    const v = clusterVerdict(t, 1000);
    expect(v.score).toBe(1);
    expect(v.expectedFalse).toBeLessThan(1e-30);
    expect(clusterVerdict(timing([target(2, 1, 0, false)], 0, 0.5, 1), 1000).expectedFalse).toBeLessThanOrEqual(1000);
  });
});
