/**
 * Pure scoring functions for the evaluation harness: account-level detection metrics against
 * generator truth, lockstep accounts and cluster purity/NMI for labelled real data.
 */
import { coShareCounts, pairOf } from './coshare.js';

export interface ClusterLike {
  members: readonly string[];
  /** Clusters this strong a scan of uncoordinated data would flag, as the detector claims (report field). */
  expectedFalse?: number;
}

export interface TruthLike {
  campaigns: readonly { id: string; kind: string; members: readonly string[]; params?: Readonly<Record<string, unknown>> }[];
  roles: Readonly<Record<string, string>>;
}

export interface CampaignScore {
  id: string;
  kind: string;
  size: number;
  recall: number;
  /** Flagged clusters holding at least one of its members (1 = found whole, >1 = split). */
  clusters: number;
  /** Members found (recall × size). */
  found: number;
  /** How wide one push is, first to last member (s), where the truth says (params.spreadS). */
  spreadS?: number;
}

export interface AccountScores {
  flagged: number;
  positives: number;
  truePositives: number;
  /** NaN when undefined (nothing flagged / no campaign members). */
  precision: number;
  recall: number;
  f1: number;
  /** Flagged non-campaign accounts / non-campaign accounts. */
  organicFpr: number;
  newsFpr: number;
  fanFpr: number;
  /** Flagged accounts / all accounts (what organic-only worlds are judged by). */
  flaggedShare: number;
  perCampaign: CampaignScore[];
  /** Member-weighted recall per campaign kind. */
  recallByKind: Record<string, number>;
  /**
   * Calibration: flagged clusters that are false (most members outside every campaign), and what
   * the flags claimed about that (Σ expectedFalse over all flagged clusters; NaN when the detector
   * claims nothing). A threshold that means something keeps the first near the second.
   */
  falseClusters: number;
  claimedFalse: number;
  /**
   * The F1 a detector reaches here by finding every campaign member it could and flagging nothing
   * else (precision 1), where what it could find excludes the members of timing-only campaigns
   * spreading a push over more than TIMING_REACH_S (timingReach). NaN without campaigns.
   */
  ceilingF1: number;
  /** Recall among those members (the ceiling's reachable ones): how much of what is within reach is found. */
  reachRecall: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? NaN : a / b);

/** Kinds whose pushes are texts (found by the copying reading, whatever their timing). */
const TEXT_KINDS = new Set(['brigade', 'copypasta', 'botfarm']);

/**
 * The widest push (s, first to last member) timing can tell from the look-alikes the benchmark
 * draws and the issue requires be left alone. A push spread evenly over 10 min holds 80% of its
 * members within 8 min: as tight as a fan base answering at a 6-min median (log-sd 0.5), inside the
 * drawn fan range (median 2–40 min, log-sd 0.5–1.5), and as a community passing a post around
 * (README, "What timing can reach"). Wider pushes are found by their text or not at all.
 */
export const TIMING_REACH_S = 600;

/** A campaign whose members some rule could find without flagging a look-alike: text kinds, and pushes within TIMING_REACH_S. */
export const timingReach = (c: TruthLike['campaigns'][number]): boolean =>
  TEXT_KINDS.has(c.kind) || typeof c.params?.spreadS !== 'number' || c.params.spreadS <= TIMING_REACH_S;

/** Flagged = member of any flagged cluster; positive = member of any campaign. */
export function scoreAccounts(clusters: readonly ClusterLike[], truth: TruthLike): AccountScores {
  const flagged = new Set<string>();
  const clusterOf = new Map<string, number[]>();
  clusters.forEach((c, i) => {
    for (const m of c.members) {
      flagged.add(m);
      const l = clusterOf.get(m);
      if (l) l.push(i);
      else clusterOf.set(m, [i]);
    }
  });
  const positives = new Set<string>(truth.campaigns.flatMap((c) => [...c.members]));
  let tp = 0;
  for (const m of flagged) if (positives.has(m)) tp++;
  const precision = ratio(tp, flagged.size);
  const recall = ratio(tp, positives.size);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : Number.isNaN(precision) || Number.isNaN(recall) ? NaN : 0;
  const inReach = new Set(truth.campaigns.filter(timingReach).flatMap((c) => [...c.members]));
  const reachable = ratio(inReach.size, positives.size);
  let reachFound = 0;
  for (const m of inReach) if (flagged.has(m)) reachFound++;

  const roleRate = (pred: (role: string) => boolean) => {
    let n = 0, f = 0;
    for (const [acc, role] of Object.entries(truth.roles)) {
      if (positives.has(acc) || !pred(role)) continue;
      n++;
      if (flagged.has(acc)) f++;
    }
    return ratio(f, n);
  };

  const perCampaign = truth.campaigns.map((c) => {
    const hit = c.members.filter((m) => flagged.has(m));
    const ids = new Set(hit.flatMap((m) => clusterOf.get(m) ?? []));
    const spread = c.params?.spreadS;
    return { id: c.id, kind: c.kind, size: c.members.length, recall: ratio(hit.length, c.members.length), clusters: ids.size, found: hit.length, ...(typeof spread === 'number' ? { spreadS: spread } : {}) };
  });
  const byKind = new Map<string, [number, number]>();
  for (const c of perCampaign) {
    const [h, n] = byKind.get(c.kind) ?? [0, 0];
    byKind.set(c.kind, [h + (Number.isNaN(c.recall) ? 0 : c.recall * c.size), n + c.size]);
  }
  return {
    flagged: flagged.size,
    positives: positives.size,
    truePositives: tp,
    precision,
    recall,
    f1,
    organicFpr: roleRate(() => true),
    newsFpr: roleRate((r) => r === 'news'),
    fanFpr: roleRate((r) => r === 'fan'),
    flaggedShare: ratio([...flagged].filter((a) => Object.hasOwn(truth.roles, a)).length, Object.keys(truth.roles).length),
    perCampaign,
    recallByKind: Object.fromEntries([...byKind].map(([k, [h, n]]) => [k, ratio(h, n)])),
    falseClusters: clusters.filter((c) => c.members.filter((m) => positives.has(m)).length * 2 < c.members.length).length,
    claimedFalse: clusters.some((c) => c.expectedFalse !== undefined) ? clusters.reduce((sum, c) => sum + (c.expectedFalse ?? 0), 0) : NaN,
    ceilingF1: (2 * reachable) / (1 + reachable),
    reachRecall: ratio(reachFound, inReach.size),
  };
}

/** Push widths (s), first to last member: up to a minute, 3 min, 5 min, 10 min, beyond. */
const WIDTH_BINS = [60, 180, 300, 600, Infinity] as const;

/**
 * Campaign recall pooled over worlds, by how wide one push is: what timing evidence can reach. A
 * push spread uniformly over w seconds holds 80% of its members within 0.8 w; a fast real crowd
 * reacting to an unseen trigger (null-model.ts) holds 80% within about 6.6 min, so pushes over
 * 10 min are no evidence by timing alone (by design), and only copying finds text kinds.
 */
export function recallByWidth(scores: readonly AccountScores[]): { label: string; found: number; size: number }[] {
  const label = (i: number) => (i === 0 ? `≤ ${minutes(WIDTH_BINS[0])}` : WIDTH_BINS[i] === Infinity ? `> ${minutes(WIDTH_BINS[i - 1])}` : `${minutes(WIDTH_BINS[i - 1])}–${minutes(WIDTH_BINS[i])}`);
  const rows = [...WIDTH_BINS.map((_, i) => ({ label: label(i), found: 0, size: 0 })), { label: 'text kinds', found: 0, size: 0 }];
  for (const s of scores)
    for (const c of s.perCampaign) {
      const row = TEXT_KINDS.has(c.kind) ? rows[rows.length - 1] : c.spreadS === undefined ? undefined : rows[WIDTH_BINS.findIndex((hi) => c.spreadS! <= hi)];
      if (!row) continue;
      row.found += c.found;
      row.size += c.size;
    }
  return rows.filter((r) => r.size > 0);
}

const minutes = (s: number) => `${s / 60} min`;

/** Median of the defined values (NaN when none). */
export function median(xs: readonly number[]): number {
  const v = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export interface ShareLike {
  account: string;
  target: string;
  ts: number;
}

/**
 * Accounts that share the same target within `windowS` seconds (inclusive) of one other account
 * at least `minTimes` times: members of a co-share edge of weight >= minTimes. The shared-data
 * README's "lockstep" accounts (ira-2016-10: 215 at 60 s, twice).
 */
export function lockstepAccounts(shares: readonly ShareLike[], windowS = 60, minTimes = 2): Set<string> {
  const names: string[] = [], ids = new Map<string, number>(), tids = new Map<string, number>();
  const intern = (m: Map<string, number>, k: string, keep?: string[]) => {
    let v = m.get(k);
    if (v === undefined) { v = m.size; m.set(k, v); keep?.push(k); }
    return v;
  };
  const cols = {
    account: shares.map((x) => intern(ids, x.account, names)),
    target: shares.map((x) => intern(tids, x.target)),
    ts: shares.map((x) => x.ts),
  };
  const out = new Set<string>();
  for (const [key, n] of coShareCounts(cols, windowS * 1000)) {
    if (n < minTimes) continue;
    const [a, b] = pairOf(key);
    out.add(names[a]);
    out.add(names[b]);
  }
  return out;
}

/**
 * Weighted majority-category share of flagged members: Σ_clusters max_category count / Σ sizes,
 * over members that have a label. 1 = every cluster is single-category.
 */
export function purity(clusters: readonly ClusterLike[], labels: Readonly<Record<string, string>>): number {
  let maj = 0, total = 0;
  for (const c of clusters) {
    const counts = new Map<string, number>();
    for (const m of c.members) {
      const l = labels[m];
      if (l !== undefined) counts.set(l, (counts.get(l) ?? 0) + 1);
    }
    let best = 0, n = 0;
    for (const v of counts.values()) { n += v; best = Math.max(best, v); }
    maj += best;
    total += n;
  }
  return ratio(maj, total);
}

/**
 * Normalised mutual information (arithmetic-mean normalisation) between cluster assignment and
 * category over labelled flagged members (a member in several clusters counts in its first).
 */
export function nmi(clusters: readonly ClusterLike[], labels: Readonly<Record<string, string>>): number {
  const pairs: [number, string][] = [];
  const seen = new Set<string>();
  clusters.forEach((c, i) => {
    for (const m of c.members) {
      if (seen.has(m) || labels[m] === undefined) continue;
      seen.add(m);
      pairs.push([i, labels[m]]);
    }
  });
  const n = pairs.length;
  if (n === 0) return NaN;
  const ca = new Map<number, number>(), cb = new Map<string, number>(), cab = new Map<string, number>();
  for (const [a, b] of pairs) {
    ca.set(a, (ca.get(a) ?? 0) + 1);
    cb.set(b, (cb.get(b) ?? 0) + 1);
    const k = `${a}\u0000${b}`;
    cab.set(k, (cab.get(k) ?? 0) + 1);
  }
  const h = (m: Map<unknown, number>) => -[...m.values()].reduce((s, v) => s + (v / n) * Math.log(v / n), 0);
  let mi = 0;
  for (const [k, v] of cab) {
    const [a, b] = k.split('\u0000');
    mi += (v / n) * Math.log((v * n) / (ca.get(Number(a))! * cb.get(b)!));
  }
  const ha = h(ca), hb = h(cb);
  return ha + hb === 0 ? 1 : (2 * mi) / (ha + hb);
}
