import { chance, delaySampler, inRange, intInRange, int, lognormal, pick, sample, type DelayShape, type Range, type Rng } from './prng.js';
import { ACTION, type GroupTruth, type LookalikeKind } from './types.js';
import { TK, type Account } from './store.js';
import { awakeAt, diurnalTime } from './time.js';
import { headline, organicPost, organicReply, quote } from './text.js';
import { popularPostBefore } from './organic.js';
import { addAccount, delayShapeOf, drawActivity, type World } from './world.js';

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
  /** Crowds drawn up front (randomised benchmark); when set, the ranges above are not used. */
  plan?: NewsPlan[];
  /**
   * A probe of the copying reading (`npm run eval -- --probe quotes-unshared`): readers who quote a
   * headline do not share the story, so no share says what their text comments on. Off in the
   * benchmark (whose worlds it leaves byte-identical); on, the crowds draw the same numbers and the
   * background fill makes up the dropped shares.
   */
  quotesUnshared?: boolean;
  /** With quotesUnshared (`--probe headlines-pasted`): the readers paste the headline without quotation marks. */
  quotesPasted?: boolean;
}

/** One breaking-news crowd with every value already drawn. */
export interface NewsPlan {
  crowd: number;
  stories: number;
  junkieFrac: number;
  junkieP: number;
  casualP: number;
  delayMedianS: number;
  delaySigma: number;
  likeP: number;
  quoteP: number;
}

interface CrowdMember { a: Account; p: number }

/** Outlets and their crowd: junkies react to nearly every story and are heavy users overall. */
function newsCrowd(w: World, r: Rng, pool: number, jf: number, jp: number, cp: number): { outlets: Account[]; crowd: CrowdMember[] } {
  const outlets: Account[] = [];
  for (let i = 0; i < int(r, 3, 6); i++) outlets.push(addAccount(w, r, 'news', 2));
  const crowd: CrowdMember[] = [];
  for (let i = 0; i < pool; i++) {
    const junkie = r() < jf;
    crowd.push({ a: addAccount(w, r, 'news', drawActivity(r) * (junkie ? 3 : 1)), p: junkie ? jp : cp * (0.5 + r()) });
  }
  return { outlets, crowd };
}

/** One story: an outlet posts, the crowd shares at lognormal delays (sleepers catch up later). */
function story(w: World, r: Rng, outlet: Account, day: number, crowd: CrowdMember[], delay: () => [number, number], likeP: number, quoteP: number, quoters: Set<string>, unshared = false, pasted = false, shape: DelayShape = 'lognormal'): void {
  const s = w.store;
  const zh = outlet.zh;
  const head = headline(r, zh);
  const t0 = diurnalTime(r, w.start, day, outlet.tz);
  const post = s.push(outlet.idx, ACTION.post, t0, TK.none, 0, `${head} ${zh ? '（快讯）' : '(developing)'}`);
  if (post < 0) return;
  // Drawn after the post so that the fixed presets keep their draw order (byte-identical output).
  const [med, sig] = delay();
  const draw = delaySampler(shape, sig);
  for (const m of crowd) {
    if (!chance(r, m.p)) continue;
    // Big news overrides the day/night rhythm only partly: sleepers catch up in the morning.
    let ts = s.ts[post] + draw(r, med);
    if (!awakeAt(r, ts, m.a.tz) && r() < 0.7) ts += lognormal(r, 4 * 3_600_000, 0.5);
    if (!unshared) s.push(m.a.idx, ACTION.share, ts, TK.post, post);
    if (chance(r, likeP)) s.push(m.a.idx, ACTION.like, ts + lognormal(r, 20_000, 1), TK.post, post);
    if (chance(r, 0.05)) s.push(m.a.idx, ACTION.reply, ts + lognormal(r, 60_000, 1), TK.post, post, organicReply(r, m.a.zh));
    if (chance(r, quoteP)) {
      s.push(m.a.idx, ACTION.post, ts + lognormal(r, 120_000, 1), TK.none, 0, quote(r, head, zh, !pasted));
      quoters.add(m.a.name);
    } else if (unshared) s.push(m.a.idx, ACTION.share, ts, TK.post, post);
  }
}

export function newsCrowds(w: World, r: Rng, cfg: NewsConfig, out: GroupTruth<LookalikeKind>[]): void {
  if (cfg.budget <= 0) return;
  if (cfg.plan) {
    cfg.plan.forEach((p, k) => plannedCrowd(w, r, p, `news-${k}`, out, cfg.quotesUnshared, cfg.quotesPasted));
    return;
  }
  const perDay = intInRange(r, cfg.storiesPerDay);
  const stories = perDay * w.days;
  const jf = inRange(r, cfg.junkieFrac), jp = inRange(r, cfg.junkieP), cp = inRange(r, cfg.casualP);
  const quoteP = inRange(r, cfg.quoteP);
  const perStory = cfg.budget / stories / (1 + cfg.likeP + quoteP + 0.05);
  const pool = Math.max(20, Math.round(perStory / (jf * jp + (1 - jf) * cp)));
  const { outlets, crowd } = newsCrowd(w, r, pool, jf, jp, cp);
  const quoters = new Set<string>();
  const shape = delayShapeOf(w, 'news');
  for (let k = 0; k < stories; k++) {
    const delay = (): [number, number] => [inRange(r, cfg.delayMedianS) * 1000, inRange(r, cfg.delaySigma)];
    story(w, r, pick(r, outlets), Math.floor(k / perDay), crowd, delay, cfg.likeP, quoteP, quoters, cfg.quotesUnshared, cfg.quotesPasted, shape);
  }
  out.push({
    id: 'news', kind: 'news', members: [...outlets, ...crowd.map((c) => c.a)].map((a) => a.name),
    params: { stories, storiesPerDay: perDay, crowd: pool, junkieFrac: jf, junkieP: jp, casualP: cp, quoteP, ...(w.shapes && { shape }) },
  });
  if (quoters.size) out.push({ id: 'news-quotes', kind: 'quote', members: [...quoters], params: { quoteP } });
}

/** A crowd drawn up front: stories spread evenly over the days; each story's delay varies ±30% around the crowd's. */
function plannedCrowd(w: World, r: Rng, p: NewsPlan, id: string, out: GroupTruth<LookalikeKind>[], unshared = false, pasted = false): void {
  const { outlets, crowd } = newsCrowd(w, r, p.crowd, p.junkieFrac, p.junkieP, p.casualP);
  const quoters = new Set<string>();
  const perDay = Math.max(1, Math.ceil(p.stories / w.days));
  const delay = (): [number, number] => [p.delayMedianS * 1000 * Math.exp(0.6 * (r() - 0.5)), p.delaySigma];
  const shape = delayShapeOf(w, id);
  for (let k = 0; k < p.stories; k++) story(w, r, pick(r, outlets), Math.min(w.days - 1, Math.floor(k / perDay)), crowd, delay, p.likeP, p.quoteP, quoters, unshared, pasted, shape);
  out.push({ id, kind: 'news', members: [...outlets, ...crowd.map((c) => c.a)].map((a) => a.name), params: { ...p, ...(w.shapes && { shape }) } });
  if (quoters.size) out.push({ id: `${id}-quotes`, kind: 'quote', members: [...quoters], params: { quoteP: p.quoteP } });
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
  /** Creators drawn up front (randomised benchmark): one entry per creator. */
  plan?: FanPlan[];
}

/** One creator's fan base with its sizes and delays already drawn (per-fan rates still drawn from the ranges). */
export interface FanPlan {
  fans: number;
  postsPerDay: number;
  likeP: Range;
  replyP: Range;
  shareP: Range;
  delayMedianS: number;
  delaySigma: number;
}

export function fanCommunities(w: World, r: Rng, cfg: FanConfig, out: GroupTruth<LookalikeKind>[]): void {
  if (cfg.budget <= 0) return;
  const s = w.store;
  const mid = (x: Range) => (x[0] + x[1]) / 2;
  const perCreator = mid(cfg.fans) * mid(cfg.postsPerDay) * w.days * (mid(cfg.likeP) + mid(cfg.replyP) + mid(cfg.shareP));
  const creators = cfg.plan ? cfg.plan.length : Math.max(1, Math.round(cfg.budget / perCreator));
  const allFans: Account[] = [];
  for (let c = 0; c < creators; c++) {
    const creator = addAccount(w, r, 'creator', 3);
    const pl = cfg.plan?.[c];
    const nf = pl ? pl.fans : intInRange(r, cfg.fans);
    const fans: Account[] = [];
    // A tenth of fans follow another creator too.
    const shared = allFans.length ? sample(r, allFans, Math.round(nf * 0.1)) : [];
    fans.push(...shared);
    while (fans.length < nf) {
      const f = addAccount(w, r, 'fan', drawActivity(r), chance(r, 0.7) ? creator.tz : undefined, chance(r, 0.8) ? creator.zh : undefined);
      fans.push(f);
      allFans.push(f);
    }
    const rates = pl ?? cfg;
    const prof = fans.map(() => ({ like: inRange(r, rates.likeP), reply: inRange(r, rates.replyP), share: inRange(r, rates.shareP) }));
    const ppd = pl ? pl.postsPerDay : intInRange(r, cfg.postsPerDay);
    const med = (pl ? pl.delayMedianS : inRange(r, cfg.delayMedianS)) * 1000, sig = pl ? pl.delaySigma : inRange(r, cfg.delaySigma);
    const shape = delayShapeOf(w, `fans-${c}`);
    const draw = delaySampler(shape, sig);
    for (let d = 0; d < w.days; d++) {
      for (let k = 0; k < ppd; k++) {
        const p = s.push(creator.idx, ACTION.post, diurnalTime(r, w.start, d, creator.tz), TK.none, 0, organicPost(r, creator.zh));
        if (p < 0) continue;
        fans.forEach((f, i) => {
          const at = () => {
            const ts = s.ts[p] + draw(r, med);
            return awakeAt(r, ts, f.tz) ? ts : ts + lognormal(r, 6 * 3_600_000, 0.4);
          };
          if (chance(r, prof[i].like)) s.push(f.idx, ACTION.like, at(), TK.post, p);
          if (chance(r, prof[i].reply)) s.push(f.idx, ACTION.reply, at(), TK.post, p, organicReply(r, f.zh));
          if (chance(r, prof[i].share)) s.push(f.idx, ACTION.share, at(), TK.post, p);
          if (chance(r, 0.03)) s.push(f.idx, ACTION.mention, at(), TK.mention, creator.idx, `@${creator.name} ${organicReply(r, f.zh)}`);
        });
      }
    }
    out.push({ id: `fans-${c}`, kind: 'fan', members: [creator, ...fans].map((a) => a.name), params: { creator: creator.name, fans: nf, postsPerDay: ppd, delayMedianS: med / 1000, delaySigma: sig, ...(pl && { likeP: pl.likeP, replyP: pl.replyP, shareP: pl.shareP }), ...(w.shapes && { shape }) } });
  }
}

export interface CommunityConfig {
  budget: number;
  size: Range;
  itemsPerDay: Range;
  shareP: Range;
  delayMedianS: Range;
  /** Communities drawn up front (randomised benchmark). */
  plan?: CommunityPlan[];
}

export interface CommunityPlan {
  size: number;
  itemsPerDay: number;
  shareP: number;
  delayMedianS: number;
  delaySigma: number;
}

export function communities(w: World, r: Rng, cfg: CommunityConfig, out: GroupTruth<LookalikeKind>[]): void {
  if (cfg.budget <= 0) return;
  const s = w.store;
  const mid = (x: Range) => (x[0] + x[1]) / 2;
  const n = cfg.plan ? cfg.plan.length : Math.max(1, Math.round(cfg.budget / (mid(cfg.size) * mid(cfg.itemsPerDay) * w.days * mid(cfg.shareP) * 1.5)));
  for (let c = 0; c < n; c++) {
    const pl = cfg.plan?.[c];
    const size = pl ? pl.size : intInRange(r, cfg.size);
    const tz = w.drawTz(r);
    const members = Array.from({ length: size }, () => addAccount(w, r, 'community', drawActivity(r), chance(r, 0.6) ? tz : undefined));
    const ipd = pl ? pl.itemsPerDay : intInRange(r, cfg.itemsPerDay), p = pl ? pl.shareP : inRange(r, cfg.shareP);
    const med = (pl ? pl.delayMedianS : inRange(r, cfg.delayMedianS)) * 1000, sig = pl ? pl.delaySigma : 1.0;
    const shape = delayShapeOf(w, `community-${c}`);
    const draw = delaySampler(shape, sig);
    for (let d = 0; d < w.days; d++) {
      for (let k = 0; k < ipd; k++) {
        const t0 = diurnalTime(r, w.start, d, tz);
        // The community's item: a popular post, or a link from outside the platform.
        let kind: 1 | 4 = TK.post, ref = popularPostBefore(w, r, t0);
        if (ref < 0 || chance(r, 0.4)) { kind = TK.external; ref = s.external(`https://${pick(r, ['news', 'blog', 'video', 'forum'])}.example/${c}-${d}-${k}`); }
        for (const m of members) {
          if (!chance(r, p)) continue;
          const ts = t0 + draw(r, med);
          s.push(m.idx, ACTION.share, ts, kind, ref);
          if (chance(r, 0.5)) s.push(m.idx, ACTION.like, ts + lognormal(r, 30_000, 1), kind, ref);
        }
      }
    }
    out.push({ id: `community-${c}`, kind: 'community', members: members.map((m) => m.name), params: { size, itemsPerDay: ipd, shareP: p, delayMedianS: med / 1000, ...(pl && { delaySigma: sig }), ...(w.shapes && { shape }) } });
  }
}
