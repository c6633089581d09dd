import { aliasTable, lognormal, int, type Alias, type Rng } from './prng.js';
import { ACTION } from './types.js';
import { TK, type Account } from './store.js';
import { awakeAt, diurnalTime, DAY } from './time.js';
import { organicMention, organicPost, organicReply } from './text.js';
import type { World } from './world.js';

/**
 * Organic background: original posts at diurnal times, then reactions (likes ≫ shares > replies >
 * mentions > follows) to Zipf-popular posts at lognormal delays (seconds to hours), kept only
 * when the reacting account is awake. Reports are rare and uncorrelated.
 */

/** Share of organic reactions by action (posts are generated separately, up front). */
export const REACTION_MIX: readonly [number, number][] = [
  [ACTION.like, 0.56],
  [ACTION.share, 0.2],
  [ACTION.reply, 0.12],
  [ACTION.mention, 0.07],
  [ACTION.follow, 0.05],
];
const MIX = aliasTable(REACTION_MIX.map(([, p]) => p));

export function activityAlias(w: World): { alias: Alias; idx: number[] } {
  const idx: number[] = [];
  const weights: number[] = [];
  w.activity.forEach((a, i) => {
    if (a > 0) { idx.push(i); weights.push(a); }
  });
  return { alias: aliasTable(weights), idx };
}

/** `count` organic posts by accounts drawn by activity, at their local daytime. */
export function organicPosts(w: World, r: Rng, count: number): void {
  const { alias, idx } = activityAlias(w);
  const s = w.store;
  for (let k = 0; k < count; k++) {
    const a = s.accounts[idx[alias.draw(r)]];
    const ts = diurnalTime(r, w.start, int(r, 0, w.days - 1), a.tz);
    const e = s.push(a.idx, ACTION.post, ts, TK.none, 0, organicPost(r, a.zh));
    if (e >= 0) w.posts.push(e);
  }
}

/** A reference post that exists before `before` (for campaigns amplifying real content). */
export function popularPostBefore(w: World, r: Rng, before: number): number {
  for (let t = 0; t < 20; t++) {
    const p = w.posts[w.postPop!.draw(r)];
    if (w.store.ts[p] < before) return p;
  }
  return -1;
}

/** One organic action by `a`. Returns false when the drawn moment was not plausible (caller retries). */
export function organicAction(w: World, r: Rng, a: Account): boolean {
  const s = w.store;
  const act = REACTION_MIX[MIX.draw(r)][0];
  if (act === ACTION.mention || act === ACTION.follow) {
    const c = w.celeb!;
    const t = s.accounts[c.accounts[c.alias.draw(r)]];
    if (t.idx === a.idx) return false;
    const ts = diurnalTime(r, w.start, int(r, 0, w.days - 1), a.tz);
    if (act === ACTION.follow) return s.push(a.idx, act, ts, TK.account, t.idx) >= 0;
    return s.push(a.idx, act, ts, TK.mention, t.idx, organicMention(r, a.zh, t.name)) >= 0;
  }
  const pi = w.postPop!.draw(r);
  const p = w.posts[pi];
  if (s.account[p] === a.idx) return false;
  const ts = s.ts[p] + lognormal(r, w.postDelay[pi], 1.5);
  if (!awakeAt(r, ts, a.tz)) return false;
  const text = act === ACTION.reply ? organicReply(r, a.zh) : undefined;
  return s.push(a.idx, act, ts, TK.post, p, text) >= 0;
}

/** Fills the store with organic actions until it holds `target` events. */
export function organicFill(w: World, r: Rng, target: number): void {
  const { alias, idx } = activityAlias(w);
  const s = w.store;
  let guard = 0;
  const max = (target - s.size) * 20 + 1000;
  while (s.size < target && guard++ < max) organicAction(w, r, s.accounts[idx[alias.draw(r)]]);
}

/** Gives one account `count` organic actions (a campaign member's camouflage). */
export function organicQuota(w: World, r: Rng, a: Account, count: number): void {
  const s = w.store;
  const want = s.size + count;
  let guard = 0;
  while (s.size < want && guard++ < count * 30 + 10) organicAction(w, r, a);
}

/** A handful of organic reports: single accounts flagging someone, spread over the whole span. */
export function organicReports(w: World, r: Rng, count: number): void {
  const { alias, idx } = activityAlias(w);
  const s = w.store;
  for (let k = 0; k < count; k++) {
    const a = s.accounts[idx[alias.draw(r)]];
    const c = w.celeb!;
    const t = c.accounts[Math.floor(r() * c.accounts.length)];
    if (t === a.idx) continue;
    s.push(a.idx, ACTION.report, w.start + r() * w.days * DAY, TK.account, t);
  }
}
