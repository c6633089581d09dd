import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { events, generate, prepare, writeNdjson, type GeneratedEvent } from '../../scripts/generator/index.js';
import { HOUR_WEIGHTS, localHour } from '../../scripts/generator/time.js';
import { createRng, aliasTable } from '../../scripts/generator/prng.js';
import { validateEvent } from '../../src/ingest/validate.js';

const dir = mkdtempSync(join(tmpdir(), 'lockstep-gen-'));
const small = (seed: number, scenario: 'mixed' | 'organic' | 'cjk' = 'mixed') => generate({ scenario, seed, events: 40_000, days: 2 });
const digest = async (seed: number, name: string) => {
  const { world } = small(seed);
  const path = join(dir, name);
  await writeNdjson(world.store, prepare(world.store, 'time', seed), path);
  return createHash('sha256').update(readFileSync(path)).digest('hex');
};

describe('prng', () => {
  it('is a pure function of the seed and samples alias tables proportionally', () => {
    const a = createRng(5), b = createRng(5), c = createRng(6);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    const t = aliasTable([1, 3]);
    let ones = 0;
    for (let i = 0; i < 20_000; i++) ones += t.draw(a);
    expect(ones / 20_000).toBeGreaterThan(0.72);
    expect(ones / 20_000).toBeLessThan(0.78);
  });
});

describe('generator', () => {
  it('is deterministic: same seed, same bytes; different seed, different bytes', async () => {
    const [x, y, z] = await Promise.all([digest(7, 'a.ndjson.gz'), digest(7, 'b.ndjson.gz'), digest(8, 'c.ndjson.gz')]);
    expect(x).toBe(y);
    expect(z).not.toBe(x);
  });

  const { world, truth } = small(3);
  const evs: GeneratedEvent[] = [...events(world.store, prepare(world.store, 'time', 3))];

  it('writes valid contract events with unique ids, time-sorted, ISO timestamps', async () => {
    const path = join(dir, 'v.ndjson');
    await writeNdjson(world.store, prepare(world.store, 'time', 3), path);
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines.length).toBe(evs.length);
    let last = -Infinity;
    const ids = new Set<string>();
    for (const l of lines.slice(0, 5000)) {
      const raw = JSON.parse(l);
      expect(raw.ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const v = validateEvent(raw);
      expect(v.ok).toBe(true);
      if (v.ok) {
        expect(v.event.ts).toBeGreaterThanOrEqual(last);
        last = v.event.ts;
      }
      ids.add(raw.id);
    }
    expect(new Set(evs.map((e) => e.id)).size).toBe(evs.length);
    expect(Math.abs(evs.length - 40_000)).toBeLessThan(2_000);
  });

  it('keeps truth consistent with the events', () => {
    const acting = new Set(evs.map((e) => e.account));
    expect(new Set(Object.keys(truth.roles))).toEqual(acting);
    for (const c of truth.campaigns) {
      expect(c.members.length).toBeGreaterThan(0);
      for (const m of c.members) expect(truth.roles[m]).toBe('campaign');
    }
    const members = new Set(truth.campaigns.flatMap((c) => c.members));
    for (const [a, r] of Object.entries(truth.roles)) expect(r === 'campaign').toBe(members.has(a));
    // Every reply/share targeting an event id points at an earlier post.
    const byId = new Map(evs.map((e) => [e.id, e]));
    for (const e of evs) {
      if (!e.target?.startsWith('e') || !byId.has(e.target)) continue;
      const p = byId.get(e.target)!;
      expect(p.action).toBe('post');
      expect(p.ts).toBeLessThanOrEqual(e.ts);
    }
  });

  it('has every campaign kind in mixed, none in organic, and the look-alikes in both', () => {
    expect(new Set(truth.campaigns.map((c) => c.kind))).toEqual(new Set(['amplification', 'slow', 'cell', 'camouflage', 'brigade', 'report_brigade', 'copypasta', 'botfarm']));
    const org = small(3, 'organic').truth;
    expect(org.campaigns).toEqual([]);
    for (const t of [truth, org]) for (const k of ['news', 'fan', 'community']) expect(t.lookalikes.map((l) => l.kind)).toContain(k);
    const roles = new Set(Object.values(org.roles));
    for (const r of ['organic', 'news', 'fan', 'community', 'creator']) expect(roles.has(r as never)).toBe(true);
  });

  it('writes Chinese copypasta in the cjk scenario', () => {
    const { world: w, truth: t } = small(4, 'cjk');
    const members = new Set(t.campaigns.filter((c) => c.kind === 'copypasta').flatMap((c) => c.members));
    const texts = [...events(w.store, prepare(w.store, 'time', 4))].filter((e) => e.action === 'post' && members.has(e.account)).map((e) => e.text ?? '');
    expect(texts.filter((s) => /[\u4e00-\u9fff]/.test(s)).length).toBeGreaterThan(texts.length / 3);
  });

  it('follows the day/night cycle: more activity at local day than at night', () => {
    const tz = new Map(world.store.accounts.map((a) => [a.name, a.tz]));
    let day = 0, night = 0;
    for (const e of evs) {
      const h = localHour(e.ts, tz.get(e.account)!);
      if (h >= 10 && h < 22) day++;
      else if (h >= 1 && h < 6) night++;
    }
    // 12 day hours vs 5 night hours; the curve puts ~5x more per hour in the day.
    expect(day / 12).toBeGreaterThan((3 * night) / 5);
    expect(HOUR_WEIGHTS.length).toBe(24);
  });

  it('meets a 200k-event budget (its speed is measured by npm run bench, which generates 1 M)', () => {
    const g = generate({ scenario: 'mixed', seed: 9, events: 200_000 });
    expect(g.world.store.size).toBeGreaterThan(190_000);
  });
});
