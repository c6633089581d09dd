import { aliasTable, createRng, DELAY_SHAPES, pareto, pick, PUSH_SHAPES, zipfWeights, shuffle, type Alias, type DelayShape, type PushShape, type Rng } from './prng.js';
import { EventStore, type Account } from './store.js';
import type { Role } from './types.js';
import { tzSampler, type TzMix } from './time.js';

/**
 * The shared state every generator component reads: the event store, the accounts with their
 * organic activity levels, and the popularity of organic posts (built once posts exist).
 */
export interface World {
  readonly seed: number;
  readonly store: EventStore;
  readonly start: number;
  readonly days: number;
  readonly zhShare: number;
  readonly drawTz: (r: Rng) => number;
  /** Organic activity weight per account index (0 = never acts organically). */
  readonly activity: number[];
  /** Event indices of posts others react to, and their popularity. */
  posts: number[];
  postPop?: Alias;
  /** Per-post reaction-delay median (ms): viral posts spread over hours, niche ones faster. */
  postDelay: Float64Array;
  /** Mention/follow targets: Zipf over organic accounts. */
  celeb?: { accounts: number[]; alias: Alias };
  /** The shapes probe: each group draws the shape of its delays (look-alikes) or pushes (campaigns). */
  shapes?: boolean;
}

export function createWorld(seed: number, start: number, days: number, zhShare: number, tz: TzMix): World {
  return {
    seed,
    store: new EventStore(start, start + days * 86_400_000),
    start,
    days,
    zhShare,
    drawTz: tzSampler(tz),
    activity: [],
    posts: [],
    postDelay: new Float64Array(0),
  };
}

/** Independent stream per component, so adding one component does not reshuffle the others. */
export const streamFor = (w: World, name: string): Rng => {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return createRng(w.seed, h >>> 0);
};

/** A look-alike group's delay shape: log-normal, or under the shapes probe one drawn from its own
 *  stream (so drawing it moves no other draw of the world). */
export const delayShapeOf = (w: World, group: string): DelayShape => (w.shapes ? pick(streamFor(w, `shape:${group}`), DELAY_SHAPES) : 'lognormal');

/** A campaign's push shape: uniform over its spread, or under the shapes probe one drawn as above. */
export const pushShapeOf = (w: World, group: string): PushShape => (w.shapes ? pick(streamFor(w, `shape:${group}`), PUSH_SHAPES) : 'uniform');

/** Long-tailed organic activity level: most accounts act a little, a few act all day. */
export const drawActivity = (r: Rng): number => Math.min(pareto(r, 1, 1.4), 150);

export function addAccount(w: World, r: Rng, role: Role, activity: number, tz?: number, zh?: boolean): Account {
  const a = w.store.addAccount(r, role, tz ?? w.drawTz(r), zh ?? r() < w.zhShare);
  w.activity[a.idx] = activity;
  return a;
}

/** Freezes post popularity (Zipf over a random ranking) and the celebrity ranking of accounts. */
export function indexPopularity(w: World, r: Rng): void {
  const n = w.posts.length;
  const zw = zipfWeights(n, 0.85);
  const rank = shuffle(r, Array.from({ length: n }, (_, i) => i));
  const weights = new Float64Array(n);
  w.postDelay = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    weights[i] = zw[rank[i]];
    // Popular posts keep being reshared for hours; small ones get their reactions sooner.
    w.postDelay[i] = (rank[i] < 200 ? 2400_000 : 900_000) * Math.exp(0.6 * (r() - 0.5));
  }
  w.postPop = aliasTable(weights);
  const organic = w.store.accounts.filter((a) => a.role !== 'campaign').map((a) => a.idx);
  shuffle(r, organic);
  w.celeb = { accounts: organic, alias: aliasTable(zipfWeights(organic.length, 1.0)) };
}
