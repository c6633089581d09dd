import { describe, expect, it } from 'vitest';
import { burstsRepeat } from '../../src/detect/flag.js';
import type { ClusterTiming, GroupTiming } from '../../src/detect/cluster-test.js';
import type { NullContext } from '../../src/detect/null-model.js';

// Event i is account i's: a burst is listed by its accounts.
const ctx = { table: { account: Int32Array.from({ length: 100 }, (_, i) => i) } } as unknown as Pick<NullContext, 'table'>;
const timing = (...bursts: (number[] | { quiet: number[] })[]): Pick<ClusterTiming, 'groups'> => ({
  groups: bursts.map((b, group) => ({ group, burst: Array.isArray(b), events: Array.isArray(b) ? b : b.quiet }) as GroupTiming),
});

describe("a timing flag's core bursts together again", () => {
  it('not when its bursts are pairs that never meet again, or meet by one account only', () => {
    expect(burstsRepeat(ctx, timing([1, 2], [3, 4], [5, 6]))).toBe(false);
    expect(burstsRepeat(ctx, timing([1, 2], [2, 3], [3, 4], [4, 1]))).toBe(false);
    expect(burstsRepeat(ctx, timing([1, 2, 3]))).toBe(false);
  });

  it('when two bursts hold two of the same accounts, whatever else they hold', () => {
    expect(burstsRepeat(ctx, timing([1, 2], [3, 4], [9, 2, 7, 1]))).toBe(true);
    expect(burstsRepeat(ctx, timing([10, 11, 12, 13, 14], [20, 21], [12, 30, 14]))).toBe(true);
  });

  it('counts significant bursts only', () => {
    expect(burstsRepeat(ctx, timing([1, 2], { quiet: [1, 2] }))).toBe(false);
  });
});
