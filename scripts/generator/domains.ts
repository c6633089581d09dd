import { createRng, inRange, int, intLogInRange, logInRange, type Range, type Rng } from './prng.js';
import type { CampaignSpec } from './campaigns.js';
import type { CommunityPlan, FanPlan, NewsPlan } from './lookalikes.js';
import type { ScenarioConfig } from './scenarios.js';
import type { CampaignKind } from './types.js';
import { TZ_CJK, TZ_WESTERN } from './time.js';

/**
 * Domain randomisation for the development benchmark. The fixed presets (scenarios.ts) give one
 * setting per scenario, which a detector can be tuned to. Here every family keeps its character
 * (which kinds of campaign and look-alike it holds) but every group's sizes, rates, delays and
 * windows are drawn per seed from wide ranges, so a detector only passes by generalising.
 *
 * Everything is drawn here, up front, into a plan (point values handed to the components), so
 * the population can be sized to a target account count and the truth file records every value.
 */

export const BENCH_SCENARIOS = ['mixed', 'organic', 'cjk', 'stealthy', 'basic'] as const;
export type BenchScenario = (typeof BENCH_SCENARIOS)[number];

/** Target account counts of the benchmark sizes. */
export const SIZES = { small: 6_000, large: 100_000 } as const;
export type SizeName = keyof typeof SIZES;

/**
 * Campaign ranges per kind. members, spreadS, pushesPerDay and stepS are drawn log-uniform (they
 * span orders of magnitude), participation and camouflage uniform.
 */
interface KindRanges {
  members: Range;
  participation: Range;
  spreadS: Range;
  pushesPerDay: Range;
  camouflage: Range;
  stepS?: Range;
  zh?: number;
}

export const RANDOM_CAMPAIGNS: Record<CampaignKind, KindRanges> = {
  amplification: { members: [10, 150], participation: [0.35, 0.9], spreadS: [3, 900], pushesPerDay: [2, 30], camouflage: [0, 0.6] },
  slow: { members: [10, 80], participation: [0.2, 0.5], spreadS: [300, 1800], pushesPerDay: [3, 20], camouflage: [0.2, 0.7] },
  cell: { members: [4, 15], participation: [0.4, 0.9], spreadS: [10, 900], pushesPerDay: [3, 15], camouflage: [0.1, 0.6] },
  camouflage: { members: [10, 80], participation: [0.3, 0.85], spreadS: [20, 900], pushesPerDay: [3, 15], camouflage: [0.6, 0.9] },
  brigade: { members: [10, 80], participation: [0.4, 0.9], spreadS: [60, 1800], pushesPerDay: [0.5, 4], camouflage: [0, 0.5], zh: 0.3 },
  report_brigade: { members: [10, 80], participation: [0.4, 1], spreadS: [60, 1800], pushesPerDay: [0.5, 3], camouflage: [0.1, 0.6] },
  copypasta: { members: [10, 120], participation: [0.3, 0.9], spreadS: [60, 1800], pushesPerDay: [1, 8], camouflage: [0, 0.5], zh: 0.5 },
  botfarm: { members: [5, 40], participation: [0.7, 1], spreadS: [0, 0], pushesPerDay: [6, 48], camouflage: [0, 0.3], stepS: [1, 60] },
};

/** Stealthy: low participation, long windows, heavy cover. */
const STEALTHY: Partial<KindRanges> = { participation: [0.2, 0.45], spreadS: [300, 1800], camouflage: [0.5, 0.9] };

/**
 * A campaign must be there to be found: every member is expected to join at least this many
 * pushes, and each push to have at least 3 members. Below that there is no coordination to detect.
 */
const MIN_JOINS = 4;

interface FamilyPlan {
  campaigns: { kind: CampaignKind; count: Range; over?: Partial<KindRanges> }[];
  /** Look-alike budgets as fractions of the events (0 = none). */
  news: Range;
  fans: Range;
  communities: Range;
  zhShare: Range;
  quoteP: Range;
  cjk?: boolean;
}

const FAMILIES: Record<BenchScenario, FamilyPlan> = {
  mixed: {
    campaigns: [
      { kind: 'amplification', count: [1, 3] }, { kind: 'slow', count: [1, 2] }, { kind: 'cell', count: [1, 4] },
      { kind: 'camouflage', count: [1, 2] }, { kind: 'brigade', count: [1, 2] }, { kind: 'report_brigade', count: [1, 2] },
      { kind: 'copypasta', count: [1, 1], over: { zh: 0 } }, { kind: 'copypasta', count: [1, 1], over: { zh: 1 } }, { kind: 'botfarm', count: [1, 2] },
    ],
    news: [0.04, 0.15], fans: [0.03, 0.12], communities: [0.02, 0.08], zhShare: [0.05, 0.25], quoteP: [0, 0.05],
  },
  organic: { campaigns: [], news: [0.06, 0.18], fans: [0.05, 0.15], communities: [0.03, 0.1], zhShare: [0.05, 0.25], quoteP: [0, 0.05] },
  cjk: {
    campaigns: [
      { kind: 'copypasta', count: [1, 3], over: { zh: 1 } }, { kind: 'copypasta', count: [0, 1], over: { zh: 0 } },
      { kind: 'amplification', count: [1, 2], over: { zh: 1 } }, { kind: 'brigade', count: [1, 1], over: { zh: 1 } },
    ],
    news: [0.04, 0.12], fans: [0.03, 0.1], communities: [0.02, 0.06], zhShare: [0.5, 0.75], quoteP: [0.05, 0.25], cjk: true,
  },
  stealthy: {
    campaigns: [
      { kind: 'slow', count: [1, 3], over: STEALTHY }, { kind: 'cell', count: [2, 5], over: STEALTHY }, { kind: 'camouflage', count: [1, 3], over: STEALTHY },
    ],
    news: [0.04, 0.15], fans: [0.03, 0.12], communities: [0.02, 0.08], zhShare: [0.05, 0.25], quoteP: [0, 0.05],
  },
  basic: { campaigns: [{ kind: 'amplification', count: [2, 4], over: { camouflage: [0, 0.2] } }], news: [0, 0], fans: [0, 0], communities: [0, 0], zhShare: [0.05, 0.25], quoteP: [0, 0] },
};

const hash = (s: string): number => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
/** A per-group probability range: a centre drawn from `centres`, ±0.15 around it. */
const rateRange = (r: Rng, centres: Range): Range => {
  const c = inRange(r, centres);
  return [clamp(c - 0.15, 0, 1), clamp(c + 0.15, 0, 1)];
};

function newsPlan(r: Rng, budget: number, accounts: number, days: number, quoteP: Range): NewsPlan[] {
  if (budget <= 0) return [];
  const k = int(r, 1, 3);
  const out: NewsPlan[] = [];
  for (let i = 0; i < k; i++) {
    const b = budget / k;
    const junkieFrac = inRange(r, [0.02, 0.3]), junkieP = inRange(r, [0.5, 0.95]), casualP = inRange(r, [0.05, 0.4]);
    const likeP = inRange(r, [0.1, 0.6]), q = inRange(r, quoteP);
    const perShare = 1 + likeP + q + 0.05;
    const meanP = junkieFrac * junkieP + (1 - junkieFrac) * casualP;
    // 10 to 100,000, but never more than the budget buys one story of, nor most of the population.
    const cap = Math.max(10, Math.min(100_000, (0.3 * accounts) / k, b / (meanP * perShare)));
    const crowd = intLogInRange(r, [10, Math.max(10, cap)]);
    const stories = clamp(Math.round(b / (crowd * meanP * perShare)), 1, 12 * days);
    out.push({ crowd, stories, junkieFrac, junkieP, casualP, delayMedianS: logInRange(r, [90, 1800]), delaySigma: inRange(r, [0.6, 1.5]), likeP, quoteP: q });
  }
  return out;
}

function fanPlan(r: Rng, budget: number, accounts: number, days: number): FanPlan[] {
  const out: FanPlan[] = [];
  let left = budget, seats = 0.2 * accounts;
  // Look-alikes share the population with the organic background: each kind gets at most a slice.
  while (left > 0 && seats > 0 && out.length < 300) {
    const likeP = rateRange(r, [0.3, 0.85]), replyP = rateRange(r, [0.05, 0.5]), shareP = rateRange(r, [0.02, 0.25]);
    const perFanPost = (likeP[0] + likeP[1] + replyP[0] + replyP[1] + shareP[0] + shareP[1]) / 2 + 0.03;
    let fans = intLogInRange(r, [10, Math.max(10, Math.min(1000, accounts / 10))]);
    seats -= fans;
    let postsPerDay = int(r, 1, 8);
    const cost = () => fans * perFanPost * postsPerDay * days;
    // The last creator gets what the budget still buys.
    while (cost() > left && postsPerDay > 1) postsPerDay--;
    if (cost() > left) fans = Math.max(10, Math.floor(left / (perFanPost * days)));
    left -= cost();
    out.push({ fans, postsPerDay, likeP, replyP, shareP, delayMedianS: logInRange(r, [120, 2400]), delaySigma: inRange(r, [0.5, 1.5]) });
  }
  return out;
}

function communityPlan(r: Rng, budget: number, accounts: number, days: number): CommunityPlan[] {
  const out: CommunityPlan[] = [];
  let left = budget, seats = 0.15 * accounts;
  while (left > 0 && seats > 0 && out.length < 500) {
    const shareP = inRange(r, [0.15, 0.7]);
    const size = intLogInRange(r, [8, 300]);
    seats -= size;
    let itemsPerDay = int(r, 1, 10);
    while (size * shareP * 1.5 * itemsPerDay * days > left && itemsPerDay > 1) itemsPerDay--;
    left -= size * shareP * 1.5 * itemsPerDay * days;
    out.push({ size, itemsPerDay, shareP, delayMedianS: logInRange(r, [600, 10_800]), delaySigma: inRange(r, [0.6, 1.4]) });
  }
  return out;
}

/** One campaign with every value drawn, as point ranges for campaigns.ts. */
function campaignSpec(r: Rng, kind: CampaignKind, ranges: KindRanges, days: number): CampaignSpec {
  const participation = inRange(r, ranges.participation);
  const members = Math.max(intLogInRange(r, ranges.members), Math.ceil(3 / participation));
  const spreadS = ranges.spreadS[1] > 0 ? logInRange(r, ranges.spreadS) : 0;
  // Bot farms act in every daily slot; the others spread their pushes over the days.
  const minPerDay = kind === 'botfarm' ? 1 : MIN_JOINS / participation / days;
  const pushesPerDay = Math.max(logInRange(r, ranges.pushesPerDay), minPerDay);
  const camouflage = inRange(r, ranges.camouflage);
  const point = (x: number): Range => [x, x];
  const spec: CampaignSpec = {
    kind, members: point(members), participation: point(participation), spreadS: point(spreadS),
    pushesPerDay: point(pushesPerDay), camouflage: point(camouflage),
  };
  if (ranges.zh !== undefined) spec.zh = ranges.zh;
  if (ranges.stepS) spec.stepS = point(logInRange(r, ranges.stepS));
  return spec;
}

export interface RandomisedOptions {
  /** Target number of accounts that act (about; the organic population fills up to it). */
  accounts: number;
  days?: number;
}

/** The randomised config of one family for one seed. A pure function of (name, seed, options). */
export function randomisedConfig(name: BenchScenario, seed: number, opts: RandomisedOptions): ScenarioConfig {
  const fam = FAMILIES[name];
  const r = createRng(seed, hash(`domain:${name}`));
  const large = opts.accounts >= 30_000;
  const days = opts.days ?? (name === 'basic' ? int(r, 1, 2) : large ? int(r, 3, 7) : int(r, 1, 3));
  const eventsPerAccount = inRange(r, [6, 14]);
  const events = Math.round(opts.accounts * eventsPerAccount);
  const zhShare = inRange(r, fam.zhShare);
  const fractions = { news: inRange(r, fam.news), fans: inRange(r, fam.fans), communities: inRange(r, fam.communities) };

  const news = newsPlan(r, fractions.news * events, opts.accounts, days, fam.quoteP);
  const fans = fanPlan(r, fractions.fans * events, opts.accounts, days);
  const comms = communityPlan(r, fractions.communities * events, opts.accounts, days);

  // More campaigns in bigger worlds, so a large world is not one campaign drowned in noise.
  const scale = Math.max(1, Math.round(events / 250_000));
  const campaigns: ScenarioConfig['campaigns'] = [];
  for (const c of fam.campaigns) {
    const count = int(r, c.count[0], c.count[1]) * scale;
    for (let i = 0; i < count; i++) campaigns.push({ spec: campaignSpec(r, c.kind, { ...RANDOM_CAMPAIGNS[c.kind], ...c.over }, days), count: 1 });
  }

  const scripted =
    news.reduce((s, p) => s + p.crowd + 4.5, 0) +
    fans.reduce((s, p) => s + 0.9 * p.fans + 1, 0) +
    comms.reduce((s, p) => s + p.size, 0) +
    campaigns.reduce((s, c) => s + c.spec.members[0], 0);
  // A few percent of organic accounts draw no event at all; the rest fill up to the target.
  const organic = Math.max(200, (opts.accounts - scripted) / 0.96);

  const none = [0, 0] as const;
  return {
    name, events, days, start: Date.UTC(2024, 2, 4) + int(r, 0, 364) * 86_400_000,
    zhShare, tz: fam.cjk ? TZ_CJK : TZ_WESTERN,
    accountsPerEvent: organic / events,
    postFrac: inRange(r, [0.05, 0.12]),
    reportsPer100k: inRange(r, [2, 12]),
    news: { budget: news.length ? 1 : 0, storiesPerDay: none, junkieFrac: none, junkieP: none, casualP: none, delayMedianS: none, delaySigma: none, likeP: 0, quoteP: none, plan: news },
    fans: { budget: fans.length ? 1 : 0, fans: none, postsPerDay: none, likeP: none, replyP: none, shareP: none, delayMedianS: none, delaySigma: none, plan: fans },
    communities: { budget: comms.length ? 1 : 0, size: none, itemsPerDay: none, shareP: none, delayMedianS: none, plan: comms },
    campaigns,
    randomised: { accounts: opts.accounts, eventsPerAccount, budgets: fractions, seed },
  };
}
