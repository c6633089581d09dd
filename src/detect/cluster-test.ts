import { buildNullContext, type NullContext } from './null-context.js';
import { effectRatio, testBurst, type NullTest } from './null-model.js';
import { coreSpan, coreWindow, inverseNormal, normalTail, pairsWithin, weightedGeoMean } from './stats.js';
import { memberTest } from './member-test.js';
import { modelDraws } from './model-crowds.js';

export { buildNullContext, type NullContext };

/**
 * The cluster timing test. Question asked of a candidate cluster: on the targets its members
 * share, do they act closer together in time than chance (the null model, see null-model.ts)
 * explains? Each shared (target, action) episode is one burst with its own verdict; verdicts are
 * combined across targets (weighted Stouffer), so evidence must repeat: one tight burst is not a
 * campaign.
 */

export interface ClusterTestOptions {
  /** Base window (s) for counting observed vs expected co-actions. */
  window: number;
  /** Monte Carlo draws per target and null. */
  draws: number;
  /**
   * population (default): a burst is a target where members are tighter than the null model.
   * slice: every account is a suspect and there is no organic yardstick; every shared target is
   * kept, and a burst is a target where members acted within the base window of each other.
   */
  regime?: 'population' | 'slice';
  /** Read an answer's chance of being a member's from the answers of the post it answers (a part of a community: parts.ts). */
  exposure?: boolean;
  /** Draw this many times as much, big bursts too (a verdict near the threshold, read again: flag.ts). */
  drawScale?: number;
}

export interface GroupTiming {
  group: number;
  /** Observed / null burst width under the deciding null (lower = tighter). */
  ratio: number;
  /** The ratio as effect-size evidence (null-model.ts, effectRatio). */
  effect: number;
  /** Event indices: each member's first action in the group, ascending time. */
  events: number[];
  /** Non-members reacting to the same episode around the burst. */
  others: number;
  /** Observed and null-expected burst width (s) of the members' central 80%. */
  span: number;
  nullSpan: number;
  z: number;
  /** Which null decided (the one that found the burst least ordinary). */
  test: NullTest;
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
  /** The same test on each signal (action kind) alone. */
  bySignal: Record<string, SignalTiming>;
  /** Repeated copying: near-duplicate text families holding ≥ 2 members, observed and expected. */
  copying: CopyingTest;
}

/**
 * People write their own words: organic near-duplicates (quotes of one headline, a greeting on a
 * holiday) come from accounts that rarely meet again in the next family. Accounts that keep
 * posting near-identical text together do. The null keeps every family's size and draws its
 * authors from everyone's posts in their own words (a configuration model): members writing share q
 * of those posts hold k of a family's s authors with probability Binomial(s, q). A crowd quoting one headline holds its share of each family; a copypasta ring
 * holds its families whole. No timing enters, so a template posted over half an hour,
 * with no original in the data, is read as surely as one posted in seconds.
 */
export interface CopyingTest {
  families: number;
  expected: number;
  /** −log10 p of the combined test (Stouffer over families of each family's binomial tail). */
  log10p: number;
  /** Members' share of all family authorship over their mean share of the families they hold (≤ 1;
   *  lower = more concentrated than chance). */
  concentration: number;
  /** The share of its family a member's text typically sits in (k/s, weighted by k): near 1 for a
   *  ring, which holds its families whole; a crowd's sliver of a common wording holds a little of each. */
  held: number;
  /** −log10 p of the same test before the ring rule: rings sharing a community each hold a sliver
   *  of it, and this is what tells the parts' gate (parts.ts) to look for them. */
  pooledLog10p: number;
  /** Members' texts in the families counted (Σk), and those families' authors (Σs): what the
   *  report's summary quotes against `expected`. */
  joined: number;
  authors: number;
  /** The families counted (their group ids): the ring's texts, where its other writers are (rings.ts). */
  counted: number[];
}

export interface SignalTiming {
  zScore: number;
  pValue: number;
  tightness: number;
  targets: number;
}

/** Most targets a cluster is tested on (those most of its members share). */
const MAX_TARGETS = 2000;

/** A burst's members count toward the core from this z. */
const CORE_Z = 1;

/** Draws below which "tighter than every draw" says too little (p ≥ 1/20); z ≥ 2 decides then. */
const MIN_BURST_DRAWS = 20;

export function clusterTiming(ctx: NullContext, members: number[], rng: () => number, opts: ClusterTestOptions): ClusterTiming {
  const { table, groups } = ctx;
  const member = memberTest(table.accountNames.length, members);
  const byGroup = sharedGroups(ctx, members);
  const out: GroupTiming[] = [];
  const wMs = opts.window * 1000;
  let observed = 0;
  let expected = 0;
  // A verdict rests on the targets most members share; beyond MAX_TARGETS more only cost time.
  let shared = [...byGroup];
  if (shared.length > MAX_TARGETS) shared = shared.sort((x, y) => y[1].size - x[1].size || x[0] - y[0]).slice(0, MAX_TARGETS);
  for (const [g, firstOf] of shared) {
    const events = [...firstOf.values()].sort((x, y) => table.ts[x] - table.ts[y]);
    const m = events.length;
    const times = events.map((i) => table.ts[i]);
    // Big bursts have stable spread statistics: fewer draws suffice (about 2,000 sampled times).
    const base = Math.max(12, Math.min(opts.draws, Math.floor(2000 / m)));
    const v = testBurst(ctx, g, times, member, rng, base * (opts.drawScale ?? 1), wMs, modelDraws(base, m));
    const slice = opts.regime === 'slice';
    if (!v.informative && !slice && groups.action[g] !== 'text') continue;
    const close = pairsWithin(times, wMs);
    // Significant: p < 1/(base + 1), tighter than every one of the usual draws (or as rarely as that
    // among more of them).
    const burst = slice ? close > 0 : base >= MIN_BURST_DRAWS ? (v.asTight + 1) * (base + 1) <= v.draws + 1 && v.z > 0 : v.z >= 2;
    observed += close;
    expected += v.nullPairs;
    out.push({ group: g, ratio: v.ratio, effect: effectRatio(v, ctx.options), events, others: v.others, span: (times.length > 1 ? coreSpan(times) : 0) / 1000, nullSpan: v.nullSpan, z: v.z, test: v.test, burst });
  }
  out.sort((x, y) => y.events.length * y.z - x.events.length * x.z);
  const all = combine(out);
  const bySignal: Record<string, SignalTiming> = {};
  const actions = new Set(out.map((t) => groups.action[t.group]));
  if (actions.size > 1) for (const a of actions) bySignal[a] = combine(out.filter((t) => groups.action[t.group] === a));
  const copying = copyingTest(ctx, members, member, byGroup, wMs, opts.exposure === true);
  return { groups: out, observed, expected, zScore: all.zScore, pValue: all.pValue, tightness: all.tightness, core: coreMembers(ctx, out), typicalSpan: typicalSpan(out), ...burstMix(out), bySignal, copying };
}

/**
 * Each member's first event in every group two or more members acted in, straight from the account
 * index (the cost follows the members' activity, not the size of the crowds they joined), groups in
 * order of first appearance over the members and members in their order. Groups a single member
 * acted in are no evidence of anything shared, and most of a big community's activity is in them:
 * a first pass counts each group's members in typed scratch, so maps are made for the shared ones
 * only (the maps for every group were a fifth of the score stage on the 1 M benchmark day).
 */
function sharedGroups(ctx: NullContext, members: number[]): Map<number, Map<number, number>> {
  const { table, accOffset, accGroups, accEvents } = ctx;
  const s = scratchFor(ctx);
  const touched: number[] = [];
  for (const m of members) {
    for (let q = accOffset[m]; q < accOffset[m + 1]; q++) {
      const g = accGroups[q];
      // A member's entries are consecutive, so the last member seen tells a new one from a repeat.
      if (s.lastMember[g] === m) continue;
      s.lastMember[g] = m;
      if (s.members[g]++ === 0) touched.push(g);
    }
  }
  const byGroup = new Map<number, Map<number, number>>();
  for (const m of members) {
    for (let q = accOffset[m]; q < accOffset[m + 1]; q++) {
      const g = accGroups[q];
      if (s.members[g] < 2) continue;
      const ev = accEvents[q];
      let first = byGroup.get(g);
      if (!first) byGroup.set(g, (first = new Map()));
      const prev = first.get(m);
      if (prev === undefined || table.ts[ev] < table.ts[prev]) first.set(m, ev);
    }
  }
  for (const g of touched) {
    s.members[g] = 0;
    s.lastMember[g] = -1;
  }
  return byGroup;
}

/** Per-group counters for sharedGroups, one set per context (so per scoring thread), left zeroed. */
const scratches = new WeakMap<NullContext, { members: Int32Array; lastMember: Int32Array }>();

function scratchFor(ctx: NullContext): { members: Int32Array; lastMember: Int32Array } {
  let s = scratches.get(ctx);
  if (!s) scratches.set(ctx, (s = { members: new Int32Array(ctx.groups.size), lastMember: new Int32Array(ctx.groups.size).fill(-1) }));
  return s;
}

function copyingTest(ctx: NullContext, members: number[], member: (account: number) => boolean, byGroup: Map<number, Map<number, number>>, windowMs: number, exposed: boolean): CopyingTest {
  const { families: per, total, authors } = ctx.copying;
  if (!total) return { ...NO_COPYING, counted: [] };
  let mine = 0;
  for (const m of members) mine += per[m];
  const q = Math.min(1, mine / total);
  // A source the group quotes (an outlet whose headlines its readers repost with a comment) is the
  // first author of many of the group's families; a copypasta ring's waves start with whichever
  // member is quickest. Families started by a regular source are quotes, not copying.
  const { account, ts } = ctx.table;
  const { order, offset } = ctx.groups;
  const starts = new Map<number, number[]>(); // first author → how far it led each family it started
  const joins = new Map<number, number>(); // member → families of the group it is in
  let candidates = 0;
  for (const [g, firstOf] of byGroup) {
    if (!ctx.copying.specific[g] || firstOf.size < 2) continue;
    candidates++;
    const o = offset[g];
    const first = account[order[o]];
    const lead = ts[order[o + 1]] - ts[order[o]];
    const leads = starts.get(first);
    if (leads) leads.push(lead);
    else starts.set(first, [lead]);
    for (const m of firstOf.keys()) joins.set(m, (joins.get(m) ?? 0) + 1);
  }
  const regular = (a: number) => {
    const n = starts.get(a)?.length ?? 0;
    return n >= 3 && n >= 0.05 * candidates;
  };
  // ...and is read before it is repeated: a bot farm's first bot leads by seconds, every time. An
  // outlet starts every family it is in (it never quotes), a ring member only a share of them; so an
  // account that starts all of its families, typically a window ahead, is a source for every one of
  // them, even where a fast reader came within the window (a news crowd of 18 quoting three outlets
  // was flagged on the stories its quickest readers quoted within the minute).
  // A source of the day's (an account that starts most families it is in, see textSources) among
  // the members is read the same way: a bot farm's first bot starts every wave too, by seconds.
  const outlets = new Set<number>();
  for (const [a, leads] of starts) {
    if (ctx.copying.sources[a] !== 1 && (!regular(a) || leads.length < (joins.get(a) ?? 0))) continue;
    const sorted = leads.slice().sort((x, y) => x - y);
    if (sorted[sorted.length >> 1] > windowMs) outlets.add(a);
  }
  // ...or it was started by someone outside the group who starts most families it is in (a source
  // of the day's): readers pasting the headlines of several outlets, each outlet starting two or three
  // of the group's families and read within the minute, are repeating the outlets, not each other.
  const source = (g: number) => {
    const o = offset[g];
    const first = account[order[o]];
    return outlets.has(first) || (regular(first) && ts[order[o + 1]] - ts[order[o]] > windowMs) || (ctx.copying.sources[first] === 1 && !member(first));
  };
  // ...or the family comments on an item the group shared: most of its member authors shared one
  // item in the quarter of an hour before they wrote (readers quoting the headline of a story they
  // shared, where the story's post is not in the data). Read from the members' own episodes, so an
  // extract of the day (the episodes two or more members acted in) reads the same.
  const sharesOf = memberShares(ctx);
  const commentary = (firstOf: Map<number, number>): boolean => {
    const count = new Map<number, number>();
    for (const [m, ev] of firstOf) {
      const t = ts[ev];
      const hit = new Set<number>();
      const { times, groups: shared } = sharesOf(m);
      for (let k = firstAtOrAfter(times, t - COMMENTARY_WINDOW); k < times.length && times[k] <= t; k++) hit.add(shared[k]);
      for (const h of hit) count.set(h, (count.get(h) ?? 0) + 1);
    }
    let most = 0;
    for (const n of count.values()) most = Math.max(most, n);
    return most >= 2 && 2 * most >= firstOf.size;
  };
  const rate = exposed ? exposure(ctx, byGroup, q) : () => q;
  let families = 0;
  let expected = 0;
  let zSum = 0;
  let share = 0;
  let joined = 0;
  let joinedSq = 0;
  let authorSum = 0;
  let heldSum = 0;
  let topHeld = 0; // the family holding the group most wholly: its k²/s, and its k
  let topK = 0;
  const counted: number[] = [];
  for (const [g, firstOf] of byGroup) {
    const s = authors[g];
    if (!ctx.copying.specific[g] || firstOf.size < 2 || s < 2 || source(g) || commentary(firstOf)) continue;
    counted.push(g);
    const k = firstOf.size;
    const qf = rate(g);
    // P(≥ k members | ≥ 2 members): how unusual this family's share of members is, given that it
    // was picked for holding two of them.
    const atLeast2 = 1 - (1 - qf) ** s - s * qf * (1 - qf) ** (s - 1);
    // Mid-p: a family of two authors, both members, is no evidence either way.
    const p = qf >= 1 ? 1 : Math.min(1, (binomialTail(s, k + 1, qf) + 0.5 * binomialPoint(s, k, qf)) / Math.max(atLeast2, 1e-300));
    zSum += Math.min(6, Math.max(-4, -inverseNormal(Math.min(1 - 1e-9, Math.max(p, 1e-12)))));
    families++;
    expected += s * qf;
    share += k / s;
    joined += k;
    joinedSq += k * k;
    authorSum += s;
    heldSum += (k * k) / s;
    if ((k * k) / s > topHeld) {
      topHeld = (k * k) / s;
      topK = k;
    }
  }
  if (!families) return { ...NO_COPYING, counted: [] };
  // A ring posts as a ring: a good part of it is in each of its families (campaign participation
  // runs 20–100%). A crowd quoting the day's headlines, with no source in the data to say so, sends
  // a different sliver of itself to each story: no ring, however concentrated its slivers are.
  // Read as the family size a member's text typically sits in (Σk²/Σk), so a few stray two-member
  // families (two members answering one post alike) do not dilute a ring's whole families.
  const tail = normalTail(zSum / Math.sqrt(families));
  const pooledLog10p = tail > 0 ? -Math.log10(tail) : 300;
  const ring = joinedSq / joined >= RING_PARTICIPATION * members.length;
  const concentration = Math.min(1, q / Math.max(share / families, 1e-9));
  // How whole, without the family the group holds most wholly: Louvain finds a group through its
  // text edges, so a group it carved out of one big family (readers who picked the same stock
  // comment) holds that family by construction. A ring holds its other families as wholly.
  const held = joined > topK ? (heldSum - topHeld) / (joined - topK) : 0;
  return { families, expected, log10p: ring ? pooledLog10p : 0, concentration, held, pooledLog10p, joined, authors: authorSum, counted };
}

const NO_COPYING: CopyingTest = { families: 0, expected: 0, log10p: 0, concentration: 1, held: 0, pooledLog10p: 0, joined: 0, authors: 0, counted: [] };

/**
 * Each account's shares (time, episode) in time order, made once per account a copying test asks
 * about: the commentary rule looks up the quarter of an hour before each text, and scanning all of
 * a member's activity for every family it wrote in took 2.5 s of the 10 M benchmark day's score
 * stage on one thread.
 */
function memberShares(ctx: NullContext): (account: number) => { times: Float64Array; groups: Int32Array } {
  const { table, groups, accOffset, accGroups, accEvents } = ctx;
  const made = new Map<number, { times: Float64Array; groups: Int32Array }>();
  return (a) => {
    let r = made.get(a);
    if (r) return r;
    const at: number[] = [];
    for (let q = accOffset[a]; q < accOffset[a + 1]; q++) if (groups.action[accGroups[q]] === 'share') at.push(q);
    at.sort((x, y) => table.ts[accEvents[x]] - table.ts[accEvents[y]]);
    r = { times: Float64Array.from(at, (q) => table.ts[accEvents[q]]), groups: Int32Array.from(at, (q) => accGroups[q]) };
    made.set(a, r);
    return r;
  };
}

/** First k with sorted[k] ≥ t. */
function firstAtOrAfter(sorted: Float64Array, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The chance that an author of family g is a member, under a null that keeps who answered what
 * (a community's parts: ClusterTestOptions.exposure). A family's text that answers a post (reply,
 * mention, quote) is drawn from that episode's answers: where members answered together, an author
 * there is a member with the members' share of its answerers, not their share of the day. A fan
 * community answering its creator in stock phrases splits into parts whose members fill most of
 * each other's families (dev organic small 303: a part of 27 fans, four families of 3 members among
 * 3–8 authors, read as a ring); against the answers they were among, they are ordinary. Not at the
 * top level: a brigade is most of its victim's answerers, and its template is the evidence (dev
 * brigade recall 0.94 → 0 when every community was read this way). Posts with no target, and
 * answers in episodes fewer than two members share (the Spark extract holds only those), keep the
 * day's share q. The family's rate is the mean over its authors (a binomial stands in for the
 * Poisson-binomial, which is no wider in the tail).
 */
function exposure(ctx: NullContext, byGroup: Map<number, Map<number, number>>, q: number): (g: number) => number {
  const { table, groups, accOffset, accGroups, accEvents } = ctx;
  const share = new Map<number, number>(); // episode members answered together → members' share of its answerers
  const shareOf = (g: number): number | undefined => {
    const firstOf = byGroup.get(g);
    if (!firstOf || firstOf.size < 2) return undefined;
    let r = share.get(g);
    if (r === undefined) {
      const who = new Set<number>();
      for (let k = groups.offset[g]; k < groups.offset[g + 1]; k++) who.add(table.account[groups.order[k]]);
      share.set(g, (r = Math.max(q, Math.min(1, firstOf.size / who.size))));
    }
    return r;
  };
  // The episode event e of account a answers in, read from the account's own entries.
  const answered = (a: number, e: number): number => {
    for (let k = accOffset[a]; k < accOffset[a + 1]; k++) if (accEvents[k] === e && groups.action[accGroups[k]] !== 'text') return accGroups[k];
    return -1;
  };
  return (g) => {
    const seen = new Set<number>();
    let sum = 0;
    for (let k = groups.offset[g]; k < groups.offset[g + 1]; k++) {
      const e = groups.order[k];
      const a = table.account[e];
      if (seen.has(a)) continue;
      seen.add(a);
      const episode = answered(a, e);
      sum += (episode >= 0 ? shareOf(episode) : undefined) ?? q;
    }
    return seen.size ? sum / seen.size : q;
  };
}

/** P(X ≥ k) for X ~ Binomial(n, p), in linear space (n is a family's size: small). */
function binomialTail(n: number, k: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  let sum = 0;
  let term = Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
  for (let j = k; j <= n; j++) {
    sum += term;
    term *= ((n - j) / (j + 1)) * (p / (1 - p));
    if (term < sum * 1e-16) break;
  }
  return Math.min(1, sum);
}

/** P(X = k) for X ~ Binomial(n, p). */
function binomialPoint(n: number, k: number, p: number): number {
  return Math.exp(logChoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
}

/**
 * How soon after sharing an item a text still comments on it (ms): a quarter of an hour, the widest
 * co-action window (lockstep means minutes). Two hours took a bot farm's promotional posts for
 * comments on the item its bots had shared in the slot before (held-out mixed small: bot-farm
 * recall 1.00 → 0.61 at the lowest seed).
 */
const COMMENTARY_WINDOW = 15 * 60_000;

/** Share of a group that must join its near-duplicate families, on average, for it to read as a ring. */
const RING_PARTICIPATION = 0.1;

function logGamma(n: number): number {
  let s = 0;
  for (let i = 2; i < n; i++) s += Math.log(i);
  return s;
}


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
  return { zScore, pValue: normalTail(zScore), tightness: weightedGeoMean(ts.map((t) => [t.effect, t.events.length - 1])), targets: ts.length };
}

function burstMix(ts: GroupTiming[]): Pick<ClusterTiming, 'bursts' | 'burstEligible' | 'burstShare' | 'burstTightness'> {
  let all = 0;
  let inBursts = 0;
  const pairs: [number, number][] = [];
  for (const t of ts) {
    const w = t.events.length - 1;
    all += w;
    if (t.burst) {
      inBursts += w;
      pairs.push([t.effect, w]);
    }
  }
  return { bursts: pairs.length, burstEligible: ts.length, burstShare: all ? inBursts / all : 0, burstTightness: weightedGeoMean(pairs) };
}

function typicalSpan(ts: GroupTiming[]): number {
  // The bursts the report shows: "typically within …" and the pace fade read the same number.
  const bursts = ts.filter((t) => t.burst);
  const spans = (bursts.length ? bursts : ts).map((t) => t.span).sort((a, b) => a - b);
  return spans.length ? spans[spans.length >> 1] : 0;
}

/**
 * The members that carry the cluster's bursts: inside the central burst on tight targets worth at
 * least two co-actions of evidence (action-weighted, so one report brigade burst can suffice), and
 * inside it on most of the tight targets they acted on at all. Organic accounts that happen to share
 * a pushed item sit outside the burst most of the time and are dropped.
 */
function coreMembers(ctx: NullContext, groups: GroupTiming[]): number[] {
  const { table } = ctx;
  const inside = new Map<number, number>();
  const seen = new Map<number, number>();
  for (const g of groups) {
    // Tighter than ~85% of the null's draws (z ≥ 1): with minute timestamps a co-retweet in the
    // same minute is no stronger than that, and repetition, not any one burst, carries the case.
    if (g.z < CORE_Z) continue;
    const w = ctx.weights.get(ctx.groups.action[g.group]) ?? 1;
    const times = g.events.map((i) => table.ts[i]);
    const m = times.length;
    const [i0, i1] = coreWindow(times);
    // The burst window, padded by half its width so edge members are not cut off arbitrarily.
    const pad = Math.max((times[i1] - times[i0]) / 2, 30_000, ctx.resolution);
    for (let k = 0; k < m; k++) {
      const a = table.account[g.events[k]];
      seen.set(a, (seen.get(a) ?? 0) + w);
      if (times[k] >= times[i0] - pad && times[k] <= times[i1] + pad) inside.set(a, (inside.get(a) ?? 0) + w);
    }
  }
  return [...inside].filter(([a, w]) => w >= 2 && w >= 0.5 * seen.get(a)!).map(([a]) => a);
}
