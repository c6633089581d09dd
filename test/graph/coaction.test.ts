import { describe, expect, it } from 'vitest';
import { countCoactions, keepTopK, pruneEdges, type EdgeList } from '../../src/graph/coaction.js';
import { groupByTarget } from '../../src/graph/groups.js';
import { PairCounter } from '../../src/graph/pair-counter.js';
import { tableFromEvents, type EventTable } from '../../src/ingest/table.js';
import type { ActivityEvent } from '../../src/ingest/types.js';

const T0 = Date.parse('2024-05-01T12:00:00Z');
const ev = (account: string, target: string, ts: number, action = 'share'): ActivityEvent => ({ account, action, target, ts });

/** Pairs by account name ("a|b", a < b) → { weight, groups }. */
function pairs(t: EventTable, c: PairCounter): Map<string, { weight: number; groups: number }> {
  const out = new Map<string, { weight: number; groups: number }>();
  c.forEach((a, b, weight, groups) => {
    let x = t.accountNames[a];
    let y = t.accountNames[b];
    if (x > y) [x, y] = [y, x];
    out.set(`${x}|${y}`, { weight, groups });
  });
  return out;
}

const ONE = new Map([['share', 1]]);

describe('countCoactions', () => {
  it('counts a pair exactly window·max(scales) apart (inclusive) and not one millisecond further', () => {
    const window = 60;
    const scales = [1, 5];
    const edge = window * Math.max(...scales) * 1000; // 300 s
    const t = tableFromEvents([
      ev('a', 'x', T0),
      ev('b', 'x', T0 + edge),
      ev('c', 'y', T0),
      ev('d', 'y', T0 + edge + 1),
    ]);
    const p = pairs(t, countCoactions(t, groupByTarget(t), { window, scales, fanout: 32 }, ONE));
    expect(p.has('a|b')).toBe(true);
    expect(p.has('c|d')).toBe(false);
    expect(p.size).toBe(1);
    // Scales are used as given in any order: the widest one sets the limit.
    const q = pairs(t, countCoactions(t, groupByTarget(t), { window, scales: [5, 1], fanout: 32 }, ONE));
    expect([...q.keys()]).toEqual(['a|b']);
  });

  it('weighs closer pairs more: full weight within the base window, less at wider scales', () => {
    const t = tableFromEvents([ev('a', 'x', T0), ev('b', 'x', T0 + 30_000), ev('c', 'y', T0), ev('d', 'y', T0 + 200_000)]);
    const p = pairs(t, countCoactions(t, groupByTarget(t), { window: 60, scales: [1, 5], fanout: 32 }, ONE));
    expect(p.get('a|b')!.weight).toBeGreaterThan(p.get('c|d')!.weight);
  });

  it('never pairs an account with itself', () => {
    const evs: ActivityEvent[] = [];
    // One account acting many times on each of several targets, among a few others.
    for (let g = 0; g < 5; g++) {
      for (let k = 0; k < 20; k++) evs.push(ev('loud', `t${g}`, T0 + g * 3_600_000 + k * 1000));
      evs.push(ev('quiet1', `t${g}`, T0 + g * 3_600_000 + 5_500));
      evs.push(ev('quiet2', `t${g}`, T0 + g * 3_600_000 + 6_500));
      evs.push(ev('quiet2', `t${g}`, T0 + g * 3_600_000 + 7_500));
    }
    const t = tableFromEvents(evs);
    const c = countCoactions(t, groupByTarget(t), { window: 60, scales: [1, 5, 15], fanout: 4 }, ONE);
    let self = 0;
    c.forEach((a, b) => {
      if (a === b) self++;
    });
    expect(self).toBe(0);
    const p = pairs(t, c);
    expect(new Set(p.keys())).toEqual(new Set(['loud|quiet1', 'loud|quiet2', 'quiet1|quiet2']));
    expect(p.get('quiet1|quiet2')!.groups).toBe(5);
  });

  it('keeps a hot target bounded: 100,000 accounts within a minute give at most fanout·n faint pairs', () => {
    // Bounded work is asserted by the pair count; its speed is the benchmark's (npm run bench), not a
    // timed test's, which fails on a loaded machine whatever the code does.
    const n = 100_000;
    const fanout = 32;
    const evs: ActivityEvent[] = [];
    for (let i = 0; i < n; i++) evs.push(ev(`u${i}`, 'breaking-news', T0 + Math.floor((i * 60_000) / n)));
    // The same kind of pair in a burst of 5 accounts on another target, far away in time.
    for (let i = 0; i < 5; i++) evs.push(ev(`b${i}`, 'small-item', T0 + 86_400_000 + i * 2000));
    const t = tableFromEvents(evs);
    const groups = groupByTarget(t);
    const c = countCoactions(t, groups, { window: 60, scales: [1, 5, 15], fanout }, ONE);
    expect(c.size).toBeLessThanOrEqual(fanout * n);
    expect(c.size).toBeGreaterThan((fanout - 1) * (n - fanout)); // each event does pair with its fan-out

    const isBurst = (a: number) => t.accountNames[a].startsWith('b');
    let crowdMax = 0;
    let burstMin = Infinity;
    let burstPairs = 0;
    c.forEach((a, b, w) => {
      if (isBurst(a) && isBurst(b)) {
        burstPairs++;
        burstMin = Math.min(burstMin, w);
      } else if (!isBurst(a) && !isBurst(b)) crowdMax = Math.max(crowdMax, w);
      else throw new Error('a crowd account paired with a burst account across a day');
    });
    expect(burstPairs).toBe(10);
    // A co-action among 100k others is spread thin; the same co-action among 5 is strong.
    expect(crowdMax).toBeGreaterThan(0);
    expect(crowdMax * 100).toBeLessThan(burstMin);
  });
});

describe('pruneEdges', () => {
  const edgeSet = (e: EdgeList) => new Set(Array.from({ length: e.size }, (_, k) => `${Math.min(e.a[k], e.b[k])}-${Math.max(e.a[k], e.b[k])}`));

  it('keeps only pairs that repeat on at least minGroups (action-weighted) groups', () => {
    const c = new PairCounter();
    c.add(0, 1, 5, 0); // one group
    c.add(0, 2, 1, 0);
    c.add(0, 2, 1, 1); // two groups
    c.add(1, 2, 1, 0, 3); // one rare-action group worth 3
    c.add(2, 3, 1, 0, 1.5); // worth 1.5
    const e = pruneEdges(c, 4, { minGroups: 2, topK: 20 });
    expect(edgeSet(e)).toEqual(new Set(['0-2', '1-2']));
    for (let k = 0; k < e.size; k++) expect(e.groups[k]).toBeGreaterThanOrEqual(2);
    const all = pruneEdges(c, 4, { minGroups: 1.5, topK: 20 });
    expect(edgeSet(all)).toEqual(new Set(['0-2', '1-2', '2-3']));
  });

  it('enforces top-k per account: an edge survives if either end ranks it in its k strongest', () => {
    const c = new PairCounter();
    const w: [number, number, number][] = [
      [0, 1, 10],
      [0, 2, 9],
      [1, 2, 8],
      [2, 3, 1],
      [3, 4, 7],
      [0, 3, 2],
    ];
    for (const [a, b, x] of w) {
      c.add(a, b, x, 0);
      c.add(a, b, 0, 1);
    }
    // k = 1: 0 keeps 0-1, 1 keeps 0-1, 2 keeps 0-2, 3 keeps 3-4, 4 keeps 3-4.
    const e = pruneEdges(c, 5, { minGroups: 2, topK: 1 });
    expect(edgeSet(e)).toEqual(new Set(['0-1', '0-2', '3-4']));
    expect(e.size).toBe(3);
    const k = Array.from({ length: e.size }, (_, q) => q).find((q) => Math.min(e.a[q], e.b[q]) === 0 && Math.max(e.a[q], e.b[q]) === 1)!;
    expect(e.weight[k]).toBe(10);
    expect(e.groups[k]).toBe(2);
    // A large k keeps everything that repeats.
    expect(pruneEdges(c, 5, { minGroups: 2, topK: 5 }).size).toBe(6);
  });

  it('does not depend on the order pairs were counted: ties go to the lower partner, edges come out in (a, b) order', () => {
    // Account 0 has four partners of equal weight and keeps two: 1 and 2, whatever the order. Each
    // partner keeps two stronger edges of its own, so only 0's choice decides.
    const build = (order: number[]) => {
      const c = new PairCounter(16);
      for (const p of order) {
        c.add(0, p, 1, 0);
        c.add(0, p, 0, 1);
        for (const q of [10 + 2 * p, 11 + 2 * p]) {
          c.add(p, q, 5, 0);
          c.add(p, q, 0, 1);
        }
      }
      for (let x = 20; x < 60; x++) c.add(x, x + 1, 1, 0); // more pairs: the table grows, slots move
      const e = pruneEdges(c, 61, { minGroups: 2, topK: 2 });
      return Array.from({ length: e.size }, (_, k) => `${e.a[k]}-${e.b[k]}`);
    };
    const first = build([1, 2, 3, 4]);
    expect(first.filter((x) => x.startsWith('0-'))).toEqual(['0-1', '0-2']);
    expect(first).toEqual([...first].sort((x, y) => Number(x.split('-')[0]) - Number(y.split('-')[0]) || Number(x.split('-')[1]) - Number(y.split('-')[1])));
    for (const order of [[4, 3, 2, 1], [3, 1, 4, 2]]) expect(build(order)).toEqual(first);
  });

  it('bounds the graph on a random dense counter: the kept set is exactly the union of per-account top-k', () => {
    const c = new PairCounter();
    const n = 60;
    let s = 12345;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const weight = new Map<string, number>();
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        if (rnd() < 0.5) continue;
        const x = rnd();
        weight.set(`${a}-${b}`, x);
        c.add(a, b, x, 0);
        c.add(a, b, 0, 1);
      }
    }
    const k = 3;
    const expected = new Set<string>();
    for (let v = 0; v < n; v++) {
      const mine = [...weight].filter(([key]) => key.split('-').map(Number).includes(v)).sort((p, q) => q[1] - p[1]);
      for (const [key] of mine.slice(0, k)) expected.add(key);
    }
    const e = pruneEdges(c, n, { minGroups: 2, topK: k });
    expect(edgeSet(e)).toEqual(expected);
    expect(e.size).toBeLessThanOrEqual(n * k);
  });
});

describe('keepTopK', () => {
  /** The definition: each account's edges ranked by weight, ties to the lower partner; the union of
   *  every account's first k, in (a, b) order. */
  function reference(e: EdgeList, n: number, k: number): string[] {
    const keep = new Set<number>();
    for (let v = 0; v < n; v++) {
      const mine = Array.from({ length: e.size }, (_, q) => q).filter((q) => e.a[q] === v || e.b[q] === v);
      const partner = (q: number) => (e.a[q] === v ? e.b[q] : e.a[q]);
      mine.sort((x, y) => e.weight[y] - e.weight[x] || partner(x) - partner(y));
      for (const q of mine.slice(0, k)) keep.add(q);
    }
    return [...keep].sort((x, y) => e.a[x] - e.a[y] || e.b[x] - e.b[y]).map((q) => `${e.a[q]}-${e.b[q]}:${e.weight[q]}:${e.groups[q]}`);
  }

  it('keeps the union of per-account top-k with ties to the lower partner, in (a, b) order, hubs included', () => {
    let s = 99;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const n = 300;
    const pairs = new Set<string>();
    const a: number[] = [];
    const b: number[] = [];
    const add = (x: number, y: number) => {
      const key = `${Math.min(x, y)}-${Math.max(x, y)}`;
      if (x === y || pairs.has(key)) return;
      pairs.add(key);
      a.push(Math.min(x, y));
      b.push(Math.max(x, y));
    };
    for (let v = 1; v < n; v++) add(0, v); // a hub: more edges than the in-place sort handles
    for (let q = 0; q < 3000; q++) add(Math.floor(rnd() * n), Math.floor(rnd() * n));
    // Shuffled (slot order), with weights from a few values: many ties.
    const perm = a.map((_, q) => q).sort(() => rnd() - 0.5);
    const e: EdgeList = {
      a: Int32Array.from(perm, (q) => a[q]),
      b: Int32Array.from(perm, (q) => b[q]),
      weight: Float64Array.from(perm, () => Math.floor(rnd() * 4) / 4),
      groups: Float32Array.from(perm, () => 2 + Math.floor(rnd() * 3)),
      size: perm.length,
    };
    for (const k of [0, 1, 3, 20, 400]) {
      const got = keepTopK(e, n, k);
      expect(Array.from({ length: got.size }, (_, q) => `${got.a[q]}-${got.b[q]}:${got.weight[q]}:${got.groups[q]}`)).toEqual(reference(e, n, k));
    }
  });
});

describe('groupByTarget episodes', () => {
  it('splits a target into episodes at silences longer than episodeGap (a silence equal to it does not split)', () => {
    const gap = 1_800_000;
    const t = tableFromEvents([
      ev('a', 'x', T0),
      ev('b', 'x', T0 + 10_000),
      ev('c', 'x', T0 + 10_000 + gap), // exactly the gap: same episode
      ev('a', 'x', T0 + 10_000 + 2 * gap + 1), // longer: a new episode
      ev('b', 'x', T0 + 20_000 + 2 * gap + 1),
      ev('a', 'y', T0 + 5_000),
      ev('b', 'reply-target', T0, 'reply'),
    ]);
    const whole = groupByTarget(t);
    expect(whole.size).toBe(3);
    const g = groupByTarget(t, undefined, gap);
    expect(g.size).toBe(4);
    const members = (k: number) => Array.from(g.order.subarray(g.offset[k], g.offset[k + 1]));
    const xs = [0, 1, 2, 3].filter((k) => g.label[k] === 'x');
    expect(xs.length).toBe(2);
    expect(xs.map(members)).toEqual([
      [0, 1, 2],
      [3, 4],
    ]);
    expect(g.parent[xs[0]]).toBe(g.parent[xs[1]]);
    expect(xs[1] - xs[0]).toBe(1); // episodes of one target are contiguous
    const y = [0, 1, 2, 3].find((k) => g.label[k] === 'y')!;
    expect(g.parent[y]).not.toBe(g.parent[xs[0]]);
    // Same target, different action: separate groups.
    const r = [0, 1, 2, 3].find((k) => g.label[k] === 'reply-target')!;
    expect(g.action[r]).toBe('reply');
  });

  it('sorts each group by time whatever the input order', () => {
    const t = tableFromEvents([ev('c', 'x', T0 + 3000), ev('a', 'x', T0 + 1000), ev('b', 'x', T0 + 2000)]);
    const g = groupByTarget(t, undefined, 1_800_000);
    expect(Array.from(g.order).map((i) => t.accountNames[t.account[i]])).toEqual(['a', 'b', 'c']);
  });

  it('makes two waves on one target count as repetition for a pair', () => {
    const t = tableFromEvents([ev('a', 'x', T0), ev('b', 'x', T0 + 5_000), ev('a', 'x', T0 + 7_200_000), ev('b', 'x', T0 + 7_205_000)]);
    const once = pairs(t, countCoactions(t, groupByTarget(t), { window: 60, scales: [1], fanout: 8 }, ONE));
    const twice = pairs(t, countCoactions(t, groupByTarget(t, undefined, 1_800_000), { window: 60, scales: [1], fanout: 8 }, ONE));
    expect(once.get('a|b')!.groups).toBe(1);
    expect(twice.get('a|b')!.groups).toBe(2);
  });
});
