import type { EventTable } from '../ingest/table.js';
import type { TargetGroups } from '../graph/groups.js';

/**
 * Cluster-level timing statistics against a null model.
 *
 * Question asked of a candidate cluster: on the targets its members share, do they act closer
 * together in time than accounts reacting to those same targets would by chance? For each shared
 * (target, action) group the members' burst width is compared with the width of the same number of
 * times drawn from the null — the target's own non-member time profile, blended (when a target has
 * few non-members, as a campaign's own rumour post does) with the data's general reaction-delay
 * profile for that action, anchored at the target's first event. Per-target z-scores are combined
 * across targets (Stouffer), so evidence must repeat: one tight burst is not a campaign.
 */

export interface TimingContext {
  table: EventTable;
  groups: TargetGroups;
  /** CSR: groups each account acted in. */
  accOffset: Int32Array;
  accGroups: Int32Array;
  /** Parallel to accGroups: the event (index into the table) behind each membership. */
  accEvents: Int32Array;
  /** Pooled reaction delays (ms after a target's first event), sorted, keyed by action and by
   *  popularity class (see profileKey); "*" keys pool all actions. */
  delays: Map<string, Float64Array>;
  /** Evidence weight of one co-action of each kind (rare actions weigh more). */
  weights: Map<string, number>;
  /** Per group: time of the post it reacts to, when that post is in the data (else NaN). */
  stimulus: Float64Array;
  /** Typical spread (sd) of organic log reaction delays within one target; NaN if unknown. */
  logSigma: number;
}

export interface TimingOptions {
  /** Base window (s) for counting observed vs expected co-actions. */
  window: number;
  /** Monte Carlo draws per target. */
  draws: number;
  /** Pseudo-count of the general delay profile in the null blend. */
  priorWeight: number;
}

export interface GroupTiming {
  group: number;
  /** Observed / null burst width under the less suspicious of the two nulls (lower = tighter). */
  ratio: number;
  /** Event indices: each member's first action in the group, ascending time. */
  events: number[];
  others: number;
  /** Observed and null-expected burst width (s) of the members' central 80%. */
  span: number;
  nullSpan: number;
  z: number;
  /** Tighter than every null draw (p < 1/(draws+1) ≤ 0.05), or z ≥ 2 where draws are too few to say. */
  burst: boolean;
}

export interface ClusterTiming {
  groups: GroupTiming[];
  /** Member pairs within the base window, summed over targets: observed and expected under the null. */
  observed: number;
  expected: number;
  zScore: number;
  pValue: number;
  /** Geometric mean ratio of observed to null burst width, weighted by members per target (lower = tighter). */
  tightness: number;
  /** Members whose actions sit inside the cluster's bursts on ≥ 2 targets. */
  core: number[];
  /** Targets where members were tighter than the null (GroupTiming.burst), of all shared targets. */
  bursts: number;
  burstEligible: number;
  /** Share of the evidence (members − 1, summed over targets) in those bursts, and their tightness. */
  burstShare: number;
  burstTightness: number;
  /** Median burst width (s) over the targets where members were significantly tight (all targets if none). */
  typicalSpan: number;
  /** The same test on each signal (action kind) alone: a cluster that coordinates on one signal is
   *  coordinated even if its other activity looks organic (camouflage, hashtag games). */
  bySignal: Record<string, SignalTiming>;
}

export interface SignalTiming {
  zScore: number;
  pValue: number;
  tightness: number;
  targets: number;
}

/** Most targets a cluster is tested on (those most of its members share). */
const MAX_TARGETS = 2000;

/** Targets a profile needs before it is used on its own. */
const MIN_PROFILE_TARGETS = 100;

/**
 * Organic reaction profiles depend on popularity (a story thousands share is shared faster than a
 * post three people share), so the null for a target is drawn from targets of similar size:
 * log2 classes of the number of actions on the whole target.
 */
function profileKey(action: string, size: number): string {
  return `${action}#${Math.min(10, Math.floor(Math.log2(size)))}`;
}

/** The most specific profile with enough targets behind it. */
function profileFor(ctx: TimingContext, action: string, size: number): Float64Array {
  return ctx.delays.get(profileKey(action, size)) ?? ctx.delays.get(action) ?? ctx.delays.get(profileKey('*', size)) ?? ctx.delays.get('*')!;
}

/**
 * With `community` (account → community index, −1 for none), the general profile holds independent
 * reactions only: on each target, the first event of each community (accounts in none count alone).
 */
export function buildTimingContext(table: EventTable, groups: TargetGroups, weights: Map<string, number>, community?: Int32Array): TimingContext {
  const nAcc = table.accountNames.length;
  const { offset, order } = groups;
  const accOffset = new Int32Array(nAcc + 1);
  for (let k = 0; k < order.length; k++) accOffset[table.account[order[k]] + 1]++;
  for (let v = 0; v < nAcc; v++) accOffset[v + 1] += accOffset[v];
  const fill = accOffset.slice(0, nAcc);
  const accGroups = new Int32Array(order.length);
  const accEvents = new Int32Array(order.length);
  for (let g = 0; g < groups.size; g++)
    for (let k = offset[g]; k < offset[g + 1]; k++) {
      const at = fill[table.account[order[k]]]++;
      accGroups[at] = g;
      accEvents[at] = order[k];
    }
  // General reaction-delay profile per action, over whole targets (not episodes): up to 8 delays
  // per target so that neither a few giant crowds nor the many tiny targets dominate it. An action
  // seen on few targets (reports are rare) uses the all-actions profile, so that a campaign's own
  // bursts never become the yardstick they are measured against.
  const pooled = new Map<string, number[]>();
  const targets = new Map<string, number>();
  const add = (key: string, v: number) => {
    let list = pooled.get(key);
    if (!list) pooled.set(key, (list = []));
    list.push(v);
  };
  for (let g = 0; g < groups.size; ) {
    let h = g + 1;
    while (h < groups.size && groups.parent[h] === groups.parent[g]) h++;
    const s = offset[g];
    const e = offset[h];
    const action = groups.action[g];
    g = h;
    if (e - s < 3) continue;
    const t0 = table.ts[order[s]];
    const keys = [action, '*', profileKey(action, e - s), profileKey('*', e - s)];
    for (const key of keys) targets.set(key, (targets.get(key) ?? 0) + 1);
    if (community) {
      const times = independentTimes(table, order, s, e, community);
      const step = Math.max(1, Math.floor((times.length - 1) / 8));
      for (let k = 1; k < times.length; k += step) for (const key of keys) add(key, times[k] - t0);
    } else {
      const step = Math.max(1, Math.floor((e - s - 1) / 8));
      for (let k = s + 1; k < e; k += step) for (const key of keys) add(key, table.ts[order[k]] - t0);
    }
  }
  const delays = new Map<string, Float64Array>();
  for (const [key, list] of pooled) if (key === '*' || (targets.get(key) ?? 0) >= MIN_PROFILE_TARGETS) delays.set(key, Float64Array.from(list).sort());
  if (!delays.has('*')) delays.set('*', Float64Array.of(3_600_000));
  const { stimulus, logSigma } = stimulusProfile(table, groups);
  return { table, groups, accOffset, accGroups, accEvents, delays, weights, stimulus, logSigma };
}

/** Times of the first event of each community on one target (events s..e of `order`, ascending). */
function independentTimes(table: EventTable, order: Int32Array, s: number, e: number, community: Int32Array): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (let k = s; k < e; k++) {
    const a = table.account[order[k]];
    const c = community[a] < 0 ? -1 - a : community[a];
    if (seen.has(c)) continue;
    seen.add(c);
    out.push(table.ts[order[k]]);
  }
  return out;
}

/** Width of the narrowest interval holding 80% of the sorted times (at least two of them). */
export function coreSpan(sorted: ArrayLike<number>, m = sorted.length): number {
  const q = Math.max(2, Math.ceil(0.8 * m));
  let best = Infinity;
  for (let i = 0; i + q - 1 < m; i++) best = Math.min(best, sorted[i + q - 1] - sorted[i]);
  return best;
}

/** Pairs of sorted times within w of each other. */
export function pairsWithin(sorted: ArrayLike<number>, w: number, m = sorted.length): number {
  let n = 0;
  let lo = 0;
  for (let i = 0; i < m; i++) {
    while (sorted[i] - sorted[lo] > w) lo++;
    n += i - lo;
  }
  return n;
}

export function clusterTiming(ctx: TimingContext, members: number[], rng: () => number, opts: TimingOptions): ClusterTiming {
  const { table, groups, accOffset, accGroups, accEvents } = ctx;
  const isMember = new Set(members);
  // Each member's first event per group, straight from the account index: the cost follows the
  // members' activity, not the size of the crowds they joined.
  const byGroup = new Map<number, Map<number, number>>();
  const memberEvents = new Map<number, number>();
  for (const m of members) {
    for (let q = accOffset[m]; q < accOffset[m + 1]; q++) {
      const g = accGroups[q];
      const ev = accEvents[q];
      memberEvents.set(g, (memberEvents.get(g) ?? 0) + 1);
      let first = byGroup.get(g);
      if (!first) byGroup.set(g, (first = new Map()));
      const prev = first.get(m);
      if (prev === undefined || table.ts[ev] < table.ts[prev]) first.set(m, ev);
    }
  }
  const out: GroupTiming[] = [];
  const wMs = opts.window * 1000;
  let observed = 0;
  let expected = 0;
  const sample = new Float64Array(1024);
  const logs = new Float64Array(opts.draws);
  // A verdict rests on the targets most members share; beyond MAX_TARGETS more only cost time
  // (a giant organic community can touch tens of thousands).
  let shared = [...byGroup].filter(([, f]) => f.size >= 2);
  if (shared.length > MAX_TARGETS) shared = shared.sort((x, y) => y[1].size - x[1].size || x[0] - y[0]).slice(0, MAX_TARGETS);
  for (const [g, firstOf] of shared) {
    const s = groups.offset[g];
    const e = groups.offset[g + 1];
    const nOthers = e - s - memberEvents.get(g)!;
    // A non-member's time on this target: by rejection where non-members are most of the target
    // (a crowd the cluster joined), else from a list collected once (a target the cluster dominates).
    let othersList: number[] | undefined;
    if (nOthers > 0 && nOthers * 2 < e - s) {
      othersList = [];
      for (let k = s; k < e; k++) if (!isMember.has(table.account[groups.order[k]])) othersList.push(table.ts[groups.order[k]]);
    }
    const otherTime = (): number => {
      if (othersList) return othersList[Math.floor(rng() * othersList.length)];
      for (;;) {
        const i = groups.order[s + Math.floor(rng() * (e - s))];
        if (!isMember.has(table.account[i])) return table.ts[i];
      }
    };
    const events = [...firstOf.values()].sort((x, y) => table.ts[x] - table.ts[y]);
    const m = events.length;
    const times = events.map((i) => table.ts[i]);
    const span = coreSpan(times);
    const anchor = table.ts[groups.order[s]];
    const delays = profileFor(ctx, groups.action[g], targetSize(groups, g));
    const pOthers = nOthers / (nOthers + opts.priorWeight);
    const buf = m <= sample.length ? sample : new Float64Array(m);
    let nullPairs = 0;
    // Big bursts have stable spread statistics: fewer draws suffice (about 2,000 sampled times).
    const draws = Math.max(12, Math.min(opts.draws, Math.floor(2000 / m)));
    for (let d = 0; d < draws; d++) {
      for (let k = 0; k < m; k++) {
        buf[k] = rng() < pOthers ? otherTime() : anchor + delays[Math.floor(rng() * delays.length)];
      }
      const drawn = buf.subarray(0, m).sort();
      logs[d] = Math.log1p(coreSpan(drawn) / 1000);
      nullPairs += pairsWithin(drawn, wMs);
    }
    let mean = 0;
    for (let d = 0; d < draws; d++) mean += logs[d];
    mean /= draws;
    let v = 0;
    for (let d = 0; d < draws; d++) v += (logs[d] - mean) ** 2;
    const sd = Math.sqrt(v / Math.max(1, draws - 1));
    const obs = Math.log1p(span / 1000);
    // Cap per-target z by burst size: a handful of accounts close together on one target proves
    // little, and no single burst, however extreme, stands in for repetition.
    const z = Math.max(-4, Math.min(Math.min(6, 1.5 * Math.sqrt(m - 1)), (mean - obs) / Math.max(sd, 0.1)));
    let asTight = 0; // null draws at least as tight as observed: an empirical p-value, exact for any m
    for (let d = 0; d < draws; d++) if (logs[d] <= obs) asTight++;
    let burst = draws >= MIN_BURST_DRAWS ? asTight === 0 : z >= 2;
    let zg = z;
    let ratio = (span / 1000 + 1) / (Math.expm1(mean) + 1);
    const stim = ctx.stimulus[g];
    // Where other accounts reacted as much as the members, they are the null; where the members
    // are most of the reaction (a creator's fans, a campaign's own post), the stimulus-locked
    // null must also find them tight.
    if (m >= 3 && nOthers < m && !Number.isNaN(stim) && !Number.isNaN(ctx.logSigma)) {
      const locked = stimulusLockedTest(times, stim, ctx.logSigma, rng, draws);
      zg = Math.min(zg, Math.max(-4, Math.min(Math.min(6, 1.5 * Math.sqrt(m - 1)), locked.z)));
      burst &&= draws >= MIN_BURST_DRAWS ? locked.asTight === 0 : locked.z >= 2;
      ratio = Math.max(ratio, locked.ratio);
    }
    observed += pairsWithin(times, wMs);
    expected += nullPairs / draws;
    out.push({ group: g, ratio, events, others: nOthers, span: span / 1000, nullSpan: Math.expm1(mean), z: zg, burst });
  }
  out.sort((x, y) => y.events.length * y.z - x.events.length * x.z);
  const all = combine(out);
  const bySignal: Record<string, SignalTiming> = {};
  const actions = new Set(out.map((t) => groups.action[t.group]));
  if (actions.size > 1) for (const a of actions) bySignal[a] = combine(out.filter((t) => groups.action[t.group] === a));
  return { groups: out, observed, expected, zScore: all.zScore, pValue: all.pValue, tightness: all.tightness, core: coreMembers(ctx, out), typicalSpan: typicalSpan(out), ...burstMix(out), bySignal };
}

/** Draws below which "tighter than every draw" says too little (p ≥ 1/20); z ≥ 2 decides then. */
const MIN_BURST_DRAWS = 20;

/**
 * Weighted Stouffer over targets (a target counts by how many members acted on it, so big pushes
 * are not diluted by chance pairs of members on organic content) and the weighted geometric mean
 * of per-target burst-width ratios as the effect size.
 */
function combine(ts: GroupTiming[]): SignalTiming {
  let num = 0;
  let den = 0;
  for (const t of ts) {
    const w = t.events.length - 1;
    num += w * t.z;
    den += w * w;
  }
  const zScore = den ? num / Math.sqrt(den) : 0;
  return { zScore, pValue: normalTail(zScore), tightness: weightedGeoMean(ts.map((t) => [t.ratio, t.events.length - 1])), targets: ts.length };
}

function burstMix(ts: GroupTiming[]): Pick<ClusterTiming, 'bursts' | 'burstEligible' | 'burstShare' | 'burstTightness'> {
  let all = 0;
  let inBursts = 0;
  let eligible = 0;
  const pairs: [number, number][] = [];
  for (const t of ts) {
    const w = t.events.length - 1;
    all += w;
    eligible++;
    if (t.burst) {
      inBursts += w;
      pairs.push([t.ratio, w]);
    }
  }
  return { bursts: pairs.length, burstEligible: eligible, burstShare: all ? inBursts / all : 0, burstTightness: weightedGeoMean(pairs) };
}

function typicalSpan(ts: GroupTiming[]): number {
  const bursts = ts.filter((t) => t.z >= 2 && t.events.length >= 3);
  const spans = (bursts.length ? bursts : ts).map((t) => t.span).sort((a, b) => a - b);
  return spans.length ? spans[spans.length >> 1] : 0;
}

function weightedGeoMean(pairs: [number, number][]): number {
  let num = 0;
  let den = 0;
  for (const [v, w] of pairs) {
    num += w * Math.log(Math.max(v, 1e-6));
    den += w;
  }
  return den ? Math.exp(num / den) : 1;
}

/**
 * The members that carry the cluster's bursts: inside the central burst on tight targets worth at
 * least two co-actions of evidence (action-weighted, so one report brigade burst can suffice), and
 * inside it on most of the tight targets they acted on at all. Organic accounts that happen to share
 * a pushed item sit outside the burst most of the time and are dropped.
 */
function coreMembers(ctx: TimingContext, groups: GroupTiming[]): number[] {
  const { table } = ctx;
  const inside = new Map<number, number>();
  const seen = new Map<number, number>();
  for (const g of groups) {
    // Tight at the per-target cap counts too: a pair (co-retweet) can reach only z = 1.5.
    if (g.z < Math.min(2, 1.5 * Math.sqrt(g.events.length - 1))) continue;
    const w = ctx.weights.get(ctx.groups.action[g.group]) ?? 1;
    const times = g.events.map((i) => table.ts[i]);
    const m = times.length;
    const q = Math.max(2, Math.ceil(0.8 * m));
    let bi = 0;
    let best = Infinity;
    for (let i = 0; i + q - 1 < m; i++) if (times[i + q - 1] - times[i] < best) { best = times[i + q - 1] - times[i]; bi = i; }
    // The burst window, padded by half its width so edge members are not cut off arbitrarily.
    const pad = Math.max(best / 2, 30_000);
    for (let k = 0; k < m; k++) {
      const a = table.account[g.events[k]];
      seen.set(a, (seen.get(a) ?? 0) + w);
      if (times[k] >= times[bi] - pad && times[k] <= times[bi + q - 1] + pad) inside.set(a, (inside.get(a) ?? 0) + w);
    }
  }
  return [...inside].filter(([a, w]) => w >= 2 && w >= 0.5 * seen.get(a)!).map(([a]) => a);
}

/** One-sided normal tail P(Z ≥ z), accurate far into the tail (log-space friendly down to ~1e-300). */
export function normalTail(z: number): number {
  if (z < 0) return 1 - normalTail(-z);
  // Abramowitz–Stegun 7.1.26 is too coarse in the far tail; use the continued-fraction form of erfc.
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const r =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return r / 2;
}

/** Number of actions on the whole target an episode belongs to. */
function targetSize(groups: TargetGroups, g: number): number {
  let a = g;
  let b = g;
  while (a > 0 && groups.parent[a - 1] === groups.parent[g]) a--;
  while (b + 1 < groups.size && groups.parent[b + 1] === groups.parent[g]) b++;
  return groups.offset[b + 1] - groups.offset[a];
}

/** Added to delays before taking logs (ms): keeps the first few seconds after a post from dominating. */
const DELAY_OFFSET = 30_000;

/**
 * Organic reactions are locked to their stimulus: people react to a post at delays whose spread
 * grows with the delay (log-delays spread by a roughly constant σ, whether the post draws replies
 * in minutes or in hours). Coordinated accounts are locked to each other instead: a narrow burst at
 * an arbitrary delay. So, when the post a target is known, the members' log-delays are compared with
 * log-normal delays of the same median and the population's σ — a scale-free null under which a
 * fast, devoted fan base is as ordinary as a slow one.
 */
function stimulusLockedTest(times: number[], stim: number, sigma: number, rng: () => number, draws: number): { z: number; ratio: number; asTight: number } {
  const m = times.length;
  const logs = times.map((t) => Math.log(Math.max(0, t - stim) + DELAY_OFFSET)).sort((a, b) => a - b);
  const obs = coreSpan(logs);
  const median = Math.max(0, times[m >> 1] - stim);
  const buf = new Float64Array(m);
  const spans = new Float64Array(draws);
  const lognormal = lognormalTable(sigma);
  for (let d = 0; d < draws; d++) {
    for (let k = 0; k < m; k++) buf[k] = Math.log(median * lognormal[(rng() * 4096) | 0] + DELAY_OFFSET);
    spans[d] = coreSpan(buf.sort());
  }
  let mean = 0;
  for (const v of spans) mean += v;
  mean /= draws;
  let v = 0;
  for (const x of spans) v += (x - mean) ** 2;
  const sd = Math.sqrt(v / Math.max(1, draws - 1));
  let asTight = 0;
  for (const x of spans) if (x <= obs) asTight++;
  return { z: (mean - obs) / Math.max(sd, 0.05), ratio: mean > 0 ? obs / mean : 1, asTight };
}

/** Standard normal draws by table lookup (4096 quantiles): the null needs many, not extreme tails. */
const NORMALS = Float64Array.from({ length: 4096 }, (_, i) => inverseNormal((i + 0.5) / 4096));

/** exp(σ·z) over NORMALS, for the context's σ (one per scan): the same values, computed once. */
let lognormalCache: { sigma: number; table: Float64Array } | undefined;
function lognormalTable(sigma: number): Float64Array {
  if (lognormalCache?.sigma !== sigma) lognormalCache = { sigma, table: NORMALS.map((z) => Math.exp(sigma * z)) };
  return lognormalCache.table;
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
function inverseNormal(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** How far back an account's latest post still counts as what a mention or report reacts to. */
const STIMULUS_HORIZON = 24 * 3_600_000;

/**
 * The post each group reacts to, where the data holds it: a target equal to a post event's id; for
 * an account target ("@name" or "name": mentions, follows, reports) that account's latest post
 * before the episode; for a near-duplicate text family, the post most of its texts reply to. Also
 * the population's spread of log reaction delays: a robust (IQR-based) sd per target, median over
 * targets with enough reactions.
 */
function stimulusProfile(table: EventTable, groups: TargetGroups): { stimulus: Float64Array; logSigma: number } {
  const postTime = new Map<string, number>();
  const postsBy = new Map<string, number[]>();
  for (let i = 0; i < table.size; i++) {
    if (table.actionNames[table.action[i]] !== 'post') continue;
    const id = table.id[i];
    if (id !== undefined) postTime.set(id, table.ts[i]);
    const who = table.accountNames[table.account[i]];
    const list = postsBy.get(who);
    if (list) list.push(table.ts[i]);
    else postsBy.set(who, [table.ts[i]]);
  }
  for (const list of postsBy.values()) list.sort((a, b) => a - b);
  const stimulus = new Float64Array(groups.size).fill(NaN);
  const sigmas: number[] = [];
  if (!postTime.size && !postsBy.size) return { stimulus, logSigma: NaN };
  const latestPost = (account: string, before: number): number => {
    const list = postsBy.get(account);
    if (!list) return NaN;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid] <= before) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && before - list[lo - 1] <= STIMULUS_HORIZON ? list[lo - 1] : NaN;
  };
  for (let g = 0; g < groups.size; g++) {
    const first = table.ts[groups.order[groups.offset[g]]];
    let t0: number | undefined;
    let direct = false;
    if (groups.action[g] === 'text') {
      // The post most of the family's texts reply to, if any.
      const count = new Map<number, number>();
      for (let k = groups.offset[g]; k < groups.offset[g + 1]; k++) {
        const tg = table.target[groups.order[k]];
        if (tg >= 0) count.set(tg, (count.get(tg) ?? 0) + 1);
      }
      const size = groups.offset[g + 1] - groups.offset[g];
      for (const [tg, n] of count) if (2 * n >= size) t0 = postTime.get(table.targetNames[tg]);
    } else {
      const label = groups.label[g];
      t0 = postTime.get(label);
      direct = t0 !== undefined;
      if (t0 === undefined) {
        const acct = latestPost(label.startsWith('@') ? label.slice(1) : label, first);
        if (!Number.isNaN(acct)) t0 = acct;
      }
    }
    if (t0 === undefined || t0 > first) continue;
    stimulus[g] = t0;
    const n = groups.offset[g + 1] - groups.offset[g];
    // σ is learnt from reactions to posts themselves, the cleanest stimulus.
    if (n < 8 || !direct) continue;
    const logs: number[] = [];
    for (let k = groups.offset[g]; k < groups.offset[g + 1]; k++) logs.push(Math.log(Math.max(0, table.ts[groups.order[k]] - t0) + DELAY_OFFSET));
    logs.sort((a, b) => a - b);
    sigmas.push((logs[Math.floor(0.75 * (n - 1))] - logs[Math.floor(0.25 * (n - 1))]) / 1.349);
  }
  if (sigmas.length < 20) return { stimulus, logSigma: NaN };
  sigmas.sort((a, b) => a - b);
  return { stimulus, logSigma: sigmas[sigmas.length >> 1] };
}
