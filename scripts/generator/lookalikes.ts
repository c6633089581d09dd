import { chance, inRange, intInRange, int, lognormal, pick, sample, type Range, type Rng } from './prng.js';
import { ACTION, type GroupTruth, type LookalikeKind } from './types.js';
import { TK, type Account } from './store.js';
import { awakeAt, diurnalTime } from './time.js';
import { headline, organicPost, organicReply, quote } from './text.js';
import { popularPostBefore } from './organic.js';
import { addAccount, drawActivity, type World } from './world.js';

/**
 * Organic behaviour that looks coordinated at first sight and must not be flagged:
 * breaking-news crowds, fan communities around creators, ordinary interest communities.
 * Each takes an event budget and derives its sizes from it and its per-seed ranges.
 */

export interface NewsConfig {
  budget: number;
  storiesPerDay: Range;
  /** Share of the crowd who react to every story ("news junkies") and their participation. */
  junkieFrac: Range;
  junkieP: Range;
  casualP: Range;
  /** Reaction delay: lognormal median (s) per story and its log-sd. */
  delayMedianS: Range;
  delaySigma: Range;
  likeP: number;
  /** Share of participants who also post the headline with their own comment (text look-alike). */
  quoteP: Range;
}

export function newsCrowds(w: World, r: Rng, cfg: NewsConfig, out: GroupTruth<LookalikeKind>[]): void {
  if (cfg.budget <= 0) return;
  const s = w.store;
  const perDay = intInRange(r, cfg.storiesPerDay);
  const stories = perDay * w.days;
  const jf = inRange(r, cfg.junkieFrac), jp = inRange(r, cfg.junkieP), cp = inRange(r, cfg.casualP);
  const quoteP = inRange(r, cfg.quoteP);
  const perStory = cfg.budget / stories / (1 + cfg.likeP + quoteP + 0.05);
  const pool = Math.max(20, Math.round(perStory / (jf * jp + (1 - jf) * cp)));
  const outlets: Account[] = [];
  for (let i = 0; i < int(r, 3, 6); i++) outlets.push(addAccount(w, r, 'news', 2));
  const crowd: { a: Account; p: number }[] = [];
  for (let i = 0; i < pool; i++) {
    const junkie = r() < jf;
    // Junkies are heavy users in general, too.
    crowd.push({ a: addAccount(w, r, 'news', drawActivity(r) * (junkie ? 3 : 1)), p: junkie ? jp : cp * (0.5 + r()) });
  }
  const quoters = new Set<string>();
  for (let k = 0; k < stories; k++) {
    const outlet = pick(r, outlets);
    const zh = outlet.zh;
    const head = headline(r, zh);
    const t0 = diurnalTime(r, w.start, Math.floor(k / perDay), outlet.tz);
    const story = s.push(outlet.idx, ACTION.post, t0, TK.none, 0, `${head} ${zh ? '（快讯）' : '(developing)'}`);
    if (story < 0) continue;
    const med = inRange(r, cfg.delayMedianS) * 1000, sig = inRange(r, cfg.delaySigma);
    for (const m of crowd) {
      if (!chance(r, m.p)) continue;
      // Big news overrides the day/night rhythm only partly: sleepers catch up in the morning.
      let ts = s.ts[story] + lognormal(r, med, sig);
      if (!awakeAt(r, ts, m.a.tz) && r() < 0.7) ts += lognormal(r, 4 * 3_600_000, 0.5);
      s.push(m.a.idx, ACTION.share, ts, TK.post, story);
      if (chance(r, cfg.likeP)) s.push(m.a.idx, ACTION.like, ts + lognormal(r, 20_000, 1), TK.post, story);
      if (chance(r, 0.05)) s.push(m.a.idx, ACTION.reply, ts + lognormal(r, 60_000, 1), TK.post, story, organicReply(r, m.a.zh));
      if (chance(r, quoteP)) {
        s.push(m.a.idx, ACTION.post, ts + lognormal(r, 120_000, 1), TK.none, 0, quote(r, head, zh));
        quoters.add(m.a.name);
      }
    }
  }
  out.push({
    id: 'news', kind: 'news', members: [...outlets, ...crowd.map((c) => c.a)].map((a) => a.name),
    params: { stories, storiesPerDay: perDay, crowd: pool, junkieFrac: jf, junkieP: jp, casualP: cp, quoteP },
  });
  if (quoters.size) out.push({ id: 'news-quotes', kind: 'quote', members: [...quoters], params: { quoteP } });
}

export interface FanConfig {
  budget: number;
  fans: Range;
  postsPerDay: Range;
  likeP: Range;
  replyP: Range;
  shareP: Range;
  delayMedianS: Range;
  delaySigma: Range;
}

export function fanCommunities(w: World, r: Rng, cfg: FanConfig, out: GroupTruth<LookalikeKind>[]): void {
  if (cfg.budget <= 0) return;
  const s = w.store;
  const mid = (x: Range) => (x[0] + x[1]) / 2;
  const perCreator = mid(cfg.fans) * mid(cfg.postsPerDay) * w.days * (mid(cfg.likeP) + mid(cfg.replyP) + mid(cfg.shareP));
  const creators = Math.max(1, Math.round(cfg.budget / perCreator));
  const allFans: Account[] = [];
  for (let c = 0; c < creators; c++) {
    const creator = addAccount(w, r, 'creator', 3);
    const nf = intInRange(r, cfg.fans);
    const fans: Account[] = [];
    // A tenth of fans follow another creator too.
    const shared = allFans.length ? sample(r, allFans, Math.round(nf * 0.1)) : [];
    fans.push(...shared);
    while (fans.length < nf) {
      const f = addAccount(w, r, 'fan', drawActivity(r), chance(r, 0.7) ? creator.tz : undefined, chance(r, 0.8) ? creator.zh : undefined);
      fans.push(f);
      allFans.push(f);
    }
    const prof = fans.map(() => ({ like: inRange(r, cfg.likeP), reply: inRange(r, cfg.replyP), share: inRange(r, cfg.shareP) }));
    const ppd = intInRange(r, cfg.postsPerDay);
    const med = inRange(r, cfg.delayMedianS) * 1000, sig = inRange(r, cfg.delaySigma);
    for (let d = 0; d < w.days; d++) {
      for (let k = 0; k < ppd; k++) {
        const p = s.push(creator.idx, ACTION.post, diurnalTime(r, w.start, d, creator.tz), TK.none, 0, organicPost(r, creator.zh));
        if (p < 0) continue;
        fans.forEach((f, i) => {
          const at = () => {
            const ts = s.ts[p] + lognormal(r, med, sig);
            return awakeAt(r, ts, f.tz) ? ts : ts + lognormal(r, 6 * 3_600_000, 0.4);
          };
          if (chance(r, prof[i].like)) s.push(f.idx, ACTION.like, at(), TK.post, p);
          if (chance(r, prof[i].reply)) s.push(f.idx, ACTION.reply, at(), TK.post, p, organicReply(r, f.zh));
          if (chance(r, prof[i].share)) s.push(f.idx, ACTION.share, at(), TK.post, p);
          if (chance(r, 0.03)) s.push(f.idx, ACTION.mention, at(), TK.mention, creator.idx, `@${creator.name} ${organicReply(r, f.zh)}`);
        });
      }
    }
    out.push({ id: `fans-${c}`, kind: 'fan', members: [creator, ...fans].map((a) => a.name), params: { creator: creator.name, fans: nf, postsPerDay: ppd, delayMedianS: med / 1000, delaySigma: sig } });
  }
}

export interface CommunityConfig {
  budget: number;
  size: Range;
  itemsPerDay: Range;
  shareP: Range;
  delayMedianS: Range;
}

export function communities(w: World, r: Rng, cfg: CommunityConfig, out: GroupTruth<LookalikeKind>[]): void {
  if (cfg.budget <= 0) return;
  const s = w.store;
  const mid = (x: Range) => (x[0] + x[1]) / 2;
  const n = Math.max(1, Math.round(cfg.budget / (mid(cfg.size) * mid(cfg.itemsPerDay) * w.days * mid(cfg.shareP) * 1.5)));
  for (let c = 0; c < n; c++) {
    const size = intInRange(r, cfg.size);
    const tz = w.drawTz(r);
    const members = Array.from({ length: size }, () => addAccount(w, r, 'community', drawActivity(r), chance(r, 0.6) ? tz : undefined));
    const ipd = intInRange(r, cfg.itemsPerDay), p = inRange(r, cfg.shareP), med = inRange(r, cfg.delayMedianS) * 1000;
    for (let d = 0; d < w.days; d++) {
      for (let k = 0; k < ipd; k++) {
        const t0 = diurnalTime(r, w.start, d, tz);
        // The community's item: a popular post, or a link from outside the platform.
        let kind: 1 | 4 = TK.post, ref = popularPostBefore(w, r, t0);
        if (ref < 0 || chance(r, 0.4)) { kind = TK.external; ref = s.external(`https://${pick(r, ['news', 'blog', 'video', 'forum'])}.example/${c}-${d}-${k}`); }
        for (const m of members) {
          if (!chance(r, p)) continue;
          const ts = t0 + lognormal(r, med, 1.0);
          s.push(m.idx, ACTION.share, ts, kind, ref);
          if (chance(r, 0.5)) s.push(m.idx, ACTION.like, ts + lognormal(r, 30_000, 1), kind, ref);
        }
      }
    }
    out.push({ id: `community-${c}`, kind: 'community', members: members.map((m) => m.name), params: { size, itemsPerDay: ipd, shareP: p, delayMedianS: med / 1000 } });
  }
}
