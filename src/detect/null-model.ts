import type { EventTable } from '../ingest/table.js';
import type { TargetGroups } from '../graph/groups.js';
import { coreSpan, coreWindow, inverseNormal, meanSd, pairsWithin } from './stats.js';
import { drawIndices, expNormals, quantise, sortIndices } from './draws.js';
import { modelCrowds, placeAmong, type ModelCrowd } from './model-crowds.js';
import { asciiSpecificLength } from './specific-length.js';
import { withoutQuotations } from '../graph/quotations.js';

/**
 * What "by chance" means for one burst: the members' actions on one (target, action) episode.
 *
 * One rule for every input. A burst is read against up to three nulls, each of which needs nothing
 * the export may lack, and the verdict is the strongest of them:
 *
 * - **contrast** (a local permutation): the members' times are as if drawn from all reactions to the
 *   same episode around them (±max(2 × the burst's length, 30 min)). It keeps the target's own
 *   reaction curve — a breaking story shared by thousands within minutes stays ordinary — and it
 *   needs neither the stimulus nor fine targets: a crowd reacting to one of a popular account's
 *   posts is compared with the others reacting to that post, not with the account's whole day.
 *   Where the members are all of the reaction (a fan base, a campaign's own post), it gives no
 *   contrast, and says nothing.
 * - **floor**: tighter than the fastest organic crowd there is: reactions to one stimulus with a
 *   median delay of 2 min and a log-sd of 0.5, placed wherever suits the members best (80% of it
 *   within 146 s). Real crowds are slower and wider (Twitter15/16, 2,125 cascades of ≥ 20
 *   retweets: 99% have a median delay over 4 min, 95% a log-sd over 0.7; the narrowest window
 *   holding 80% of a cascade is 184 s or more in all but two, bot swarms of 102 and 210 retweets
 *   inside 1 s and 25 s; the fastest large crowd, 388 retweets at a median of 135 s, needs 198 s),
 *   so only automation-grade synchrony passes, at any scale of data and whatever the export left
 *   out. (A 1-min median, 80% within 73 s, was 2.5× tighter than any real crowd: a 100-s push of 33
 *   accounts on minute timestamps tied with it.)
 * - **stimulus**: where the post the members react to is known (the target is a post in the data,
 *   or an account whose latest post precedes the burst), their delays are compared with log-normal
 *   delays of the same median and the tightest organic log-sd (0.5): a devoted fan base answering in
 *   2 minutes is as ordinary as one answering in 2 hours; a push 20 minutes after a post, all
 *   within 3 minutes, is not.
 *
 * All three draw times at the data's resolution (timestamps to the minute make a one-minute burst
 * look instantaneous; the nulls' draws are floored the same way).
 *
 * Against the contrast and stimulus nulls a burst must also be tighter than a fast real crowd
 * reacting to a trigger the data does not show (a re-share, a link in a group chat): median delay
 * 4 min and log-sd 0.7 (the fastest 1% of Twitter15/16's cascades by median, the tightest 5% by
 * log-sd), placed wherever suits the members. Both nulls read the members as reacting to what the
 * data shows; a community passing an old post around within a quarter of an hour is tight against
 * the post's age and the stragglers around it, but not against a trigger of its own.
 */

export interface NullModelOptions {
  /** Floor null: median reaction delay (ms) and log-sd of the fastest organic crowd. */
  floorMedian: number;
  floorSigma: number;
  /** Log-sd of organic delays after a known stimulus (the tightest organic spread). */
  stimulusSigma: number;
  /** Unseen trigger: median delay (ms) and log-sd of a fast real crowd (the fastest 1% of
   *  Twitter15/16's cascades by median, the tightest 5% by log-sd), placed wherever suits the
   *  members. Against the contrast and stimulus nulls a burst must be tighter than this too. */
  triggerMedian: number;
  triggerSigma: number;
  /** Contrast neighbourhood: ± max(neighbourFactor × burst length, neighbourMin ms). */
  neighbourFactor: number;
  neighbourMin: number;
  /** How far back an account's latest post still counts as what a mention or share reacts to (ms). */
  stimulusHorizon: number;
}

export const NULL_MODEL_DEFAULTS: NullModelOptions = {
  floorMedian: 120_000,
  floorSigma: 0.5,
  stimulusSigma: 0.5,
  triggerMedian: 240_000,
  triggerSigma: 0.7,
  neighbourFactor: 2,
  neighbourMin: 30 * 60_000,
  stimulusHorizon: 24 * 3_600_000,
};

/** The columns scoring reads once the context is built (a scoring worker gets only these). */
export type ScoringTable = Pick<EventTable, 'size' | 'ts' | 'account' | 'accountNames'>;

export interface NullContext {
  table: ScoringTable;
  groups: TargetGroups;
  /** CSR: groups each account acted in, and the event behind each membership. */
  accOffset: Int32Array;
  accGroups: Int32Array;
  accEvents: Int32Array;
  /** Time and account of each group member in group order (ts[order[k]], account[order[k]]): the
   *  timing test reads a burst's neighbourhood in sequence, not by hops through the event columns
   *  (cache misses that were a third of the test at 10 M events). */
  groupTs: Float64Array;
  groupAccount: Int32Array;
  /** Evidence weight of one co-action of each kind (rare actions weigh more). */
  weights: Map<string, number>;
  /** Per group: time of the post it reacts to when that post is linked (else NaN). */
  stimulus: Float64Array;
  /** Per group: the account whose posts may be what it reacts to (account targets), else −1. */
  stimulusAccount: Int32Array;
  /** Sorted post times per account that posted. */
  postTimes: Pick<Map<number, Float64Array>, 'get'>;
  /** The data's time resolution (ms): 60 000 when every time is on the minute, 1 000 on the second, else 1. */
  resolution: number;
  /** The copying null (see cluster-test.ts): each account's texts in specific words of its own
   *  (`families`, in a family or not) and their total; each text family's authors, and whether it
   *  is specific (long enough). */
  copying: { families: Int32Array; total: number; authors: Int32Array; specific: Uint8Array; sources: Uint8Array };
  options: NullModelOptions;
}

export type NullTest = 'contrast' | 'floor' | 'stimulus';

export interface BurstVerdict {
  /** The null that found the burst least ordinary. */
  test: NullTest;
  /** Standardised tightness under that null (capped by burst size; ≥ 2 is notable). */
  z: number;
  /** Null draws at least as tight as the burst, and draws made. */
  asTight: number;
  draws: number;
  /** Burst width (s) the null expects for this many actions, and observed / expected. */
  nullSpan: number;
  ratio: number;
  /** Member pairs within the base window the null expects. */
  nullPairs: number;
  /** Non-members in the contrast neighbourhood. */
  others: number;
  /** Non-members inside the members' central 80%. */
  crowd?: number;
  /** Whether any null could tell: the contrast or stimulus null applied, or the floor found it tight. */
  informative: boolean;
}

/**
 * The day-wide figures the context reads from the whole table, given instead when the table is an
 * extract of the day (--engine spark's second phase, src/engine/spark-extract.ts): the data's time
 * resolution, and the copying null's pool (each account's texts in specific words of its own,
 * indexed like the table's accounts, and their total over the day).
 */
export interface DayFigures {
  resolution: number;
  /** `sources`: the accounts that started two or more near-duplicate families and most of those they are in, over the day (1: textSources). */
  texts: { families: Int32Array; total: number; sources: Uint8Array };
}

export function buildNullContext(
  table: EventTable,
  groups: TargetGroups,
  weights: Map<string, number>,
  options: Partial<NullModelOptions> = {},
  /** specificLength of each event's text where already measured (else -1): the text stage's workers measure them. */
  lengths?: Int32Array,
  day?: DayFigures,
): NullContext {
  const nAcc = table.accountNames.length;
  const { offset, order } = groups;
  // The account index in shared memory: scoring threads read it in place (score-context.ts).
  const accOffset = new Int32Array(new SharedArrayBuffer((nAcc + 1) * 4));
  for (let k = 0; k < order.length; k++) accOffset[table.account[order[k]] + 1]++;
  for (let v = 0; v < nAcc; v++) accOffset[v + 1] += accOffset[v];
  const fill = accOffset.slice(0, nAcc);
  const accGroups = new Int32Array(new SharedArrayBuffer(order.length * 4));
  const accEvents = new Int32Array(new SharedArrayBuffer(order.length * 4));
  for (let g = 0; g < groups.size; g++)
    for (let k = offset[g]; k < offset[g + 1]; k++) {
      const at = fill[table.account[order[k]]]++;
      accGroups[at] = g;
      accEvents[at] = order[k];
    }
  const groupTs = new Float64Array(new SharedArrayBuffer(order.length * 8));
  const groupAccount = new Int32Array(new SharedArrayBuffer(order.length * 4));
  for (let k = 0; k < order.length; k++) {
    groupTs[k] = table.ts[order[k]];
    groupAccount[k] = table.account[order[k]];
  }
  return { table, groups, accOffset, accGroups, accEvents, groupTs, groupAccount, weights, ...stimuli(table, groups), resolution: day?.resolution ?? timeResolution(table.ts, table.size), copying: copyingProfile(table, groups, lengths, day?.texts), options: { ...NULL_MODEL_DEFAULTS, ...options } };
}

/**
 * Who writes near-duplicate text, and how big the families are. Only specific texts count: short
 * stock phrases ("so true", "thanks for sharing", 确实) are near-duplicates of each other by nature,
 * and independent people repeat them together every day. Posts and answers alike: a brigade's
 * templated insults are replies and mentions. What exposure to one post does (a crowd answering it
 * in its words) is a different sliver of people on each post, which the ring rule of the copying
 * test (cluster-test.ts) sets apart from a ring writing the same words again and again.
 */
function copyingProfile(table: EventTable, groups: TargetGroups, measured?: Int32Array, pool?: DayFigures['texts']): NullContext['copying'] {
  const lengthOf = (i: number) => (measured && measured[i] >= 0 ? measured[i] : specificLength(table.text[i] ?? ''));
  if (pool && (pool.families.length !== table.accountNames.length || pool.sources.length !== table.accountNames.length)) throw new Error(`copying pool for ${pool.families.length} accounts and sources for ${pool.sources.length}, table of ${table.accountNames.length}`);
  const families = pool?.families ?? new Int32Array(table.accountNames.length);
  const specific = new Uint8Array(groups.size);
  const authors = new Int32Array(groups.size);
  for (let g = 0; g < groups.size; g++) {
    if (groups.action[g] !== 'text') continue;
    const lengths: number[] = [];
    for (let k = groups.offset[g]; k < Math.min(groups.offset[g + 1], groups.offset[g] + 7); k++) lengths.push(lengthOf(groups.order[k]));
    lengths.sort((a, b) => a - b);
    if (lengths[lengths.length >> 1] < SPECIFIC_LENGTH) continue;
    specific[g] = 1;
    const seen = new Set<number>();
    for (let k = groups.offset[g]; k < groups.offset[g + 1]; k++) seen.add(table.account[groups.order[k]]);
    authors[g] = seen.size;
  }
  // An extract of the day holds only some of an account's families: the job counts them day-wide.
  const sources = pool?.sources ?? textSources(table, groups);
  // Everyone's texts in words of their own, in a family or not: the pool a family's authors come from.
  if (pool) return { families, total: pool.total, authors, specific, sources };
  let total = 0;
  for (let i = 0; i < table.size; i++) {
    const text = table.text[i];
    if (text === undefined || text.length < SPECIFIC_LENGTH / 2 || lengthOf(i) < SPECIFIC_LENGTH) continue;
    families[table.account[i]]++;
    total++;
  }
  return { families, total, authors, specific, sources };
}

/**
 * Accounts that started two or more near-duplicate families, and most of the families they are in
 * (1), over the day: a source, whose words others repeat (an outlet whose headlines readers paste
 * with a comment of their own). Not every one: an outlet's headline can land in a family of an
 * earlier, similar story ("court issues urgent warning" after "premier issues urgent warning"). A
 * ring member mostly joins waves someone else started (one in n for a ring of n); a passer-by who
 * happened to write a stock phrase first, once, is no source.
 */
export function textSources(table: EventTable, groups: TargetGroups): Uint8Array {
  const n = table.accountNames.length;
  const started = new Int32Array(n);
  const joined = new Int32Array(n);
  const last = new Int32Array(n).fill(-1);
  for (let g = 0; g < groups.size; g++) {
    if (groups.action[g] !== 'text' || groups.offset[g + 1] - groups.offset[g] < 2) continue;
    started[table.account[groups.order[groups.offset[g]]]]++;
    for (let k = groups.offset[g]; k < groups.offset[g + 1]; k++) {
      const a = table.account[groups.order[k]];
      if (last[a] === g) continue;
      last[a] = g;
      joined[a]++;
    }
  }
  const out = new Uint8Array(n);
  for (let a = 0; a < n; a++) if (started[a] >= MIN_SOURCE_FAMILIES && 2 * started[a] > joined[a]) out[a] = 1;
  return out;
}

/** Families an account must have started to be a source (textSources). */
const MIN_SOURCE_FAMILIES = 2;

/** Characters of real wording a text must have for copying to count (a CJK character counts three). */
const SPECIFIC_LENGTH = 24;

/**
 * Length of a text's own wording: without @handles, links, quotations (quotations.ts), emoji and
 * punctuation. A CJK character counts as three Latin ones: that is how much longer the same content
 * runs in English (1,000 Chinese characters translate to roughly 600–700 English words, ≈ 3,500
 * characters); counted double, a Chinese insult template of ten characters never reached the bar its English twin does.
 */
export function specificLength(quoting: string): number {
  const text = withoutQuotations(quoting);
  const ascii = asciiSpecificLength(text); // the same count in one pass (specific-length.ts)
  if (ascii !== undefined) return ascii;
  const plain = text.replace(/@\S+|https?:\/\/\S+/g, ' ').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  let n = 0;
  for (const ch of plain) n += /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/u.test(ch) ? 3 : 1;
  return n;
}

/** The coarsest of minute, second and millisecond on which every time falls. */
export function timeResolution(ts: ArrayLike<number>, n = ts.length): number {
  let minute = true;
  let second = true;
  for (let i = 0; i < n && second; i++) {
    const t = ts[i];
    if (t % 1000 !== 0) second = minute = false;
    else if (minute && t % 60_000 !== 0) minute = false;
  }
  return minute && n > 0 ? 60_000 : second && n > 0 ? 1000 : 1;
}

/**
 * The post each group reacts to, where the data links it: a target equal to a post event's id; for
 * a near-duplicate text family, the post most of its texts reply to. For an account target ("@name"
 * or "name": mentions, follows, reports, or shares in exports that name the author, not the post),
 * the account, whose latest post before each burst is looked up per burst.
 */
function stimuli(table: EventTable, groups: TargetGroups): Pick<NullContext, 'stimulus' | 'stimulusAccount'> & { postTimes: Map<number, Float64Array> } {
  const postAction = table.actionNames.indexOf('post');
  const postTime = new Map<string, number>();
  const lists = new Map<number, number[]>();
  for (let i = 0; i < table.size; i++) {
    if (table.action[i] !== postAction) continue;
    const id = table.id[i];
    if (id !== undefined) postTime.set(id, table.ts[i]);
    const a = table.account[i];
    const list = lists.get(a);
    if (list) list.push(table.ts[i]);
    else lists.set(a, [table.ts[i]]);
  }
  const postTimes = new Map<number, Float64Array>();
  for (const [a, list] of lists) postTimes.set(a, Float64Array.from(list).sort());
  const stimulus = new Float64Array(groups.size).fill(NaN);
  const stimulusAccount = new Int32Array(groups.size).fill(-1);
  if (!lists.size) return { stimulus, stimulusAccount, postTimes };
  const accountIndex = new Map<string, number>();
  for (const a of lists.keys()) accountIndex.set(table.accountNames[a], a);
  // Looked up once per target, not once per episode and action (a day has several of those for
  // each target; at 10 M events the lookups by name were most of building the scoring context).
  const NOT_YET = -2;
  const targetPost = new Float64Array(table.targetNames.length).fill(NaN);
  const targetAccount = new Int32Array(table.targetNames.length).fill(NOT_YET);
  for (let g = 0; g < groups.size; g++) {
    const first = table.ts[groups.order[groups.offset[g]]];
    let t0: number | undefined;
    if (groups.action[g] === 'text') {
      const count = new Map<number, number>();
      for (let k = groups.offset[g]; k < groups.offset[g + 1]; k++) {
        const tg = table.target[groups.order[k]];
        if (tg >= 0) count.set(tg, (count.get(tg) ?? 0) + 1);
      }
      const size = groups.offset[g + 1] - groups.offset[g];
      for (const [tg, n] of count) if (2 * n >= size) t0 = postTime.get(table.targetNames[tg]);
    } else {
      const tg = table.target[groups.order[groups.offset[g]]];
      if (targetAccount[tg] === NOT_YET) {
        const label = table.targetNames[tg];
        const t = postTime.get(label);
        if (t !== undefined) {
          targetPost[tg] = t;
          targetAccount[tg] = -1;
        } else targetAccount[tg] = accountIndex.get(label.startsWith('@') ? label.slice(1) : label) ?? -1;
      }
      if (!Number.isNaN(targetPost[tg])) t0 = targetPost[tg];
      else stimulusAccount[g] = targetAccount[tg];
    }
    if (t0 !== undefined && t0 <= first) stimulus[g] = t0;
  }
  return { stimulus, stimulusAccount, postTimes };
}

/** Latest post of `account` at or before `t`, within the horizon; NaN if none. */
function latestPost(ctx: NullContext, account: number, t: number): number {
  const list = ctx.postTimes.get(account);
  if (!list) return NaN;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && t - list[lo - 1] <= ctx.options.stimulusHorizon ? list[lo - 1] : NaN;
}

/** Reactions around a burst counted one by one; beyond this they are estimated from a sample of
 *  NEIGHBOURHOOD_SAMPLE, which keeps the contrast null's cost per burst bounded (issue 12). */
const EXACT_NEIGHBOURHOOD = 2048;
const NEIGHBOURHOOD_SAMPLE = 512;
/** Rejection draws per outsider before taking whoever came up (members ≥ 98% of a big neighbourhood). */
const MAX_REJECTIONS = 200;

/** Non-members around a burst from which the contrast null compares the members with them alone. */
const MIN_OUTSIDERS = 5;

/** Added to delays before taking logs (ms): keeps the first seconds after a post from dominating. */
const DELAY_OFFSET = 30_000;

/**
 * A verdict's observed / null width as effect-size evidence. Against the floor it counts at the
 * floor's margin over a fast real crowd (floor median / unseen-trigger median: 2 min against 4,
 * where 99% of real cascades take over 4), so a burst twice as tight as the floor is 4× tighter
 * than such a crowd.
 */
export function effectRatio(v: Pick<BurstVerdict, 'test' | 'ratio'>, o: NullModelOptions): number {
  return v.test === 'floor' ? (v.ratio * o.floorMedian) / o.triggerMedian : v.ratio;
}

/** Per-burst z cap: a handful of accounts close together proves little, and no single burst,
 *  however extreme, stands in for repetition. */
export function zCap(m: number): number {
  return Math.min(Z_CAP, 1.5 * Math.sqrt(m - 1));
}

/** The most one burst can say: four bursts at the cap are needed for a flag in a scan of thousands
 *  of communities (z = 6, p ≈ 1e-9). */
const Z_CAP = 3;

/**
 * Tests one burst: the members' first actions in group g (`times`, ascending ms). `isMember` tells
 * members from the rest of the episode; `draws` null samples per applicable null.
 */
export function testBurst(ctx: NullContext, g: number, times: number[], isMember: (account: number) => boolean, rng: () => number, draws: number, windowMs: number, modelDraws = draws): BurstVerdict {
  const m = times.length;
  const obs = coreSpan(times);
  const cap = zCap(m);
  const buf = new Float64Array(m);
  const spans = new Float64Array(draws);
  // Against a model crowd (floor, stimulus), ties on the core span (coarse clocks: many draws put
  // their core inside one minute, as the burst did) are broken by the whole span: a push whose
  // every member sits in one minute is tighter than a draw whose core does but whose tails spill over.
  const wholes = new Float64Array(draws);
  const res = ctx.resolution;
  const { options } = ctx;

  // `below` draws tighter than the burst and `ties` as tight, of n with mean and sd of their spans.
  const fromCounts = (test: NullTest, obsStat: number, below: number, ties: number, n: number, mean: number, sd: number, floorSd: number, nullSpanMs: number, nullPairs: number, others: number): BurstVerdict => {
    const asTight = below + ties;
    // Tighter than every draw: how far beyond them (the draws' spread). Otherwise the mid-p value
    // of the draws, which stays honest when coarse timestamps make many draws tie with the burst.
    // Tighter than every draw is at least p = 1/(n + 1), however many draws sat just above it
    // (ties broken by the whole span leave the draws' mean close to the burst).
    const beyond = (mean - obsStat) / Math.max(sd, floorSd);
    const z = Math.max(-4, Math.min(cap, asTight === 0 ? Math.max(beyond, inverseNormal(1 - 1 / (n + 1))) : inverseNormal(1 - (below + 0.5 * ties + 0.5) / (n + 1))));
    // With coarse timestamps a burst that crossed one clock tick ties with most draws (60 s against
    // 60 s): a null that cannot tell the burst from its own draws says nothing either way.
    return { test, z, asTight, draws: n, nullSpan: nullSpanMs / 1000, ratio: (obs + 1000) / (nullSpanMs + 1000), nullPairs, others, informative: 2 * ties < n };
  };
  // Against this burst's own draws (`spans`, and `wholes` to break ties unless obsWhole is NaN).
  const verdict = (test: NullTest, obsStat: number, obsWhole: number, floorSd: number, nullSpanMs: number, pairs: number, others: number): BurstVerdict => {
    const { mean, sd } = meanSd(spans, draws);
    let below = 0;
    let ties = 0;
    for (let d = 0; d < draws; d++) {
      if (spans[d] < obsStat) below++;
      else if (spans[d] === obsStat) {
        if (Number.isNaN(obsWhole) || wholes[d] === obsWhole) ties++;
        else if (wholes[d] < obsWhole) below++;
      }
    }
    return fromCounts(test, obsStat, below, ties, draws, mean, sd, floorSd, nullSpanMs, pairs / draws, others);
  };
  // Against a model crowd's draws, made once for every burst of this size (model-crowds.ts).
  const crowdVerdict = (c: ModelCrowd, obsStat: number, obsWhole: number): BurstVerdict => {
    const { below, ties } = placeAmong(c, obsStat, obsWhole);
    return fromCounts('floor', obsStat, below, ties, c.spans.length, c.mean, c.sd, 0.1, c.meanSpanMs, c.pairs, 0);
  };
  // The strongest verdict decides. Where two nulls both find the burst as unusual as a burst can be
  // (z at the cap), the one it is further beyond decides: a push 47 s wide, 10 min after the post,
  // is beyond the floor (a 2-min crowd) and beyond the stimulus null (such a crowd at a 10-min
  // delay), and the stimulus null says more. The floor's width counts at its margin over a fast real
  // crowd, as the effect size reads it (cluster-test.ts).
  const strength = (v: BurstVerdict) => effectRatio(v, options);
  const further = (a: BurstVerdict, b: BurstVerdict) => b.z === a.z && b.informative && strength(b) < strength(a);
  // The strongest of the nulls that read the data around the burst (contrast, stimulus).
  let local: BurstVerdict | undefined;
  const consider = (v: BurstVerdict) => {
    if (!local || v.z > local.z || !local.informative || further(local, v)) local = v;
  };

  // Floor: the fastest organic crowd, anchored wherever it fits (spans do not depend on the anchor),
  // and the unseen trigger's crowd; only the trigger's z is read (the gate below).
  const crowds = modelCrowds(options, m, modelDraws, res, windowMs);
  const whole = times[m - 1] - times[0];
  // Slower than automation says nothing either way: the floor only ever adds evidence.
  const floor = crowdVerdict(crowds.floor, Math.log1p(obs / 1000), whole);
  const trigger = crowdVerdict(crowds.trigger, Math.log1p(obs / 1000), whole);
  const floorVerdict: BurstVerdict = { ...floor, z: Math.max(0, floor.z), informative: floor.informative && floor.z > 0 };
  const idx = new Int32Array(m);
  let pairs = 0;
  let total = 0;

  // Contrast: a local permutation of who reacted when, among all reactions around the burst.
  const { offset } = ctx.groups;
  const { groupTs: ts, groupAccount: acc } = ctx;
  const L = Math.max(options.neighbourFactor * (times[m - 1] - times[0]), options.neighbourMin);
  const a = firstAtLeast(ts, offset[g], offset[g + 1], times[0] - L);
  const b = firstAtLeast(ts, a, offset[g + 1], times[m - 1] + L + 1);
  const n = b - a;
  const nonMembers = (from: number, to: number): number => {
    if (to - from <= EXACT_NEIGHBOURHOOD) {
      let c = 0;
      for (let k = from; k < to; k++) if (!isMember(acc[k])) c++;
      return c;
    }
    // A crowd this size: estimated from a sample, so the cost of a burst does not grow with the
    // crowd around it (a denser day would otherwise make every burst dearer: superlinear).
    let hit = 0;
    for (let s = 0; s < NEIGHBOURHOOD_SAMPLE; s++) if (!isMember(acc[from + Math.floor(rng() * (to - from))])) hit++;
    return Math.round((hit / NEIGHBOURHOOD_SAMPLE) * (to - from));
  };
  // The members' central 80%, for the crowd check below.
  const [i0, i1] = coreWindow(times);
  const lo = times[i0];
  const hi = times[i1];
  // A neighbourhood counted one by one is read once: the outsiders' times, and how many of them sit
  // inside the members' core (the crowd below; [lo, hi] lies inside the neighbourhood).
  let listed: number[] | undefined;
  let inside = -1;
  if (n <= EXACT_NEIGHBOURHOOD) {
    listed = [];
    inside = 0;
    for (let k = a; k < b; k++) {
      if (isMember(acc[k])) continue;
      const t = ts[k];
      listed.push(t);
      if (t >= lo && t < hi + 1) inside++;
    }
  }
  const others = listed ? listed.length : nonMembers(a, b);
  if (others > 0 && n > m) {
    // With enough non-members around, the members are compared with them (two samples: would m of
    // them be as tight?); with a few, with everyone around (a permutation, which keeps the
    // members' own spread in the pool and so cannot call a crowd of members tight by itself).
    // Beyond EXACT_NEIGHBOURHOOD reactions the outsiders are drawn by rejection (uniform over the
    // neighbourhood until a non-member comes up): the same draw, without listing them.
    const twoSample = others >= MIN_OUTSIDERS;
    const outsiders: number[] | undefined = twoSample ? listed : undefined;
    const rejection = twoSample && !outsiders;
    const withoutReplacement = !twoSample && n <= 20 * m;
    const scratch = withoutReplacement ? Int32Array.from({ length: n }, (_, k) => a + k) : undefined;
    pairs = 0;
    total = 0;
    // Draws are kept as positions in an ascending pool (the outsiders' times, or the group's from
    // a): sorting the positions sorts the draws (draws.ts).
    const pool = outsiders ?? ts;
    const from = outsiders ? 0 : a;
    for (let d = 0; d < draws; d++) {
      for (let k = 0; k < m; k++) {
        if (outsiders) {
          idx[k] = Math.floor(rng() * outsiders.length);
          continue;
        }
        if (rejection) {
          let at = a + Math.floor(rng() * n);
          for (let tries = 0; tries < MAX_REJECTIONS && isMember(acc[at]); tries++) at = a + Math.floor(rng() * n);
          idx[k] = at - a;
          continue;
        }
        let at: number;
        if (scratch) {
          const j = k + Math.floor(rng() * (n - k));
          at = scratch[j];
          scratch[j] = scratch[k];
          scratch[k] = at;
        } else at = a + Math.floor(rng() * n);
        idx[k] = at - a;
      }
      sortIndices(idx, outsiders ? outsiders.length : n);
      for (let k = 0; k < m; k++) buf[k] = pool[from + idx[k]];
      const span = coreSpan(buf);
      total += span;
      spans[d] = Math.log1p(span / 1000);
      pairs += pairsWithin(buf, windowMs);
    }
    // No tie-break here: where the pool is mostly the members, the draws tie with the burst because
    // the members are the reaction, and the whole span would only measure where a stray outsider fell.
    consider(verdict('contrast', Math.log1p(obs / 1000), NaN, 0.1, total / draws, pairs, others));
  }

  // A burst inside a bigger crowd is the crowd's: an organic wave (a retweet by a large account, a
  // story breaking) carries members and non-members alike, and its early part is tighter than the
  // reactions around it. Against the contrast and stimulus nulls, a burst counts only where the
  // members are most of the reactions inside it; the floor (automation-grade synchrony) stands
  // even inside a crowd.
  if (inside < 0) {
    const ca = firstAtLeast(ts, offset[g], offset[g + 1], lo);
    const cb = firstAtLeast(ts, ca, offset[g + 1], hi + 1);
    inside = nonMembers(ca, cb);
  }
  const crowded = inside > Math.ceil(0.8 * m);

  // Stimulus: delays after the post reacted to, against log-normal delays of the same median.
  let t0 = ctx.stimulus[g];
  if (Number.isNaN(t0) && ctx.stimulusAccount[g] >= 0) {
    t0 = latestPost(ctx, ctx.stimulusAccount[g], times[0]);
    // A post of the account after the first member but before most of them is what the burst
    // answers; the members ahead of it were still answering an earlier one, so the earlier post is
    // no yardstick (a fan base's stragglers made its reply to a new post look hours late).
    if (latestPost(ctx, ctx.stimulusAccount[g], times[m >> 1]) > times[0]) t0 = NaN;
  }
  if (m >= 3 && !Number.isNaN(t0) && t0 <= times[0]) {
    const logs = times.map((t) => Math.log(t - t0 + DELAY_OFFSET));
    const obsLog = coreSpan(logs);
    const median = times[m >> 1] - t0;
    pairs = 0;
    total = 0;
    const tb = new Float64Array(m);
    const stimulusExp = expNormals(options.stimulusSigma);
    for (let d = 0; d < draws; d++) {
      const phase = rng() * res;
      drawIndices(rng, idx);
      for (let k = 0; k < m; k++) tb[k] = Math.max(t0, quantise(t0 + median * stimulusExp.values[idx[k]], res, phase));
      if (!stimulusExp.ascending) tb.sort();
      for (let k = 0; k < m; k++) buf[k] = Math.log(tb[k] - t0 + DELAY_OFFSET);
      spans[d] = coreSpan(buf);
      wholes[d] = buf[m - 1] - buf[0];
      total += coreSpan(tb);
      pairs += pairsWithin(tb, windowMs);
    }
    consider(verdict('stimulus', obsLog, logs[m - 1] - logs[0], 0.05, total / draws, pairs, 0));
  }
  let best = floorVerdict;
  if (local) {
    // A trigger the data does not show (a re-share, a link in a group chat) explains a group reacting
    // together however old the post and however scattered the stragglers around it: a community
    // passing an old post around within a quarter of an hour is tight against both, not against a
    // trigger of its own. A burst no tighter than a fast real crowd reacting to such a trigger says
    // nothing against the contrast and stimulus nulls either.
    const gated = local.z > 0 && trigger.z <= 0;
    // Where a null that reads the data around the burst finds more than the floor, the burst is
    // read by it: inside a bigger crowd it is the crowd's (dropped), past the gate it says nothing.
    if (local.z > floorVerdict.z || !floorVerdict.informative) best = crowded ? { ...floorVerdict, informative: false } : gated ? { ...local, z: 0, informative: false } : local;
    // At a tie (both at the cap), the one the burst is further beyond, where that one applies.
    else if (!crowded && !gated && further(floorVerdict, local)) best = local;
  }
  return { ...best, others, crowd: inside };
}

/** First k in [lo, hi) with ts[order[k]] ≥ t (order sorted by time on that range). */
export function lowerBound(ts: Float64Array, order: Int32Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[order[mid]] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First k in [lo, hi) with ts[k] ≥ t (ts ascending on that range: a group's times in group order). */
function firstAtLeast(ts: Float64Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
