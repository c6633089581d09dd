import { describe, expect, it } from 'vitest';
import { chunkGroups, recordLayout } from '../../src/graph/pair-enum.js';
import { planRuns } from '../../src/graph/count-pairs.js';

describe('pair counting plans', () => {
  it('chunks whole groups of about the target size, covering all', () => {
    const offset = Int32Array.from([0, 3, 4, 10, 11, 12, 30, 31]);
    const c = chunkGroups(offset, 5);
    expect(c[0]).toBe(0);
    expect(c[c.length - 1]).toBe(offset.length - 1);
    for (let k = 1; k < c.length; k++) expect(c[k]).toBeGreaterThan(c[k - 1]);
    expect(Array.from(chunkGroups(Int32Array.from([0]), 5))).toEqual([0, 0]);
  });

  it('runs of buckets about equal, none over the bound unless one bucket is', () => {
    const total = Float64Array.from([5, 0, 7, 3, 3, 9, 1, 0, 4]);
    const runs = planRuns(total, 12);
    expect(runs.map((r) => r.records).reduce((x, y) => x + y, 0)).toBe(32);
    for (const r of runs) expect(r.records).toBeLessThanOrEqual(12);
    for (let k = 1; k < runs.length; k++) expect(runs[k].lo).toBe(runs[k - 1].hi);
    expect(planRuns(Float64Array.from([0, 0]), 4)).toEqual([]);
    expect(planRuns(Float64Array.from([20, 1]), 4).map((r) => r.records)).toEqual([20, 1]);
  });

  it('packs records in two words only when the crowd fits', () => {
    expect(recordLayout(723_132, 3, 7, 40_000).words).toBe(2);
    expect(recordLayout(723_132, 3, 7, 1 << 24).words).toBe(4);
    expect(recordLayout(1 << 25, 3, 7, 10).words).toBe(2);
    expect(recordLayout(1 << 26, 3, 7, 10).words).toBe(4);
    expect(() => recordLayout(1 << 27, 3, 7, 10)).toThrow(RangeError);
  });
});
