import { describe, expect, it } from 'vitest';
import { PairCounter } from '../../src/graph/pair-counter.js';

interface Entry {
  weight: number;
  groups: number;
}

/** Everything the counter holds, keyed "a,b" with a < b; fails on a pair visited twice. */
function contents(c: PairCounter): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const problems: string[] = [];
  c.forEach((a, b, weight, groups) => {
    const key = `${a},${b}`;
    if (a >= b) problems.push(`pair ${key} not ordered`);
    if (out.has(key)) problems.push(`pair ${key} visited twice`);
    out.set(key, { weight, groups });
  });
  expect(problems.slice(0, 10)).toEqual([]);
  return out;
}

describe('PairCounter', () => {
  it('accumulates weights per unordered pair', () => {
    const c = new PairCounter();
    c.add(1, 2, 0.5, 0);
    c.add(1, 2, 0.25, 0);
    c.add(1, 3, 2, 0);
    expect(c.size).toBe(2);
    const m = contents(c);
    expect(m.get('1,2')!.weight).toBeCloseTo(0.75, 12);
    expect(m.get('1,3')!.weight).toBeCloseTo(2, 12);
  });

  it('is symmetric: (a, b) and (b, a) are the same pair', () => {
    const c = new PairCounter();
    c.add(7, 3, 1, 0);
    c.add(3, 7, 2, 1);
    expect(c.size).toBe(1);
    const m = contents(c);
    expect([...m.keys()]).toEqual(['3,7']);
    expect(m.get('3,7')).toEqual({ weight: 3, groups: 2 });
  });

  it('counts repetition once per distinct group, weighted by rep', () => {
    const c = new PairCounter();
    // Groups are visited one after another (as countCoactions does): many co-actions in one group
    // are one repetition, each new group adds its rep.
    for (let k = 0; k < 5; k++) c.add(0, 1, 1, 10);
    c.add(1, 0, 1, 11);
    c.add(0, 1, 1, 12, 2.5);
    c.add(0, 1, 1, 12, 2.5);
    c.add(2, 3, 1, 12, 0.5);
    const m = contents(c);
    expect(m.get('0,1')).toEqual({ weight: 8, groups: 1 + 1 + 2.5 });
    expect(m.get('2,3')).toEqual({ weight: 1, groups: 0.5 });
  });

  it('handles account ids up to 2^26 - 1 without collisions between pairs', () => {
    const c = new PairCounter();
    const big = 2 ** 26 - 1;
    c.add(0, big, 1, 0);
    c.add(1, 0, 2, 0);
    c.add(big - 1, big, 3, 0);
    const m = contents(c);
    expect(m.get(`0,${big}`)!.weight).toBe(1);
    expect(m.get('0,1')!.weight).toBe(2);
    expect(m.get(`${big - 1},${big}`)!.weight).toBe(3);
  });

  it('grows far past its initial capacity with no pair lost or merged (200k distinct pairs)', () => {
    const c = new PairCounter(16);
    const N = 200_000;
    const pair = (i: number): [number, number] => {
      const a = (i * 7919) % 50_021;
      return [a, a + 1 + (i % 997)];
    };
    const seen = new Set<string>();
    for (let i = 0; i < N; i++) {
      const [a, b] = pair(i);
      seen.add(`${a},${b}`);
      // Alternate the argument order, and add a second time for every third pair.
      if (i % 2) c.add(b, a, i + 1, i);
      else c.add(a, b, i + 1, i);
      if (i % 3 === 0) c.add(a, b, 0.5, i);
    }
    expect(seen.size).toBe(N); // the generator above yields distinct pairs
    expect(c.size).toBe(N);
    const m = contents(c);
    expect(m.size).toBe(N);
    const wrong: string[] = [];
    for (let i = 0; i < N; i++) {
      const [a, b] = pair(i);
      const e = m.get(`${a},${b}`);
      const want = i + 1 + (i % 3 === 0 ? 0.5 : 0);
      if (!e || e.weight !== want || e.groups !== 1) wrong.push(`${a},${b}: want weight ${want} groups 1, got ${JSON.stringify(e)}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });
});
