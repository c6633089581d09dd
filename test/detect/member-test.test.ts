import { describe, expect, it } from 'vitest';
import { memberTest } from '../../src/detect/member-test.js';

describe('memberTest', () => {
  it('answers for the latest cluster only: members of the one before, even sharing a word, are forgotten', () => {
    const first = memberTest(100, [0, 1, 31, 32, 64, 99]);
    expect([0, 1, 2, 31, 32, 33, 64, 99].map(first)).toEqual([true, true, false, true, true, false, true, true]);
    const second = memberTest(100, [2, 33, 98]);
    expect(Array.from({ length: 100 }, (_, a) => a).filter(second)).toEqual([2, 33, 98]);
    // A bigger population after a smaller one.
    const third = memberTest(5000, [4999, 0]);
    expect(Array.from({ length: 5000 }, (_, a) => a).filter(third)).toEqual([0, 4999]);
  });
});
