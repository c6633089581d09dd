import type { Rng } from './prng.js';
import { campaign } from './campaigns.js';
import { communities, fanCommunities, newsCrowds } from './lookalikes.js';
import { organicFill, organicPosts, organicReports } from './organic.js';
import { BENCH_SCENARIOS, randomisedConfig, SIZES, type BenchScenario } from './domains.js';
import { scenarioConfig, type ScenarioConfig, type ScenarioName } from './scenarios.js';
import type { CampaignKind, GroupTruth, LookalikeKind, Truth } from './types.js';
import { addAccount, createWorld, drawActivity, indexPopularity, streamFor, type World } from './world.js';

export interface GenerateOptions {
  scenario: ScenarioName;
  seed: number;
  /** Approximate number of events (default per scenario, ~200k). */
  events?: number;
  days?: number;
  /**
   * Domain-randomised benchmark world (domains.ts): every group's parameters drawn per seed from
   * wide ranges, sized to `accounts` acting accounts. Default: the fixed preset (scenarios.ts).
   */
  randomised?: boolean;
  /** Target accounts of a randomised world (default SIZES.small). */
  accounts?: number;
  /** Adjusts the resolved config before generation (parameterise any size or range). */
  tweak?: (cfg: ScenarioConfig) => ScenarioConfig;
}

export interface Generated {
  world: World;
  truth: Truth;
}

/**
 * One scenario, fully in memory (columnar): organic population and posts, look-alikes,
 * campaigns, then the organic background fills the event budget. Pure function of the options.
 */
export function generate(opts: GenerateOptions): Generated {
  let cfg = opts.randomised ? randomisedFamily(opts) : scenarioConfig(opts.scenario, opts.events, opts.days);
  if (opts.tweak) cfg = opts.tweak(cfg);
  const w = createWorld(opts.seed, cfg.start, cfg.days, cfg.zhShare, cfg.tz);
  if (cfg.shapes) w.shapes = true;
  const r: Rng = streamFor(w, 'population');

  const organicAccounts = Math.max(50, Math.round(cfg.events * cfg.accountsPerEvent));
  for (let i = 0; i < organicAccounts; i++) addAccount(w, r, 'organic', drawActivity(r));
  organicPosts(w, streamFor(w, 'posts'), Math.round(cfg.events * cfg.postFrac));
  indexPopularity(w, streamFor(w, 'popularity'));

  const lookalikes: GroupTruth<LookalikeKind>[] = [];
  newsCrowds(w, streamFor(w, 'news'), cfg.news, lookalikes);
  fanCommunities(w, streamFor(w, 'fans'), cfg.fans, lookalikes);
  communities(w, streamFor(w, 'communities'), cfg.communities, lookalikes);

  const campaigns: GroupTruth<CampaignKind>[] = [];
  const covers: (() => void)[] = [];
  let k = 0;
  for (const { spec, count } of cfg.campaigns) {
    for (let i = 0; i < count; i++, k++) {
      const id = `c${String(k + 1).padStart(2, '0')}-${spec.kind}`;
      const out = campaign(w, streamFor(w, `campaign:${k}`), id, spec);
      campaigns.push(out.truth);
      covers.push(out.cover);
    }
  }
  // Cover activity comes last so it reacts to the same organic posts as everyone else.
  for (const cover of covers) cover();
  organicReports(w, streamFor(w, 'reports'), Math.round((cfg.events / 100_000) * cfg.reportsPer100k));
  organicFill(w, streamFor(w, 'background'), cfg.events);

  return { world: w, truth: buildTruth(w, cfg, opts.seed, campaigns, lookalikes) };
}

function randomisedFamily(opts: GenerateOptions): ScenarioConfig {
  if (!(BENCH_SCENARIOS as readonly string[]).includes(opts.scenario)) throw new Error(`no randomised family "${opts.scenario}" (known: ${BENCH_SCENARIOS.join(', ')})`);
  return randomisedConfig(opts.scenario as BenchScenario, opts.seed, { accounts: opts.accounts ?? SIZES.small, days: opts.days });
}

/** Truth restricted to accounts that actually act in the generated span. */
function buildTruth(w: World, cfg: ScenarioConfig, seed: number, campaigns: GroupTruth<CampaignKind>[], lookalikes: GroupTruth<LookalikeKind>[]): Truth {
  const s = w.store;
  const acted = new Uint8Array(s.accounts.length);
  for (let i = 0; i < s.size; i++) acted[s.account[i]] = 1;
  const live = new Set(s.accounts.filter((a) => acted[a.idx]).map((a) => a.name));
  const roles: Truth['roles'] = {};
  for (const a of s.accounts) if (acted[a.idx]) roles[a.name] = a.role;
  const keep = <T extends { members: string[] }>(g: T): T => ({ ...g, members: g.members.filter((m) => live.has(m)) });
  const { news, fans, communities, campaigns: specs, tz, ...rest } = cfg;
  return {
    scenario: cfg.name,
    seed,
    params: { ...rest, tz, news, fans, communities, campaigns: specs.map((x) => ({ ...x.spec, count: x.count })) },
    start: new Date(w.start).toISOString(),
    end: new Date(s.end).toISOString(),
    events: s.size,
    campaigns: campaigns.map(keep),
    lookalikes: lookalikes.map(keep),
    roles,
  };
}
