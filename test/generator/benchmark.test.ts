import { describe, expect, it } from 'vitest';
import {
  BENCH_SCENARIOS, CLEAN_EXPORT, RANDOM_CAMPAIGNS, drawExport, events, exportedTruth, generate, prepare, randomisedConfig,
  type ExportQuirks, type GeneratedEvent,
} from '../../scripts/generator/index.js';
import type { FanPlan, NewsPlan } from '../../scripts/generator/lookalikes.js';

// A small randomised world (fast), rendered under each export quirk below.
const SEED = 11;
const world = generate({ scenario: 'mixed', seed: SEED, randomised: true, accounts: 3_000 });
const render = (q: Partial<ExportQuirks>): { evs: GeneratedEvent[]; quirks: ExportQuirks } => {
  const quirks = { ...CLEAN_EXPORT, salt: 12345, ...q };
  return { evs: [...events(world.world.store, prepare(world.world.store, 'time', SEED, quirks))], quirks };
};
const REACTIONS = new Set(['share', 'reply', 'like']);
const postIds = (evs: GeneratedEvent[]) => new Set(evs.filter((e) => e.action === 'post').map((e) => e.id));

describe('domain-randomised benchmark worlds', () => {
  const configs = Array.from({ length: 24 }, (_, i) => randomisedConfig('mixed', 1000 + i, { accounts: 6_000 }));
  const specs = configs.flatMap((c) => c.campaigns.map((x) => x.spec));

  it('draws every campaign from its kind\'s wide ranges, and the draws spread over them', () => {
    for (const s of specs) {
      const R = RANDOM_CAMPAIGNS[s.kind];
      expect(s.participation[0]).toBe(s.participation[1]); // drawn once, handed over as a point
      expect(s.participation[0]).toBeGreaterThanOrEqual(R.participation[0]);
      expect(s.participation[0]).toBeLessThanOrEqual(R.participation[1]);
      if (s.kind !== 'botfarm') {
        expect(s.spreadS[0]).toBeGreaterThanOrEqual(R.spreadS[0]);
        expect(s.spreadS[0]).toBeLessThanOrEqual(R.spreadS[1]);
      }
      // Detectable at all: each member expected in ≥ 4 pushes, ≥ 3 members per push.
      expect(s.members[0] * s.participation[0]).toBeGreaterThanOrEqual(3);
    }
    const spreads = specs.filter((s) => s.kind !== 'botfarm').map((s) => s.spreadS[0]);
    const parts = specs.map((s) => s.participation[0]);
    expect(Math.min(...spreads)).toBeLessThan(30);
    expect(Math.max(...spreads)).toBeGreaterThan(900);
    expect(Math.min(...parts)).toBeLessThan(0.3);
    expect(Math.max(...parts)).toBeGreaterThan(0.85);
  });

  it('draws look-alikes from wide ranges: fan delays 2–40 min, σ 0.5–1.5, fan bases 10–1000, crowds from 10 up', () => {
    const fans: FanPlan[] = configs.flatMap((c) => c.fans.plan ?? []);
    const news: NewsPlan[] = configs.flatMap((c) => c.news.plan ?? []);
    for (const f of fans) {
      expect(f.delayMedianS).toBeGreaterThanOrEqual(120);
      expect(f.delayMedianS).toBeLessThanOrEqual(2400);
      expect(f.delaySigma).toBeGreaterThanOrEqual(0.5);
      expect(f.delaySigma).toBeLessThanOrEqual(1.5);
      expect(f.fans).toBeGreaterThanOrEqual(10);
      expect(f.fans).toBeLessThanOrEqual(1000);
    }
    expect(Math.min(...fans.map((f) => f.delayMedianS))).toBeLessThan(300);
    expect(Math.max(...fans.map((f) => f.delayMedianS))).toBeGreaterThan(1500);
    expect(Math.min(...news.map((n) => n.crowd))).toBeLessThan(50);
    expect(Math.max(...news.map((n) => n.crowd))).toBeGreaterThan(500);
  });

  it('keeps each family\'s character: stealthy is slow/cell/camouflage with low participation and long windows', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const c = randomisedConfig('stealthy', seed, { accounts: 6_000 });
      expect(c.campaigns.length).toBeGreaterThan(0);
      for (const { spec } of c.campaigns) {
        expect(['slow', 'cell', 'camouflage']).toContain(spec.kind);
        expect(spec.participation[0]).toBeLessThanOrEqual(0.45);
        expect(spec.spreadS[0]).toBeGreaterThanOrEqual(300);
      }
      expect(randomisedConfig('organic', seed, { accounts: 6_000 }).campaigns).toEqual([]);
    }
  });

  it('is a pure function of the seed, and seeds differ', () => {
    expect(randomisedConfig('cjk', 7, { accounts: 6_000 })).toEqual(randomisedConfig('cjk', 7, { accounts: 6_000 }));
    expect(randomisedConfig('cjk', 8, { accounts: 6_000 })).not.toEqual(randomisedConfig('cjk', 7, { accounts: 6_000 }));
  });

  it('sizes the world to the target account count and records every drawn value in the truth', () => {
    for (const name of BENCH_SCENARIOS) {
      const { truth } = generate({ scenario: name, seed: 3, randomised: true, accounts: 6_000 });
      const n = Object.keys(truth.roles).length;
      expect(n).toBeGreaterThan(5_000);
      expect(n).toBeLessThan(7_000);
    }
    const p = world.truth.params as { randomised: { accounts: number }; fans: { plan: FanPlan[] }; news: { plan: NewsPlan[] } };
    expect(p.randomised.accounts).toBe(3_000);
    const fanTruth = world.truth.lookalikes.filter((l) => l.kind === 'fan');
    expect(fanTruth.map((l) => l.params.delayMedianS)).toEqual(p.fans.plan.map((f) => f.delayMedianS));
    expect(world.truth.lookalikes.filter((l) => l.kind === 'news').map((l) => l.params.crowd)).toEqual(p.news.plan.map((x) => x.crowd));
    for (const c of world.truth.campaigns) for (const k of ['participation', 'spreadS', 'pushesPerDay', 'camouflage', 'members']) expect(c.params[k]).toBeTypeOf('number');
  });
});

describe('export quirks', () => {
  const linked = render({});

  it('linked: reactions target the ids of post events in the data', () => {
    const posts = postIds(linked.evs);
    const hits = linked.evs.filter((e) => REACTIONS.has(e.action) && e.target !== undefined && posts.has(e.target));
    expect(hits.length).toBeGreaterThan(1000);
  });

  it('unlinked: the posts are all there, but no reaction target equals any post id', () => {
    const { evs } = render({ stimulus: 'unlinked' });
    const posts = postIds(evs);
    expect(posts).toEqual(postIds(linked.evs));
    expect(evs.filter((e) => e.target !== undefined && posts.has(e.target))).toEqual([]);
    // Still one thread id per post: the reactions to one post share a target.
    const link = new Map<string, string>();
    linked.evs.forEach((e, i) => { if (e.target && posts.has(e.target)) link.set(e.target, evs[i].target!); });
    expect(new Set(link.values()).size).toBe(link.size);
  });

  it('absent: no post event that anything reacts to is in the data', () => {
    const { evs, quirks } = render({ stimulus: 'absent' });
    const targets = new Set(evs.map((e) => e.target).filter((t) => t !== undefined));
    expect(evs.filter((e) => e.action === 'post' && targets.has(e.id))).toEqual([]);
    const reacted = new Set(linked.evs.filter((e) => REACTIONS.has(e.action)).map((e) => e.target));
    const dropped = linked.evs.filter((e) => e.action === 'post' && reacted.has(e.id)).length;
    expect(dropped).toBeGreaterThan(100);
    expect(evs.length).toBe(linked.evs.length - dropped);
    // Other posts (nobody reacted) stay.
    expect(evs.some((e) => e.action === 'post')).toBe(true);
    // The truth follows: accounts that only posted what others reacted to are gone from it.
    const shown = exportedTruth(world.truth, world.world.store, prepare(world.world.store, 'time', SEED, quirks));
    expect(new Set(Object.keys(shown.roles))).toEqual(new Set(evs.map((e) => e.account)));
    expect(shown.params.export).toMatchObject({ stimulus: 'absent' });
  });

  it('coarse: reactions to a post target its author account, links their domain', () => {
    for (const style of ['at', 'bare'] as const) {
      const { evs } = render({ targets: 'coarse', accountStyle: style });
      const names = new Set(world.world.store.accounts.map((a) => a.name));
      const authorOf = new Map(linked.evs.filter((e) => e.action === 'post').map((e) => [e.id, e.account]));
      let checked = 0;
      evs.forEach((e, i) => {
        const before = linked.evs[i];
        if (!REACTIONS.has(e.action) || before.target === undefined) return;
        if (authorOf.has(before.target)) {
          const want = authorOf.get(before.target)!;
          expect(e.target).toBe(style === 'at' ? `@${want}` : want);
          expect(names.has(style === 'at' ? e.target!.slice(1) : e.target!)).toBe(true);
          checked++;
        } else if (before.target.includes('://')) {
          expect(e.target).toBe(new URL(before.target).hostname);
        }
      });
      expect(checked).toBeGreaterThan(1000);
      // One coarse target holds many stimuli.
      const perTarget = new Map<string, Set<string>>();
      evs.forEach((e, i) => {
        const t = linked.evs[i].target;
        if (e.action === 'share' && e.target && t && authorOf.has(t)) perTarget.set(e.target, (perTarget.get(e.target) ?? new Set()).add(t));
      });
      expect(Math.max(...[...perTarget.values()].map((s) => s.size))).toBeGreaterThan(3);
    }
  });

  it('floors timestamps to the second or the minute', () => {
    expect(linked.evs.some((e) => e.ts % 1000 !== 0)).toBe(true);
    const s = render({ resolution: 's' }).evs;
    const m = render({ resolution: 'min' }).evs;
    expect(s.every((e) => e.ts % 1000 === 0)).toBe(true);
    expect(m.every((e) => e.ts % 60_000 === 0)).toBe(true);
    m.forEach((e, i) => expect(linked.evs[i].ts - e.ts).toBeLessThan(60_000));
  });

  it('draws quirks per seed (every value occurs over a few dozen seeds) and keeps pinned ones', () => {
    const drawn = Array.from({ length: 60 }, (_, i) => drawExport(i));
    for (const k of ['stimulus', 'targets', 'resolution', 'accountStyle'] as const) {
      const want = { stimulus: 3, targets: 2, resolution: 3, accountStyle: 2 }[k];
      expect(new Set(drawn.map((q) => q[k])).size).toBe(want);
    }
    expect(drawExport(5, { stimulus: 'absent', resolution: 's' })).toMatchObject({ stimulus: 'absent', resolution: 's' });
    expect(drawExport(5, {}, 'mixed:small')).not.toEqual(drawExport(5, {}, 'stealthy:small'));
  });
});
