import type { Range } from './prng.js';
import { CAMPAIGN_DEFAULTS, type CampaignSpec } from './campaigns.js';
import type { CommunityConfig, FanConfig, NewsConfig } from './lookalikes.js';
import type { CampaignKind } from './types.js';
import { TZ_CJK, TZ_WESTERN, type TzMix } from './time.js';

/**
 * Named presets. Budgets are fractions of the requested event count; the organic background
 * fills whatever the scripted components leave. Campaign counts grow with the event count so a
 * million-event run is not one campaign drowned in noise.
 */

export interface ScenarioConfig {
  name: string;
  events: number;
  days: number;
  /** UTC midnight where the generated span starts (epoch ms). */
  start: number;
  zhShare: number;
  tz: TzMix;
  /** Organic accounts per event (sets the population size). */
  accountsPerEvent: number;
  /** Organic original posts as a fraction of events. */
  postFrac: number;
  /** Organic reports per 100k events. */
  reportsPer100k: number;
  news: NewsConfig;
  fans: FanConfig;
  communities: CommunityConfig;
  campaigns: { spec: CampaignSpec; count: number }[];
  /** The shapes probe (prng.ts, DELAY_SHAPES and PUSH_SHAPES): delays and pushes of other shapes, same widths. */
  shapes?: boolean;
  /** Randomised benchmark worlds (domains.ts): the target size and the per-seed draws behind the plan. */
  randomised?: { accounts: number; eventsPerAccount: number; budgets: Record<string, number>; seed: number };
}

export const SCENARIOS = ['mixed', 'organic', 'cjk', 'stealthy', 'basic', 'sample'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

const news = (budget: number, quoteP: Range = [0, 0.03]): NewsConfig => ({
  budget, storiesPerDay: [3, 6], junkieFrac: [0.1, 0.2], junkieP: [0.8, 0.95], casualP: [0.15, 0.35],
  delayMedianS: [120, 300], delaySigma: [0.7, 1.0], likeP: 0.4, quoteP,
});
const fans = (budget: number): FanConfig => ({
  budget, fans: [100, 300], postsPerDay: [2, 5], likeP: [0.5, 0.95], replyP: [0.2, 0.7], shareP: [0.05, 0.25],
  delayMedianS: [240, 1200], delaySigma: [0.6, 1.0],
});
const communities = (budget: number): CommunityConfig => ({ budget, size: [20, 80], itemsPerDay: [3, 8], shareP: [0.3, 0.6], delayMedianS: [1800, 5400] });

const c = (kind: CampaignKind, count: number, over: Partial<CampaignSpec> = {}) => ({ spec: { ...CAMPAIGN_DEFAULTS[kind], ...over }, count });

export function scenarioConfig(name: ScenarioName, events?: number, days?: number): ScenarioConfig {
  const n = events ?? (name === 'sample' ? 150_000 : 200_000);
  const d = days ?? (name === 'sample' || name === 'basic' ? 1 : Math.min(7, Math.max(2, Math.round(n / 100_000))));
  const base = {
    name, events: n, days: d, start: Date.UTC(2024, 2, 4), zhShare: 0.15, tz: TZ_WESTERN,
    accountsPerEvent: 1 / 16, postFrac: 0.09, reportsPer100k: 6,
  };
  const scale = (k: number) => Math.max(k > 0 ? 1 : 0, Math.round(k * Math.max(1, n / 250_000)));
  const everything = [
    c('amplification', scale(2)), c('slow', scale(1)), c('cell', scale(3)), c('camouflage', scale(1)),
    c('brigade', scale(1)), c('report_brigade', scale(1)), c('copypasta', scale(1), { zh: 0 }), c('copypasta', scale(1), { zh: 1 }),
    c('botfarm', scale(1)),
  ];
  switch (name) {
    case 'mixed':
    case 'sample':
      return { ...base, news: news(0.1 * n), fans: fans(0.07 * n), communities: communities(0.05 * n), campaigns: everything };
    case 'organic':
      return { ...base, news: news(0.12 * n), fans: fans(0.09 * n), communities: communities(0.06 * n), campaigns: [] };
    case 'cjk':
      return {
        ...base, zhShare: 0.6, tz: TZ_CJK,
        news: news(0.08 * n, [0.08, 0.2]), fans: fans(0.06 * n), communities: communities(0.04 * n),
        campaigns: [c('copypasta', scale(2), { zh: 1 }), c('copypasta', scale(1), { zh: 0 }), c('amplification', scale(1), { zh: 1 }), c('brigade', scale(1), { zh: 1 })],
      };
    case 'stealthy': {
      const sly = { participation: [0.25, 0.4] as Range, spreadS: [600, 900] as Range, camouflage: [0.6, 0.9] as Range };
      return {
        ...base, news: news(0.1 * n), fans: fans(0.07 * n), communities: communities(0.05 * n),
        campaigns: [c('slow', scale(2), sly), c('cell', scale(4), { ...sly, participation: [0.3, 0.5] }), c('camouflage', scale(2), sly)],
      };
    }
    case 'basic':
      return { ...base, news: news(0), fans: fans(0), communities: communities(0), campaigns: [c('amplification', scale(3), { camouflage: [0, 0.2] })] };
  }
}
