import { describe, expect, it } from 'vitest';
import type { Evidence, ReportCluster } from '../../src/report/types.js';
import { clusterQuery } from '../../src/web/api.js';
import { evidenceForPair, graphEdges, isTextDriven, pruneEdges, textSamples } from '../../src/web/evidence.js';
import { dominantSignal, sortClusters } from '../../src/web/sort.js';
import { buildTimeline, contextStrip, niceTicks, timeTicks } from '../../src/web/timeline.js';
import { readingLabel } from '../../src/web/format.js';

const ev = (target: string, accounts: string[], t0: number, step: number, extra: Partial<Evidence> = {}): Evidence => ({
  target, action: 'share', signal: 'coaction:share', spreadSeconds: ((accounts.length - 1) * step) / 1000,
  members: accounts.map((account, i) => ({ account, ts: new Date(t0 + i * step).toISOString() })), ...extra,
});

const cluster = (id: string, score: number, n: number, firstSeen: string, signals: ReportCluster['signals']): ReportCluster => ({
  id, score, members: Array.from({ length: n }, (_, i) => `a${i}`), signals, evidence: [], summary: '', firstSeen,
});

describe('sortClusters', () => {
  const cs = [
    cluster('x', 0.5, 10, '2025-01-02T00:00:00Z', { text: { weight: 0.9, pairs: 1, targets: 1 } }),
    cluster('y', 0.9, 5, '2025-01-01T00:00:00Z', { 'coaction:share': { weight: 1, pairs: 1, targets: 1 } }),
    cluster('z', 0.7, 40, '2025-01-03T00:00:00Z', { hashtag: { weight: 0.6, pairs: 1, targets: 1 }, text: { weight: 0.4, pairs: 1, targets: 1 } }),
  ];
  it('sorts by score, size, time and signal', () => {
    expect(sortClusters(cs, 'score', 'desc').map((c) => c.id)).toEqual(['y', 'z', 'x']);
    expect(sortClusters(cs, 'size', 'desc').map((c) => c.id)).toEqual(['z', 'x', 'y']);
    expect(sortClusters(cs, 'time', 'asc').map((c) => c.id)).toEqual(['y', 'x', 'z']);
    // By plain words: "near-identical text" (x) < "same hashtags" (z) < "share" (y).
    expect(sortClusters(cs, 'signal', 'asc').map((c) => c.id)).toEqual(['x', 'z', 'y']);
  });
  it('breaks score ties by size, as the report does', () => {
    const tied = [cluster('a', 1, 10, '', {}), cluster('b', 1, 40, '', {}), cluster('c', 1, 10, '', {})];
    expect(sortClusters(tied, 'score', 'desc').map((c) => c.id)).toEqual(['b', 'a', 'c']);
  });
  it('does not mutate its input', () => {
    const before = cs.map((c) => c.id);
    sortClusters(cs, 'size', 'asc');
    expect(cs.map((c) => c.id)).toEqual(before);
  });
  it('finds the dominant signal', () => {
    expect(dominantSignal(cs[2])).toBe('hashtag');
    expect(dominantSignal({ signals: {} })).toBe('');
  });
});

describe('buildTimeline', () => {
  const t0 = Date.parse('2025-01-01T12:00:00Z');
  it('ranks targets by member actions and aligns each row to its median member action', () => {
    const m = buildTimeline([ev('small', ['a', 'b'], t0, 1000), ev('big', ['a', 'b', 'c'], t0 + 60_000, 2000, { others: 7 })], 12);
    expect(m.rows.map((r) => r.target)).toEqual(['big', 'small']);
    expect(m.rows[0].marks.map((k) => k.rel)).toEqual([-2, 0, 2]);
    expect(m.rows[1].marks.map((k) => k.rel)).toEqual([-0.5, 0.5]);
    expect(m.rows[0].others).toBe(7);
    expect(m.members).toBe(3);
    expect(m.marks).toBe(5);
    expect([m.minRel, m.maxRel]).toEqual([-2, 2]);
    expect(m.t1 - m.t0).toBe(64_000);
  });
  it('does not let one early member shift the burst off 0', () => {
    const burst = ev('p', ['a', 'b', 'c', 'd', 'e'], t0, 5000);
    burst.members.unshift({ account: 'early', ts: new Date(t0 - 4_000_000).toISOString() });
    const row = buildTimeline([burst]).rows[0];
    expect(row.marks.filter((k) => k.account !== 'early').every((k) => Math.abs(k.rel) <= 20)).toBe(true);
    expect(row.marks[0].rel).toBeLessThan(-3990);
  });
  it('places the members\' burst among the organic actions around it on one scale', () => {
    // 5 members within 20 s; 50 organic actions spread evenly over the hour after t0 − 30 min.
    const organic = Array.from({ length: 50 }, (_, i) => new Date(t0 - 1_800_000 + i * 72_000).toISOString());
    const row = buildTimeline([ev('p', ['a', 'b', 'c', 'd', 'e'], t0, 5000, { others: 50, othersAround: organic.slice().reverse() })]).rows[0];
    expect(row.around).toEqual(organic.map(Date.parse));
    const strip = contextStrip(row)!;
    expect(strip.spanSeconds).toBeCloseTo((49 * 72_000) / 1000, 0);
    expect(strip.band[1] - strip.band[0]).toBeCloseTo(20 / strip.spanSeconds, 6);
    expect(strip.band[0]).toBeCloseTo(1800 / strip.spanSeconds, 6);
    expect(Math.min(...strip.organic)).toBe(0);
    expect(Math.max(...strip.organic)).toBe(1);
    // No organic times (an older report, or a burst nobody else joined): no strip.
    expect(contextStrip(buildTimeline([ev('q', ['a', 'b'], t0, 1000, { others: 3 })]).rows[0])).toBeNull();
  });
  it('keeps at most maxRows rows and survives empty input', () => {
    expect(buildTimeline([ev('a', ['x'], t0, 1), ev('b', ['x'], t0, 1)], 1).rows).toHaveLength(1);
    expect(buildTimeline([], 5)).toMatchObject({ rows: [], members: 0, marks: 0 });
  });
  it('makes round ticks', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(timeTicks(0, 60_000, 6)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
  });
  it('gives a day-long clock axis several labels', () => {
    const lo = Date.parse('2024-03-04T07:12:25Z');
    const hi = Date.parse('2024-03-04T17:44:51Z');
    const ticks = timeTicks(lo, hi, 6);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(6);
    expect(ticks.every((t) => t % 3_600_000 === 0 && t >= lo && t <= hi)).toBe(true);
    // Even when asked for very few, the minimum holds.
    expect(timeTicks(lo, hi, 2, 3).length).toBeGreaterThanOrEqual(3);
  });
});

describe('evidence helpers', () => {
  const evs = [ev('p1', ['a', 'b', 'c'], 0, 1000), ev('p2', ['b', 'c'], 5000, 1000, { signal: 'text', members: [{ account: 'b', ts: '2025-01-01T00:00:00Z', text: 'same' }, { account: 'c', ts: '2025-01-01T00:00:01Z', text: 'same' }] })];
  it('finds the evidence behind a pair', () => {
    expect(evidenceForPair(evs, 'b', 'c').map((e) => e.target)).toEqual(['p1', 'p2']);
    expect(evidenceForPair(evs, 'a', 'c').map((e) => e.target)).toEqual(['p1']);
  });
  it('collects text samples', () => {
    expect(textSamples(evs)).toEqual([{ text: 'same', accounts: 2, signal: 'text', similarity: undefined }]);
    expect(isTextDriven({ signals: { text: { weight: 0.5, pairs: 1, targets: 1 } } })).toBe(true);
    expect(isTextDriven({ signals: { 'coaction:share': { weight: 1, pairs: 1, targets: 1 } } })).toBe(false);
  });
  it('uses detector edges, or derives a chain from evidence', () => {
    const given = [{ source: 'a', target: 'b', weight: 2, signals: { x: 2 } }];
    expect(graphEdges({ edges: given, evidence: evs })).toEqual({ edges: given, derived: false });
    const d = graphEdges({ evidence: evs });
    expect(d.derived).toBe(true);
    expect(d.edges.map((e) => `${e.source}-${e.target}:${e.weight}`).sort()).toEqual(['a-b:1', 'b-c:2']);
  });
});

describe('pruneEdges', () => {
  it('keeps everything under the cap and each node\'s strongest links above it', () => {
    const e = (s: string, t: string, weight: number) => ({ source: s, target: t, weight, signals: {} });
    const edges = [e('a', 'b', 5), e('a', 'c', 1), e('b', 'c', 4), e('c', 'd', 3), e('a', 'd', 2)];
    expect(pruneEdges(edges, 10)).toHaveLength(5);
    const kept = pruneEdges(edges, 4); // k = 2 per node
    expect(kept.length).toBeLessThan(edges.length);
    expect(kept).toContainEqual(e('a', 'b', 5));
    expect(kept).not.toContainEqual(e('a', 'c', 1));
    const nodes = new Set(kept.flatMap((x) => [x.source, x.target]));
    expect(nodes).toEqual(new Set(['a', 'b', 'c', 'd']));
  });
});

describe('clusterQuery', () => {
  it('drops empty values and encodes the rest', () => {
    expect(clusterQuery({ minScore: 0.5, signal: '', account: '@a b', limit: 50 })).toBe('?minScore=0.5&account=%40a+b&limit=50');
    expect(clusterQuery({})).toBe('');
  });
});

describe('readingLabel', () => {
  it('names the reading a flag rests on, and for copying says the timing p-value is not it', () => {
    expect(readingLabel('copying')).toMatch(/near-duplicate texts.*not pValue/);
    expect(readingLabel('whole')).toMatch(/^timing/);
    expect(readingLabel('bursts')).toMatch(/^timing.*bursts/);
    // Reports from before the field, and slices, have no reading: the card shows nothing.
    expect(readingLabel(undefined)).toBeUndefined();
    expect(readingLabel('cells')).toBeUndefined();
  });
});
