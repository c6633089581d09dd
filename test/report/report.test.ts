import { beforeAll, describe, expect, it } from 'vitest';
import { events, generate, prepare } from '../../scripts/generator/index.js';
import { DEFAULT_PARAMS } from '../../src/detect/params.js';
import type { ClusterTiming } from '../../src/detect/cluster-test.js';
import { groupByTarget } from '../../src/graph/groups.js';
import { tableFromEvents, type EventTable } from '../../src/ingest/table.js';
import { scanTable } from '../../src/pipeline.js';
import { clusterId, summarise } from '../../src/report/cluster.js';
import type { Report } from '../../src/report/types.js';
import { reportErrors } from './schema.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const isIso = (s: string) => ISO.test(s) && new Date(s).toISOString() === s;

describe('clusterId', () => {
  it('is stable, order-independent and does not touch its input', () => {
    const members = ['carol', 'alice', 'bob'];
    const id = clusterId(members);
    expect(id).toMatch(/^c_[0-9a-f]{12}$/);
    expect(clusterId(['alice', 'bob', 'carol'])).toBe(id);
    expect(clusterId(['bob', 'carol', 'alice'])).toBe(id);
    expect(clusterId([...members])).toBe(id);
    expect(members).toEqual(['carol', 'alice', 'bob']);
  });

  it('differs for different member sets', () => {
    const ids = new Set([clusterId(['a', 'b', 'c']), clusterId(['a', 'b']), clusterId(['a', 'b', 'd']), clusterId(['ab', 'c']), clusterId(['a', 'bc'])]);
    expect(ids.size).toBe(5);
  });
});

describe('scan report', () => {
  let table: EventTable;
  let report: Report;
  const overrides = { seed: 5, window: 45 };

  beforeAll(async () => {
    const seed = 13;
    const { world } = generate({ scenario: 'basic', seed, events: 60_000 });
    table = tableFromEvents(events(world.store, prepare(world.store, 'time', seed)));
    report = await scanTable(table, overrides);
  });

  it('validates against the report contract', () => {
    expect(reportErrors(report)).toBe('');
    // Through JSON too, as the CLI and API send it.
    expect(reportErrors(JSON.parse(JSON.stringify(report)))).toBe('');
  });

  it('the contract check is not vacuous: broken reports are rejected', () => {
    expect(report.clusters.length).toBeGreaterThan(0);
    const bad = structuredClone(report);
    bad.clusters[0].score = 1.5;
    expect(reportErrors(bad)).toMatch(/score/);
    const noStats = structuredClone(report) as Partial<Report>;
    delete noStats.stats;
    expect(reportErrors(noStats)).toMatch(/stats/);
    expect(reportErrors({ ...report, generatedAt: 'yesterday' })).toMatch(/generatedAt|date-time/);
  });

  it('lists flagged clusters most suspicious first', () => {
    expect(report.clusters.length).toBeGreaterThan(0);
    for (let k = 1; k < report.clusters.length; k++) expect(report.clusters[k].score).toBeLessThanOrEqual(report.clusters[k - 1].score);
  });

  it('every flagged cluster: score in [threshold, 1], enough members, member evidence with ISO times, a summary', () => {
    const allAccounts = new Set(table.accountNames);
    for (const c of report.clusters) {
      const label = `cluster ${c.id}`;
      expect(c.score, label).toBeGreaterThanOrEqual(DEFAULT_PARAMS.threshold);
      expect(c.score, label).toBeLessThanOrEqual(1);
      expect(c.members.length, label).toBeGreaterThanOrEqual(DEFAULT_PARAMS.minClusterSize);
      expect(new Set(c.members).size, label).toBe(c.members.length);
      expect([...c.members].sort(), label).toEqual(c.members);
      for (const m of c.members) expect(allAccounts.has(m), `${label}: unknown member ${m}`).toBe(true);
      expect(c.id).toBe(clusterId(c.members));
      const members = new Set(c.members);
      expect(c.evidence.length, label).toBeGreaterThan(0);
      expect(c.evidence.length, label).toBeLessThanOrEqual(DEFAULT_PARAMS.maxEvidence);
      for (const e of c.evidence) {
        expect(e.members.length, label).toBeGreaterThanOrEqual(2);
        expect(e.target.length).toBeGreaterThan(0);
        for (const m of e.members) {
          expect(members.has(m.account), `${label}: evidence by non-member ${m.account}`).toBe(true);
          expect(isIso(m.ts), `${label}: ts ${m.ts}`).toBe(true);
        }
        const times = e.members.map((m) => Date.parse(m.ts));
        expect([...times].sort((a, b) => a - b)).toEqual(times);
        expect(e.spreadSeconds).toBeGreaterThanOrEqual(0);
        expect(e.spreadSeconds).toBeLessThanOrEqual(Math.ceil((times[times.length - 1] - times[0]) / 1000));
      }
      expect(c.summary.trim().length, label).toBeGreaterThan(20);
      expect(c.summary).toContain(`${c.members.length} accounts`);
      expect(isIso(c.firstSeen!) && isIso(c.lastSeen!), label).toBe(true);
      expect(Date.parse(c.firstSeen!)).toBeLessThanOrEqual(Date.parse(c.lastSeen!));
      for (const edge of c.edges ?? []) expect(members.has(edge.source) && members.has(edge.target), label).toBe(true);
      const shares = Object.values(c.signals).map((s) => s.weight);
      expect(shares.length).toBeGreaterThan(0);
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    }
  });

  it('evidence carries the organic actions around each burst: non-members on the same target within the contrast neighbourhood, as many as counted (≤ 100)', () => {
    const byTarget = new Map<string, { account: string; ts: number; action: string }[]>();
    for (let i = 0; i < table.size; i++) {
      const label = table.targetNames[table.target[i]];
      if (label === undefined) continue;
      let list = byTarget.get(label);
      if (!list) byTarget.set(label, (list = []));
      list.push({ account: table.accountNames[table.account[i]], ts: table.ts[i], action: table.actionNames[table.action[i]] });
    }
    let checked = 0;
    for (const c of report.clusters) {
      const members = new Set(c.members);
      for (const e of c.evidence) {
        if (e.signal === 'text' || !e.others) {
          expect(e.othersAround).toBeUndefined();
          continue;
        }
        const around = (e.othersAround ?? []).map(Date.parse);
        expect([...around].sort((a, b) => a - b)).toEqual(around);
        const times = e.members.map((m) => Date.parse(m.ts));
        const first = Math.min(...times);
        const last = Math.max(...times);
        const reach = Math.max(2 * (last - first), 30 * 60_000);
        // Every time is a non-member's action of the same kind on the same target, near the burst.
        const organic = (byTarget.get(e.target) ?? []).filter((x) => x.action === e.action && !members.has(x.account)).map((x) => x.ts);
        const near = organic.filter((t) => t >= first - reach && t <= last + reach).length;
        expect(around.length, e.target).toBe(Math.min(near, 100));
        // `others` is the null's count of the same neighbourhood: exact up to 2,048 reactions, a
        // sampled estimate beyond.
        expect(Math.abs(e.others - near), e.target).toBeLessThanOrEqual(Math.max(0, 0.15 * near));
        for (const t of around) {
          expect(t).toBeGreaterThanOrEqual(first - reach);
          expect(t).toBeLessThanOrEqual(last + reach);
          expect(organic, `${e.target} ${new Date(t).toISOString()}`).toContain(t);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('stats are consistent with the clusters and the input', () => {
    const s = report.stats;
    expect(s.events).toBe(table.size);
    expect(s.read).toBe(s.events + s.rejected + s.duplicates);
    expect(s.accounts).toBe(table.accountNames.length);
    expect(s.flagged).toBe(report.clusters.length);
    expect(s.flaggedAccounts).toBe(new Set(report.clusters.flatMap((c) => c.members)).size);
    expect(s.communities).toBeGreaterThanOrEqual(s.flagged);
    expect(isIso(report.generatedAt)).toBe(true);
  });

  it('params holds every ScanParams key: defaults, with the overrides applied', () => {
    for (const [k, v] of Object.entries(DEFAULT_PARAMS)) {
      expect(report.params, k).toHaveProperty(k);
      expect(report.params[k], k).toEqual(k in overrides ? overrides[k as keyof typeof overrides] : v);
    }
  });
});

describe('summarise', () => {
  it('says so when a cluster has no synchronised burst', () => {
    const t = tableFromEvents([{ account: 'a', action: 'share', target: 'x', ts: 0 }]);
    // summarise reads only the bursts and the p-value of the timing result.
    const timing = { groups: [], observed: 0, expected: 0, zScore: 0, pValue: 0.5, tightness: 1, core: [] } as unknown as ClusterTiming;
    expect(summarise(4, [], groupByTarget(t), timing)).toBe('4 accounts with no synchronised burst (p = 0.50).');
  });

  it('names the action, counts items and quotes the p-value of a burst', () => {
    const t = tableFromEvents([
      { account: 'a', action: 'share', target: 'x', ts: 0 },
      { account: 'b', action: 'share', target: 'y', ts: 0 },
    ]);
    const g = groupByTarget(t);
    const burst = (group: number) => ({ group, ratio: 0.1, events: [0], others: 10, span: 30, nullSpan: 1800, z: 4, test: 'contrast' });
    const timing = { groups: [burst(0), burst(1)], observed: 2, expected: 0.1, zScore: 6, pValue: 1e-9, tightness: 0.1, core: [] } as unknown as ClusterTiming;
    const text = summarise(5, timing.groups, g, timing);
    expect(text).toContain('5 accounts shared 2 items');
    expect(text).toContain('30 s');
    expect(text).toContain('30 min');
    expect(text).toContain('p < 1e-');
  });

  it('quotes the yardstick of the null most bursts were read against, not a median over every null', () => {
    const t = tableFromEvents(['v', 'w', 'x', 'y', 'z'].map((target) => ({ account: 'a', action: 'share', target, ts: 0 })));
    const g = groupByTarget(t);
    const burst = (group: number, test: string, nullSpan: number) => ({ group, ratio: 0.1, events: [0], others: 0, span: 1, nullSpan, z: 3, test });
    // Three bursts against the floor (80–90 s), two against a stimulus null (7–8 h): the floor
    // speaks, with its own width (85 s; the median over all five would be 90 s).
    const groups = [burst(0, 'floor', 80), burst(1, 'floor', 85), burst(2, 'floor', 90), burst(3, 'stimulus', 25_200), burst(4, 'stimulus', 30_000)];
    const timing = { groups, observed: 3, expected: 0.1, zScore: 6, pValue: 1e-9, tightness: 0.1, core: [] } as unknown as ClusterTiming;
    const text = summarise(6, groups as unknown as ClusterTiming['groups'], g, timing);
    expect(text).toContain('even the fastest organic crowd would spread over 85 s;');
  });
});

describe('a cluster flagged for copying', () => {
  // Twelve accounts posting the same slogans wave after wave, each wave spread over 11 minutes
  // (slower than any timing null calls tight), amid 300 people writing their own words.
  const T0 = Date.UTC(2024, 2, 4, 8);
  const slogans = [
    'they do not want you to know what is really in the water supply',
    'the elections were decided long before anyone voted at all this year',
    'mainstream media hides the truth about the forest fires yet again',
  ];
  const day = () => {
    const out: { id: string; account: string; action: string; ts: number; text: string }[] = [];
    for (let w = 0; w < 9; w++)
      for (let k = 0; k < 8; k++) {
        const who = `ring${(w * 5 + k) % 12}`;
        out.push({ id: `${who}-${w}`, account: who, action: 'post', ts: T0 + w * 2 * 3_600_000 + k * 95_000, text: `${slogans[w % 3]} wave ${w}` });
      }
    const words = ['garden', 'coffee', 'train', 'weather', 'football', 'recipe', 'concert', 'movie', 'holiday', 'book'];
    for (let i = 0; i < 300; i++)
      out.push({ id: `o${i}`, account: `o${i}`, action: 'post', ts: T0 + i * 61_000, text: `my ${words[i % 10]} story number ${i}: ${words[(i * 7) % 10]} and ${words[(i * 3 + 1) % 10]} ${i * 7919}` });
    return out;
  };

  it('is summarised by what it wrote together, against its share of the texts, not by a timing null it never beat', async () => {
    const report = await scanTable(tableFromEvents(day()));
    expect(reportErrors(report)).toBe('');
    const ring = report.clusters.find((c) => c.members.every((m) => m.startsWith('ring')));
    expect(ring, JSON.stringify(report.clusters.map((c) => c.summary))).toBeDefined();
    expect(ring!.reading).toBe('copying');
    const s = ring!.statistics!;
    expect(s.copyingFamilies).toBeGreaterThanOrEqual(3);
    expect(s.copyingTexts).toBeLessThanOrEqual(s.copyingAuthors);
    expect(s.copyingTexts).toBeGreaterThan(3 * s.copyingExpected);
    expect(s.copyingPValue).toBeLessThan(1e-5);
    expect(s.expectedFalse).toBeLessThan(1e-5);
    expect(ring!.summary).toMatch(new RegExp(`^${ring!.members.length} accounts posted near-identical texts together, typically within \\d+ min of each other: they are ${s.copyingTexts} of the ${s.copyingAuthors} authors of ${s.copyingFamilies} near-duplicate text families`));
    expect(ring!.summary).toMatch(/; p < 1e-\d+\.( |$)/);
    // The timing test's verdict on these slow waves is no part of the case.
    expect(ring!.summary).not.toMatch(/organic crowd|organic reactions|other accounts/);
  });
});
