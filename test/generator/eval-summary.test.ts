import { describe, expect, it } from 'vitest';
import { markdown, summarise } from '../../scripts/eval/format.js';
import { parseSeeds, SEED_SETS } from '../../scripts/eval/seeds.js';
import { scoreAccounts, type TruthLike } from '../../scripts/eval/metrics.js';
import type { RunResult } from '../../scripts/eval/run.js';
import { CLEAN_EXPORT } from '../../scripts/generator/index.js';

const truth: TruthLike = {
  campaigns: [{ id: 'c1', kind: 'cell', members: ['a', 'b', 'c', 'd'] }],
  roles: { a: 'campaign', b: 'campaign', c: 'campaign', d: 'campaign', f1: 'fan', f2: 'fan', n1: 'news', o1: 'organic', o2: 'organic', o3: 'organic' },
};
const run = (seed: number, flagged: string[], t: TruthLike = truth): RunResult => ({
  scenario: 'mixed', size: 'small', seed, events: 100, accounts: Object.keys(t.roles).length, quirks: CLEAN_EXPORT,
  scores: scoreAccounts([{ members: flagged }], t), clusters: 1, seconds: { generate: 0, detect: 0 },
});

describe('benchmark summary', () => {
  it('reports the median and the worst seed (lowest F1) with its row', () => {
    const s = summarise('mixed', 'small', [run(1, ['a', 'b', 'c', 'd']), run(2, ['a', 'b', 'f1', 'f2']), run(3, ['a', 'b', 'c', 'n1'])]);
    expect(s.median.f1).toBeCloseTo(0.75);
    expect(s.worst?.seed).toBe(2);
    expect(s.worst?.row.f1).toBeCloseTo(0.5);
    expect(s.worst?.row.fanFpr).toBe(1);
    expect(s.recallByKind.cell).toEqual({ median: 0.75, min: 0.5 });
    expect(markdown('lockstep', [s])).toContain('| mixed | small | lockstep | 0.750 / 0.500 |');
  });

  it('counts a seed that finds nothing as F1 0, and so as the worst', () => {
    const s = summarise('mixed', 'small', [run(1, ['a', 'b', 'c', 'd']), run(2, [])]);
    expect(s.worst?.seed).toBe(2);
    expect(s.worst?.row.f1).toBe(0);
    expect(s.worst?.row.precision).toBeNaN();
  });

  it('without campaigns, the worst seed is the one that flags the most', () => {
    const organic: TruthLike = { campaigns: [], roles: { f1: 'fan', n1: 'news', o1: 'organic', o2: 'organic' } };
    const s = summarise('organic', 'small', [run(1, [], organic), run(2, ['o1', 'o2'], organic), run(3, ['o1'], organic)]);
    expect(s.worst?.seed).toBe(2);
    expect(s.worst?.row.flaggedShare).toBe(0.5);
    expect(s.median.flaggedShare).toBe(0.25);
  });

  it('gives the F1 ceiling of each seed (pushes over 10 min out of reach) as median and lowest', () => {
    const wide = (spreadS: number): TruthLike => ({
      campaigns: [
        { id: 'c1', kind: 'cell', members: ['a', 'b', 'c', 'd'], params: { spreadS: 60 } },
        { id: 'c2', kind: 'slow', members: ['e', 'f', 'g', 'h'], params: { spreadS } },
      ],
      roles: truth.roles,
    });
    // Seed 2's slow campaign pushes over 20 min: half the members are out of reach, F1 ≤ 2/3.
    const s = summarise('stealthy', 'small', [run(1, ['a'], wide(300)), run(2, ['a'], wide(1200)), run(3, ['a'], wide(600))]);
    expect(s.ceiling).toEqual({ median: 1, lowest: 2 / 3, seed: 2, reachRecall: 1 / 8 });
    expect(markdown('lockstep', [s])).toContain('| 1.000 / 0.667 |');
  });

  it('takes seed sets by name or as a list', () => {
    expect(parseSeeds('dev')).toEqual([...SEED_SETS.dev]);
    expect(parseSeeds('holdout')).toEqual([...SEED_SETS.holdout]);
    expect(parseSeeds('5, 6')).toEqual([5, 6]);
    expect(() => parseSeeds('devv')).toThrow(/dev, holdout/);
    expect(SEED_SETS.dev.some((s) => (SEED_SETS.holdout as readonly number[]).includes(s))).toBe(false);
  });
});
