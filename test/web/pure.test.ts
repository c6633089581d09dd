import { describe, expect, it } from 'vitest';
import type { Evidence, ReportCluster } from '../../src/report/types.js';
import { clusterQuery } from '../../src/web/api.js';
import { evidenceForPair, graphEdges, isTextDriven, pruneEdges, textSamples } from '../../src/web/evidence.js';
import { forceLayout } from '../../src/web/layout.js';
import { dominantSignal, sortClusters } from '../../src/web/sort.js';
import { buildTimeline, niceTicks, timeTicks } from '../../src/web/timeline.js';

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
    expect(sortClusters(cs, 'signal', 'asc').map((c) => c.id)).toEqual(['y', 'z', 'x']);
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
  it('ranks targets by member actions and aligns each row to its first action', () => {
    const m = buildTimeline([ev('small', ['a', 'b'], t0, 1000), ev('big', ['a', 'b', 'c'], t0 + 60_000, 2000, { others: 7 })], 12);
    expect(m.rows.map((r) => r.target)).toEqual(['big', 'small']);
    expect(m.rows[0].marks.map((k) => k.rel)).toEqual([0, 2, 4]);
    expect(m.rows[0].others).toBe(7);
    expect(m.members).toBe(3);
    expect(m.marks).toBe(5);
    expect(m.maxRel).toBe(4);
    expect(m.t1 - m.t0).toBe(64_000);
  });
  it('keeps at most maxRows rows and survives empty input', () => {
    expect(buildTimeline([ev('a', ['x'], t0, 1), ev('b', ['x'], t0, 1)], 1).rows).toHaveLength(1);
    expect(buildTimeline([], 5)).toMatchObject({ rows: [], members: 0, marks: 0 });
  });
  it('makes round ticks', () => {
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(timeTicks(0, 60_000, 6)).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000]);
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

describe('forceLayout', () => {
  it('is deterministic, finite, and pulls linked nodes together', () => {
    const n = 60;
    const sources: number[] = [];
    const targets: number[] = [];
    for (let i = 0; i < 30; i++) for (let j = i + 1; j < 30; j++) { sources.push(i); targets.push(j); }
    const input = { n, sources, targets, weights: sources.map(() => 1) };
    const a = forceLayout(input);
    expect(forceLayout(input)).toEqual(a);
    expect([...a].every(Number.isFinite)).toBe(true);
    const meanDist = (lo: number, hi: number): number => {
      let s = 0; let k = 0;
      for (let i = lo; i < hi; i++) for (let j = i + 1; j < hi; j++) { s += Math.hypot(a[2 * i] - a[2 * j], a[2 * i + 1] - a[2 * j + 1]); k++; }
      return s / k;
    };
    expect(meanDist(0, 30)).toBeLessThan(meanDist(30, 60));
  });
  it('lays out 500 nodes quickly', () => {
    const n = 500;
    const sources: number[] = [];
    const targets: number[] = [];
    for (let i = 0; i < n; i++) for (let k = 1; k <= 10; k++) { sources.push(i); targets.push((i + k * 7) % n); }
    const t = performance.now();
    forceLayout({ n, sources, targets, weights: sources.map(() => 1) });
    expect(performance.now() - t).toBeLessThan(3000);
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
