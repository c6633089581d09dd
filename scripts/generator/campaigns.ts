import { chance, inRange, intInRange, int, pick, pushOffset, type Range, type Rng } from './prng.js';
import { ACTION, type CampaignKind, type GroupTruth } from './types.js';
import { TK, type Account } from './store.js';
import { DAY, diurnalTime, jitter } from './time.js';
import { fillTemplate, organicPost, pickTemplate } from './text.js';
import { organicQuota, popularPostBefore } from './organic.js';
import { addAccount, pushShapeOf, type World } from './world.js';

/**
 * Coordinated campaigns. Every kind is a sequence of "pushes" (one item, one victim or one text
 * wave) that a random subset of members acts on within a window; kinds differ in what is pushed,
 * how many join, how tight the window is, and how much organic camouflage members add.
 */

export interface CampaignSpec {
  kind: CampaignKind;
  members: Range;
  /** Probability that a member joins a given push. */
  participation: Range;
  /** Spread of one push, seconds (first to last member). */
  spreadS: Range;
  pushesPerDay: Range;
  /** Fraction of members' events that are organic cover. */
  camouflage: Range;
  /** Chinese text for text-bearing kinds (probability). */
  zh?: number;
  /** Bot farm: seconds between consecutive members. */
  stepS?: Range;
}

/** Defaults per kind; scenarios override fields. */
export const CAMPAIGN_DEFAULTS: Record<CampaignKind, CampaignSpec> = {
  amplification: { kind: 'amplification', members: [24, 80], participation: [0.6, 0.95], spreadS: [40, 120], pushesPerDay: [6, 20], camouflage: [0, 0.3] },
  slow: { kind: 'slow', members: [20, 60], participation: [0.25, 0.4], spreadS: [600, 900], pushesPerDay: [6, 16], camouflage: [0.3, 0.6] },
  cell: { kind: 'cell', members: [8, 12], participation: [0.5, 0.9], spreadS: [60, 300], pushesPerDay: [4, 12], camouflage: [0.2, 0.5] },
  camouflage: { kind: 'camouflage', members: [20, 60], participation: [0.5, 0.8], spreadS: [60, 180], pushesPerDay: [6, 14], camouflage: [0.6, 0.85] },
  brigade: { kind: 'brigade', members: [20, 60], participation: [0.6, 0.9], spreadS: [120, 600], pushesPerDay: [1, 3], camouflage: [0.1, 0.4], zh: 0.3 },
  report_brigade: { kind: 'report_brigade', members: [20, 60], participation: [0.7, 1], spreadS: [120, 480], pushesPerDay: [0.5, 2], camouflage: [0.2, 0.5] },
  copypasta: { kind: 'copypasta', members: [30, 100], participation: [0.5, 0.9], spreadS: [300, 1800], pushesPerDay: [2, 6], camouflage: [0.1, 0.4], zh: 0.5 },
  botfarm: { kind: 'botfarm', members: [10, 30], participation: [0.9, 1], spreadS: [0, 0], pushesPerDay: [12, 48], camouflage: [0, 0.1], stepS: [3, 15] },
};

interface Ctx {
  w: World;
  r: Rng;
  members: Account[];
  p: number;
  spread: number;
  /** A member's offset into a push (uniform over the spread; other shapes under the shapes probe). */
  offset: (r: Rng) => number;
  pushes: number;
  /** Campaign events per member (for the camouflage quota). */
  own: Map<number, number>;
}

function act(c: Ctx, a: Account, action: number, ts: number, tkind: 0 | 1 | 2 | 3 | 4, tref: number, text?: string): number {
  const e = c.w.store.push(a.idx, action, ts, tkind, tref, text);
  if (e >= 0) c.own.set(a.idx, (c.own.get(a.idx) ?? 0) + 1);
  return e;
}

/** Push start times: operators work office hours in their own zone, spread over the days. */
function pushTimes(c: Ctx, tz: number): number[] {
  const out: number[] = [];
  const total = Math.max(1, Math.round(c.pushes * c.w.days));
  for (let k = 0; k < total; k++) out.push(diurnalTime(c.r, c.w.start, Math.min(c.w.days - 1, Math.floor((k * c.w.days) / total)), tz, true));
  return out.sort((a, b) => a - b);
}

/** The item of one share push: the campaign's own rumour post, or someone else's post, or a link. */
function pushItem(c: Ctx, t0: number, zh: boolean): { kind: 1 | 4; ref: number } {
  const { r, w } = c;
  const u = r();
  if (u < 0.45) {
    const author = pick(r, c.members);
    const p = act(c, author, ACTION.post, t0 - int(r, 30, 600) * 1000, TK.none, 0, fillTemplate(r, pickTemplate(r, 'rumour', zh)));
    if (p >= 0) return { kind: TK.post, ref: p };
  }
  if (u < 0.85) {
    const p = popularPostBefore(w, r, t0 - 60_000);
    if (p >= 0) return { kind: TK.post, ref: p };
  }
  return { kind: TK.external, ref: w.store.external(`https://${pick(r, ['truth-now', 'realnews24', 'patriot-daily', 'freespeech'])}.example/${Math.floor(r() * 1e9).toString(36)}`) };
}

function sharePushes(c: Ctx, tz: number, zh: boolean): void {
  const { r } = c;
  for (const t0 of pushTimes(c, tz)) {
    const item = pushItem(c, t0, zh);
    for (const m of c.members) {
      if (!chance(r, c.p)) continue;
      const ts = t0 + c.offset(r);
      act(c, m, ACTION.share, ts, item.kind, item.ref);
      if (chance(r, 0.3)) act(c, m, ACTION.like, ts + r() * 20_000, item.kind, item.ref);
    }
  }
}

/** Scheduled bot farm: fixed daily slots; member k acts at +k·step every time (±1 s). */
function botfarm(c: Ctx, step: number, zh: boolean): void {
  const { r, w } = c;
  const slots = Math.max(1, Math.round(c.pushes));
  const phase = r() * (DAY / slots);
  const order = c.members.slice();
  for (let d = 0; d < w.days; d++) {
    for (let k = 0; k < slots; k++) {
      const t0 = w.start + d * DAY + phase + (k * DAY) / slots;
      if (chance(r, 0.3)) {
        // Identical promotional post from every bot.
        const text = `${fillTemplate(r, pickTemplate(r, 'rumour', zh))} https://promo.example/${d}${k}`;
        order.forEach((m, i) => { if (chance(r, c.p)) act(c, m, ACTION.post, t0 + i * step + jitter(r, 300), TK.none, 0, text); });
        continue;
      }
      const item = pushItem(c, t0, zh);
      order.forEach((m, i) => { if (chance(r, c.p)) act(c, m, ACTION.share, t0 + i * step + jitter(r, 300), item.kind, item.ref); });
    }
  }
}

/** Brigade: the victim posts; members pile on with templated insults in replies and mentions. */
function brigade(c: Ctx, victim: Account, tz: number, zh: boolean): void {
  const { r, w } = c;
  const tpl = pickTemplate(r, 'insult', zh);
  for (const t0 of pushTimes(c, tz)) {
    const post = w.store.push(victim.idx, ACTION.post, t0 - int(r, 60, 1800) * 1000, TK.none, 0, organicPost(r, victim.zh));
    if (post < 0) continue;
    for (const m of c.members) {
      if (!chance(r, c.p)) continue;
      const ts = t0 + c.offset(r);
      act(c, m, ACTION.reply, ts, TK.post, post, fillTemplate(r, tpl, { victim: victim.name }));
      if (chance(r, 0.5)) act(c, m, ACTION.mention, ts + r() * 60_000, TK.mention, victim.idx, fillTemplate(r, tpl, { victim: victim.name }));
    }
  }
}

/** Report brigade: members report the same account within minutes. */
function reportBrigade(c: Ctx, victims: Account[], tz: number): void {
  const { r } = c;
  for (const t0 of pushTimes(c, tz)) {
    const v = pick(r, victims);
    for (const m of c.members) if (chance(r, c.p)) act(c, m, ACTION.report, t0 + c.offset(r), TK.account, v.idx);
  }
}

/** Copypasta: waves of near-identical posts without a shared target. */
function copypasta(c: Ctx, tz: number, zh: boolean): void {
  const { r } = c;
  const tpl = pickTemplate(r, 'rumour', zh);
  for (const t0 of pushTimes(c, tz)) {
    for (const m of c.members) if (chance(r, c.p)) act(c, m, ACTION.post, t0 + c.offset(r), TK.none, 0, fillTemplate(r, tpl));
  }
}

/**
 * Generates one campaign. Returns the truth entry and the camouflage quotas to add once all
 * scripted activity exists (cover activity reacts to the final organic post pool).
 */
export function campaign(w: World, r: Rng, id: string, spec: CampaignSpec): { truth: GroupTruth<CampaignKind>; cover: () => void } {
  const n = intInRange(r, spec.members);
  const tz = w.drawTz(r);
  const zh = chance(r, spec.zh ?? w.zhShare);
  const members = Array.from({ length: n }, () => addAccount(w, r, 'campaign', 0, chance(r, 0.8) ? tz : undefined, zh));
  const p = inRange(r, spec.participation);
  const spread = inRange(r, spec.spreadS) * 1000;
  const shape = pushShapeOf(w, id);
  const c: Ctx = { w, r, members, p, spread, offset: pushOffset(shape, spread), pushes: inRange(r, spec.pushesPerDay), own: new Map() };
  const camo = inRange(r, spec.camouflage);
  const params: Record<string, unknown> = { members: n, participation: c.p, spreadS: c.spread / 1000, pushesPerDay: c.pushes, camouflage: camo, tz, zh, ...(w.shapes && { pushShape: shape }) };
  switch (spec.kind) {
    case 'botfarm': {
      const step = inRange(r, spec.stepS ?? [3, 15]) * 1000;
      params.stepS = step / 1000;
      botfarm(c, step, zh);
      break;
    }
    case 'brigade': {
      const victim = w.store.accounts[w.celeb!.accounts[int(r, 0, 200)]];
      params.victim = victim.name;
      brigade(c, victim, tz, zh);
      break;
    }
    case 'report_brigade': {
      const victims = Array.from({ length: int(r, 1, 3) }, () => w.store.accounts[w.celeb!.accounts[int(r, 0, 500)]]);
      params.victims = victims.map((v) => v.name);
      reportBrigade(c, victims, tz);
      break;
    }
    case 'copypasta':
      copypasta(c, tz, zh);
      break;
    default:
      sharePushes(c, tz, zh);
  }
  const cover = () => {
    if (camo <= 0) return;
    for (const m of members) organicQuota(w, r, m, Math.round(((c.own.get(m.idx) ?? 0) * camo) / (1 - camo)));
  };
  return { truth: { id, kind: spec.kind, members: members.map((m) => m.name), params }, cover };
}
