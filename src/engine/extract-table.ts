import type { EventTable } from '../ingest/table.js';
import { TEXT_ACTION, type TargetGroups } from '../graph/groups.js';
import type { EdgeList } from '../graph/coaction.js';

/**
 * The timing test's extract (the Spark job's second phase) as the in-process structures: an event
 * table of the extract's events and the episodes members acted in, numbered so that every order
 * the timing test follows is the in-process one:
 * - events in their day position (`pos`) order, so ties in time break as in process;
 * - accounts in first-arrival order over the day (`idx`, the position of an account's first event),
 *   so member lists, edge order and tie-breaks by account index keep their in-process order;
 * - episodes in the in-process group order (gkind, gfirst, ep), each in (time, position) order.
 * Only relative orders survive: indices are dense over the extract, not the day's.
 */

export interface ExtractEvent {
  pos: number;
  account: string;
  action: string;
  target: string | null;
  ts: number;
  id: string | null;
  /** The event's text family (text_groups), or null. */
  family: number | null;
  /** Kept where it is read (a member's event, an event in a text family), else null. */
  text: string | null;
}

export interface EpisodeRow {
  gkind: number;
  gfirst: number;
  ep: number;
  pos: number;
}

export interface AccountRow {
  account: string;
  /** Position of the account's first event in the day. */
  idx: number;
  /** The in-process account number (idx's rank over the day's accounts), where the job gives it. */
  rank?: number;
}

/**
 * Accounts on their in-process numbers: a sparse list as long as the day's accounts, named where
 * the extract needs them. The slice regime's lockstep cells order accounts by the string form of
 * their numbers (detectCommunities sorts node keys as strings), which dense extract numbers do not
 * keep; the cost is a few typed arrays as long as the day's accounts (about 20 bytes an account).
 */
export function accountSlots(rows: AccountRow[], accounts: number): string[] {
  const names: string[] = new Array<string>(accounts);
  for (const r of rows) {
    if (r.rank === undefined || r.rank < 0 || r.rank >= accounts) throw new Error(`the Spark extract numbers ${r.account} ${r.rank}, of ${accounts} accounts: incomplete output`);
    if (names[r.rank] !== undefined) throw new Error(`the Spark extract gives number ${r.rank} to ${names[r.rank]} and ${r.account}`);
    names[r.rank] = r.account;
  }
  return names;
}

/** Accounts of several lists in first-arrival order; the same account must have the same idx everywhere. */
export function accountOrder(...lists: AccountRow[][]): string[] {
  const idx = new Map<string, number>();
  for (const list of lists)
    for (const { account, idx: i } of list) {
      const prev = idx.get(account);
      if (prev !== undefined && prev !== i) throw new Error(`account ${account} first arrives at ${prev} in one Spark output and ${i} in another: the phases read different input`);
      idx.set(account, i);
    }
  return [...idx].sort((x, y) => x[1] - y[1]).map(([a]) => a);
}

/** Edges given by account name, on the indices of `accountNames`, ordered by (a, b) as in process. */
export function indexEdges(rows: { a: string; b: string; weight: number; groups: number }[], accountNames: string[]): EdgeList {
  const index = new Map<string, number>();
  accountNames.forEach((n, i) => index.set(n, i));
  const list = rows.map((r) => {
    const x = index.get(r.a);
    const y = index.get(r.b);
    if (x === undefined || y === undefined) throw new Error(`Spark edge between unknown accounts ${r.a} and ${r.b}: the job read different input`);
    return { a: Math.min(x, y), b: Math.max(x, y), weight: r.weight, groups: r.groups };
  });
  list.sort((p, q) => p.a - q.a || p.b - q.b);
  const m = list.length;
  const edges: EdgeList = { a: new Int32Array(m), b: new Int32Array(m), weight: new Float64Array(m), groups: new Float32Array(m), size: m };
  list.forEach((e, k) => {
    edges.a[k] = e.a;
    edges.b[k] = e.b;
    edges.weight[k] = e.weight;
    edges.groups[k] = e.groups;
  });
  return edges;
}

/** The extract's events as an EventTable on `accountNames` (every event's account must be in it). */
export function extractTable(rows: ExtractEvent[], accountNames: string[]): { table: EventTable; posIndex: Map<number, number> } {
  const sorted = [...rows].sort((x, y) => x.pos - y.pos);
  const n = sorted.length;
  const accountIndex = new Map<string, number>();
  accountNames.forEach((a, i) => accountIndex.set(a, i));
  const intern = (names: string[], index: Map<string, number>, s: string) => {
    let k = index.get(s);
    if (k === undefined) {
      k = names.length;
      names.push(s);
      index.set(s, k);
    }
    return k;
  };
  const targetNames: string[] = [];
  const targetIndex = new Map<string, number>();
  const actionNames: string[] = [];
  const actionIndex = new Map<string, number>();
  // Shared memory, as the ingested table's times and accounts are (scoring threads read them in place).
  const account = new Int32Array(new SharedArrayBuffer(n * 4));
  const ts = new Float64Array(new SharedArrayBuffer(n * 8));
  const action = new Int32Array(n);
  const target = new Int32Array(n);
  const text: (string | undefined)[] = new Array(n);
  const id: (string | undefined)[] = new Array(n);
  const posIndex = new Map<number, number>();
  sorted.forEach((r, i) => {
    if (i > 0 && r.pos === sorted[i - 1].pos) throw new Error(`the Spark extract has event ${r.pos} twice`);
    const a = accountIndex.get(r.account);
    if (a === undefined) throw new Error(`the Spark extract's event ${r.pos} is by ${r.account}, an account not in its account table`);
    account[i] = a;
    ts[i] = r.ts;
    action[i] = intern(actionNames, actionIndex, r.action);
    target[i] = r.target === null ? -1 : intern(targetNames, targetIndex, r.target);
    text[i] = r.text ?? undefined;
    id[i] = r.id ?? undefined;
    posIndex.set(r.pos, i);
  });
  return { table: { size: n, account, action, target, ts, text, id, accountNames, targetNames, actionNames }, posIndex };
}

/**
 * The episodes as TargetGroups over the extract table: the in-process group order (gkind, then
 * gfirst, then ep), each group's events in (time, position) order. A target episode is labelled by
 * its target and action; a text-family episode "text#<family>", as groupByTarget labels them.
 */
export function extractGroups(rows: EpisodeRow[], table: EventTable, posIndex: Map<number, number>, families: Map<number, number>): TargetGroups {
  const local = rows.map((r) => {
    const i = posIndex.get(r.pos);
    if (i === undefined) throw new Error(`the Spark extract's episode (${r.gkind}, ${r.gfirst}, ${r.ep}) holds event ${r.pos}, which is not among its events`);
    return { ...r, i };
  });
  // Positions order events within a time, as in process (time ties broken by arrival).
  local.sort((x, y) => x.gkind - y.gkind || x.gfirst - y.gfirst || x.ep - y.ep || table.ts[x.i] - table.ts[y.i] || x.pos - y.pos);
  const offset: number[] = [0];
  const label: string[] = [];
  const action: string[] = [];
  const parent: number[] = [];
  const order = new Int32Array(new SharedArrayBuffer(local.length * 4));
  let parents = -1;
  for (let k = 0; k < local.length; k++) {
    const r = local[k];
    const prev = local[k - 1];
    const newParent = !prev || prev.gkind !== r.gkind || prev.gfirst !== r.gfirst;
    if (newParent || prev.ep !== r.ep) {
      if (k > 0) offset.push(k);
      if (newParent) parents++;
      parent.push(parents);
      if (r.gkind === 0) {
        const tg = table.target[r.i];
        if (tg < 0) throw new Error(`the Spark extract's target episode at ${r.gfirst} holds event ${r.pos}, which has no target`);
        label.push(table.targetNames[tg]);
        action.push(table.actionNames[table.action[r.i]]);
      } else {
        const f = families.get(r.pos);
        if (f === undefined) throw new Error(`the Spark extract's text episode at ${r.gfirst} holds event ${r.pos}, which is in no text family`);
        label.push(`text#${f}`);
        action.push(TEXT_ACTION);
      }
    }
    order[k] = r.i;
  }
  if (local.length) offset.push(local.length);
  return { size: label.length, offset: Int32Array.from(offset), order, label, action, parent: Int32Array.from(parent) };
}
