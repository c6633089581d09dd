import { describe, expect, it } from 'vitest';
import { lockstepAccounts, median, nmi, purity, recallByWidth, scoreAccounts } from '../../scripts/eval/metrics.js';
import { coShareCounts, pairOf } from '../../scripts/eval/coshare.js';

const truth = {
  campaigns: [
    { id: 'c1', kind: 'amplification', members: ['a', 'b', 'c', 'd'] },
    { id: 'c2', kind: 'cell', members: ['e', 'f'] },
  ],
  roles: { a: 'campaign', b: 'campaign', c: 'campaign', d: 'campaign', e: 'campaign', f: 'campaign', n1: 'news', n2: 'news', f1: 'fan', o1: 'organic', o2: 'organic', o3: 'organic' },
};

describe('recallByWidth', () => {
  it('pools members found by push width across worlds, text kinds apart', () => {
    const world = {
      campaigns: [
        { id: 'fast', kind: 'amplification', members: ['a', 'b', 'c', 'd'], params: { spreadS: 30 } },
        { id: 'slow', kind: 'slow', members: ['e', 'f'], params: { spreadS: 1200 } },
        { id: 'ring', kind: 'copypasta', members: ['g', 'h'], params: { spreadS: 20 } },
        { id: 'edge', kind: 'cell', members: ['i'], params: { spreadS: 60 } },
      ],
      roles: {},
    };
    const one = scoreAccounts([{ members: ['a', 'b', 'g', 'i'] }], world);
    const two = scoreAccounts([{ members: ['a', 'b', 'c', 'd', 'e'] }], world);
    expect(recallByWidth([one, two])).toEqual([
      { label: '≤ 1 min', found: 2 + 1 + 4, size: 10 },
      { label: '> 10 min', found: 1, size: 4 },
      { label: 'text kinds', found: 1, size: 4 },
    ]);
  });
});

describe('the F1 ceiling', () => {
  it('counts members of timing-only campaigns pushing over 10 min as out of reach, text kinds never', () => {
    const world = {
      campaigns: [
        { id: 'fast', kind: 'amplification', members: ['a', 'b', 'c', 'd'], params: { spreadS: 30 } },
        { id: 'slow', kind: 'slow', members: ['d', 'e', 'f'], params: { spreadS: 1200 } },
        { id: 'ring', kind: 'copypasta', members: ['g', 'h'], params: { spreadS: 1800 } },
      ],
      roles: {},
    };
    // d is in reach through the fast campaign: 6 of 8 members reachable.
    const r = 6 / 8;
    expect(scoreAccounts([], world).ceilingF1).toBeCloseTo((2 * r) / (1 + r));
    // Found: a, d (in reach) and e (out of reach, found anyway): 2 of the 6 within reach.
    expect(scoreAccounts([{ members: ['a', 'd', 'e'] }], world).reachRecall).toBeCloseTo(2 / 6);
    expect(scoreAccounts([], { campaigns: world.campaigns.slice(0, 1), roles: {} }).ceilingF1).toBe(1);
    expect(scoreAccounts([], { campaigns: [], roles: {} }).ceilingF1).toBeNaN();
  });
});

describe('scoreAccounts', () => {
  it('computes precision, recall, F1 and role FP rates', () => {
    const s = scoreAccounts([{ members: ['a', 'b', 'n1'] }, { members: ['c', 'e'] }], truth);
    expect(s.flagged).toBe(5);
    expect(s.truePositives).toBe(4);
    expect(s.precision).toBeCloseTo(4 / 5);
    expect(s.recall).toBeCloseTo(4 / 6);
    expect(s.f1).toBeCloseTo((2 * 0.8 * (4 / 6)) / (0.8 + 4 / 6));
    expect(s.organicFpr).toBeCloseTo(1 / 6);
    expect(s.newsFpr).toBeCloseTo(1 / 2);
    expect(s.fanFpr).toBe(0);
  });
  it('reports per-campaign recall and how many clusters each campaign was split into', () => {
    const s = scoreAccounts([{ members: ['a', 'b'] }, { members: ['c', 'e'] }], truth);
    expect(s.perCampaign[0]).toMatchObject({ id: 'c1', recall: 0.75, clusters: 2 });
    expect(s.perCampaign[1]).toMatchObject({ id: 'c2', recall: 0.5, clusters: 1 });
    expect(s.recallByKind).toEqual({ amplification: 0.75, cell: 0.5 });
  });
  it('counts false clusters (most members outside every campaign) against what the flags claimed', () => {
    const s = scoreAccounts([{ members: ['a', 'b', 'n1'], expectedFalse: 1e-6 }, { members: ['o1', 'o2', 'c'], expectedFalse: 2e-6 }, { members: ['n1', 'n2'] }], truth);
    expect(s.falseClusters).toBe(2);
    expect(s.claimedFalse).toBeCloseTo(3e-6);
    expect(scoreAccounts([{ members: ['o1', 'o2'] }], truth).claimedFalse).toBeNaN();
  });
  it('leaves precision undefined (NaN) when nothing is flagged', () => {
    const s = scoreAccounts([], truth);
    expect(s.precision).toBeNaN();
    expect(s.recall).toBe(0);
    expect(s.organicFpr).toBe(0);
  });
});

describe('median', () => {
  it('ignores NaN and averages the middle pair', () => {
    expect(median([3, 1, NaN, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([NaN])).toBeNaN();
  });
});

describe('co-shares and lockstep accounts', () => {
  it('counts co-shares within the inclusive window, never an account with itself', () => {
    const c = coShareCounts({ account: [0, 1, 0, 2], target: [7, 7, 7, 8], ts: [0, 60_000, 60_001, 0] }, 60_000);
    expect([...c].map(([k, n]) => [...pairOf(k), n])).toEqual([[0, 1, 2]]);
  });
  it('needs the same pair twice', () => {
    const sh = (account: string, target: string, s: number) => ({ account, target, ts: s * 1000 });
    const shares = [sh('a', 'x', 0), sh('b', 'x', 30), sh('a', 'y', 100), sh('b', 'y', 150), sh('c', 'y', 400), sh('c', 'z', 0), sh('d', 'z', 10)];
    expect([...lockstepAccounts(shares, 60, 2)].sort()).toEqual(['a', 'b']);
    expect([...lockstepAccounts(shares, 60, 1)].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('purity and NMI', () => {
  const labels = { a: 'L', b: 'L', c: 'R', d: 'R', e: 'R' };
  it('is 1 for category-pure clusters', () => {
    expect(purity([{ members: ['a', 'b'] }, { members: ['c', 'd', 'e'] }], labels)).toBe(1);
    expect(nmi([{ members: ['a', 'b'] }, { members: ['c', 'd', 'e'] }], labels)).toBeCloseTo(1);
  });
  it('weights the majority share by cluster size and ignores unlabelled members', () => {
    expect(purity([{ members: ['a', 'c', 'd', 'zz'] }, { members: ['b'] }], labels)).toBeCloseTo(3 / 4);
    expect(nmi([{ members: ['a', 'b', 'c', 'd', 'e'] }], labels)).toBe(0);
  });
});
