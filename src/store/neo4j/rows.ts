import type { ActivityEvent } from '../../ingest/types.js';
import type { ReportCluster } from '../../report/types.js';
import type { Review, ReviewState, StoredCluster } from '../types.js';

/** Separates the values of a packed column (see packEvents). */
export const SEP = '\u001f';
/**
 * Escape character of packed columns. In an escaped batch, ESC + '0' inside a value is ESC and
 * ESC + '1' is SEP; a value that is ESC alone stands for an absent text or platform (no escaped
 * value can be: every ESC in one is followed by 0 or 1).
 */
export const ESC = '\u001a';

/**
 * A batch of events as CREATE_EVENTS parameters: each column is one string, the values joined by SEP
 * (text columns) or ',' (numbers). The driver packs a parameter value by value (checking each for
 * temporal and spatial types), so 5,000 events as seven lists of values cost the client about 15 µs
 * per event; as ten strings, about 2 µs, and the server splits them as fast as it unpacked the lists.
 * Event i is ids[i], accounts[a[i]], targets[t[i]] (t[i] '' for no target), action[i], ts[i],
 * text[i], platform[i]. `accounts` and `targets` are the batch's distinct ids, sorted (so concurrent
 * writers lock them in the same order); `targets` is '' when there are none (`nTargets` 0).
 * When some string contains SEP or ESC, every string column is escaped and `escaped` is true.
 */
export interface PackedEvents {
  escaped: boolean;
  accounts: string;
  targets: string;
  nTargets: number;
  ids: string;
  a: string;
  t: string;
  action: string;
  /** Integers as digits; any other number in exponent form (so it reads back as a float). */
  ts: string;
  text: string;
  platform: string;
}

export function packEvents(events: ActivityEvent[]): PackedEvents {
  const accountPos = new Map<string, number>();
  const targetPos = new Map<string, number>();
  for (const e of events) {
    accountPos.set(e.account, 0);
    if (e.target !== undefined) targetPos.set(e.target, 0);
  }
  const accounts = [...accountPos.keys()].sort();
  const targets = [...targetPos.keys()].sort();
  accounts.forEach((id, i) => accountPos.set(id, i));
  targets.forEach((id, i) => targetPos.set(id, i));
  const n = events.length;
  const ids = new Array<string>(n);
  const a = new Array<number>(n);
  const t = new Array<number | string>(n);
  const action = new Array<string>(n);
  const ts = new Array<string>(n);
  const text = new Array<string>(n);
  const platform = new Array<string>(n);
  let plain = true;
  const check = (s: string) => {
    if (plain && (s.includes(SEP) || s.includes(ESC))) plain = false;
    return s;
  };
  for (let i = 0; i < n; i++) {
    const e = events[i];
    ids[i] = check(e.id as string);
    a[i] = accountPos.get(e.account)!;
    t[i] = e.target === undefined ? '' : targetPos.get(e.target)!;
    action[i] = check(e.action);
    ts[i] = Number.isSafeInteger(e.ts) ? String(e.ts) : e.ts.toExponential();
    text[i] = e.text === undefined ? ESC : check(e.text);
    platform[i] = e.platform === undefined ? ESC : check(e.platform);
  }
  for (const s of accounts) check(s);
  for (const s of targets) check(s);
  const col = (xs: string[]) => (plain ? xs : xs.map(escape)).join(SEP);
  // Absent texts and platforms are ESC; in an escaped batch the present ones are escaped apart from them.
  const optional = (xs: string[], field: 'text' | 'platform') => (plain ? xs.join(SEP) : events.map((e) => (e[field] === undefined ? ESC : escape(e[field]))).join(SEP));
  return {
    escaped: !plain,
    accounts: col(accounts),
    targets: col(targets),
    nTargets: targets.length,
    ids: col(ids),
    a: a.join(','),
    t: t.join(','),
    action: col(action),
    ts: ts.join(','),
    text: optional(text, 'text'),
    platform: optional(platform, 'platform'),
  };
}

/** MERGE_NODES parameters: accounts and targets as packed, sorted columns (see PackedEvents). */
export function packNodes(accountIds: Iterable<string>, targetIds: Iterable<string>): Pick<PackedEvents, 'escaped' | 'accounts' | 'targets' | 'nTargets'> & { nAccounts: number } {
  const accounts = [...accountIds].sort();
  const targets = [...targetIds].sort();
  const escaped = [...accounts, ...targets].some((x) => x.includes(SEP) || x.includes(ESC));
  const col = (xs: string[]) => (escaped ? xs.map(escape) : xs).join(SEP);
  return { escaped, accounts: col(accounts), targets: col(targets), nAccounts: accounts.length, nTargets: targets.length };
}

function escape(s: string): string {
  return s.replaceAll(ESC, ESC + '0').replaceAll(SEP, ESC + '1');
}

/** A returned record's fields back into an event (absent fields left out, as validateEvent does). */
export function rowToEvent(r: Record<string, unknown>): ActivityEvent {
  const e: ActivityEvent = { id: r.id as string, account: r.account as string, action: r.action as string, ts: Number(r.ts) };
  if (r.target != null) e.target = r.target as string;
  if (r.text != null) e.text = r.text as string;
  if (r.platform != null) e.platform = r.platform as string;
  return e;
}

/** The ReportCluster fields kept as their own properties; everything else goes into `extra` JSON. */
const OWN = new Set(['id', 'score', 'members', 'signals', 'evidence', 'summary', 'firstSeen', 'lastSeen']);

/** Cluster node properties. Neo4j properties are flat, so nested values are JSON strings. */
export interface ClusterProps {
  score: number;
  summary: string;
  members: string[];
  signalNames: string[];
  signals: string;
  evidence: string;
  firstSeen: string | null;
  lastSeen: string | null;
  /** The cluster's activity span in epoch ms, for time filters (falls back to the scan time, like the embedded store). */
  firstMs: number;
  lastMs: number;
  extra: string | null;
}

export function clusterToProps(c: ReportCluster, generatedAt: string): ClusterProps {
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(c)) if (!OWN.has(k) && v !== undefined) extra[k] = v;
  const firstMs = Date.parse(c.firstSeen ?? generatedAt);
  const lastMs = Date.parse(c.lastSeen ?? c.firstSeen ?? generatedAt);
  return {
    score: c.score,
    summary: c.summary,
    members: c.members,
    signalNames: Object.keys(c.signals ?? {}),
    signals: JSON.stringify(c.signals ?? {}),
    evidence: JSON.stringify(c.evidence ?? []),
    firstSeen: c.firstSeen ?? null,
    lastSeen: c.lastSeen ?? null,
    firstMs: Number.isFinite(firstMs) ? firstMs : 0,
    lastMs: Number.isFinite(lastMs) ? lastMs : 0,
    extra: Object.keys(extra).length ? JSON.stringify(extra) : null,
  };
}

/** A Cluster node's properties back into a StoredCluster. */
export function propsToCluster(p: Record<string, unknown>): StoredCluster {
  const c: StoredCluster = {
    ...(typeof p.extra === 'string' ? (JSON.parse(p.extra) as Partial<ReportCluster>) : {}),
    id: p.id as string,
    score: Number(p.score),
    members: (p.members as string[] | undefined) ?? [],
    signals: JSON.parse((p.signals as string | undefined) ?? '{}') as ReportCluster['signals'],
    evidence: JSON.parse((p.evidence as string | undefined) ?? '[]') as ReportCluster['evidence'],
    summary: (p.summary as string | undefined) ?? '',
    scanId: p.scanId as string,
    generatedAt: p.generatedAt as string,
  };
  if (typeof p.firstSeen === 'string') c.firstSeen = p.firstSeen;
  if (typeof p.lastSeen === 'string') c.lastSeen = p.lastSeen;
  if (typeof p.reviewState === 'string') {
    const review: Review = { state: p.reviewState as ReviewState, by: p.reviewBy as string, at: p.reviewAt as string };
    if (typeof p.reviewNote === 'string') review.note = p.reviewNote;
    c.review = review;
  }
  return c;
}
