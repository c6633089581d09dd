import type { NullContext } from './null-context.js';
import { coreSpan, coreWindow, inverseNormal, meanSd, pairsWithin } from './stats.js';
import { drawIndices, expNormals, quantise, sortIndices } from './draws.js';
import { modelCrowds, placeAmong, type ModelCrowd } from './model-crowds.js';

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
