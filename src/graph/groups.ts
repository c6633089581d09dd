import type { EventTable } from '../ingest/table.js';

/** Action name given to near-duplicate text groups, which act as pseudo-targets. */
export const TEXT_ACTION = 'text';

/**
 * Events grouped by (target, action) episode, each sorted by time: the unit on which co-action is
 * defined. An episode ends at a silence longer than `episodeGap`, so a victim reported in two waves
 * or a template posted in several waves counts as repeated coordination, like several items would.
 * Near-duplicate text families join as extra groups (an event may sit in both its target's group
 * and a text group). CSR layout: group g's events are order[offset[g] .. offset[g+1]).
 */
export interface TargetGroups {
  size: number;
  offset: Int32Array;
  order: Int32Array;
  /** Display label of each group's target (a target name, or "text#<n>"). */
  label: string[];
  /** Action name of each group ("text" for text groups). */
  action: string[];
  /** The whole-target group each episode belongs to (episodes of one target are contiguous). */
  parent: Int32Array;
}

/** Near-duplicate text memberships: textGroup[i] = text group of event i, or -1. */
export type TextGroups = Int32Array;

export function groupByTarget(t: EventTable, textGroup?: TextGroups, episodeGap = Infinity): TargetGroups {
  const n = t.size;
  return joinGroups(t, targetEpisodes(t.target.subarray(0, n), t.action.subarray(0, n), t.ts, t.targetNames.length, t.actionNames.length, episodeGap), textGroup, episodeGap);
}

/**
 * The (target, action) episodes, the part of groupByTarget that needs no text families (so it can
 * be made in a worker while the texts are clustered: src/graph/groups-aside.ts). Group g of the
 * whole-target groups is key[g] = target · actions + action; episodes are CSR over `order`.
 */
export interface TargetEpisodes {
  /** Whole-target groups, numbered in order of first appearance. */
  groups: number;
  /** target · actions + action of each whole-target group. */
  key: Float64Array;
  /** Episodes: offset (episodes + 1) into order, and the whole-target group of each. */
  offset: Int32Array;
  order: Int32Array;
  parent: Int32Array;
  /** Each event's time and account in `order` (for pair counting), when gathered (gatherInOrder). */
  gathered?: Gathered;
}

/** Times and accounts gathered into a group order: ts[k] = ts of order[k]. */
export interface Gathered {
  ts: Float64Array;
  account: Int32Array;
}

/** Times and accounts of `order`'s events, in that order (in shared memory when `share`). */
export function gatherInOrder(order: Int32Array, ts: Float64Array, account: Int32Array, share: boolean): Gathered {
  const n = order.length;
  const out: Gathered = share
    ? { ts: new Float64Array(new SharedArrayBuffer(n * 8)), account: new Int32Array(new SharedArrayBuffer(n * 4)) }
    : { ts: new Float64Array(n), account: new Int32Array(n) };
  for (let k = 0; k < n; k++) {
    out.ts[k] = ts[order[k]];
    out.account[k] = account[order[k]];
  }
  return out;
}

export function targetEpisodes(target: Int32Array, action: Int32Array, ts: Float64Array, nTargets: number, nActions: number, episodeGap: number): TargetEpisodes {
  const n = target.length;
  const nA = nActions;
  // Group of each (target, action) key, numbered in order of first appearance: in a typed array
  // when the keys fit one (a Map lookup per event was most of this function), else a Map.
  const keys = nTargets * nA;
  const dense = keys <= 1 << 26 ? new Int32Array(keys).fill(-1) : undefined;
  const gidOf = new Map<number, number>();
  let keyOf = new Float64Array(1024);
  let G = 0;
  // Each event's target group (-1: none): a typed column, not a growing array of pairs.
  const targetGroup = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const tg = target[i];
    if (tg >= 0) {
      const key = tg * nA + action[i];
      let g = dense ? dense[key] : (gidOf.get(key) ?? -1);
      if (g < 0) {
        g = G++;
        if (dense) dense[key] = g;
        else gidOf.set(key, g);
        if (g === keyOf.length) {
          const grown = new Float64Array(keyOf.length * 2);
          grown.set(keyOf);
          keyOf = grown;
        }
        keyOf[g] = key;
      }
      targetGroup[i] = g;
    }
  }
  const csr = sortedGroups(targetGroup, G, ts, 0);
  return { groups: G, key: keyOf.slice(0, G), ...splitEpisodes(csr.offset, csr.order, ts, episodeGap, 0) };
}

/**
 * groupByTarget from the target episodes and the text families: the text families' groups come
 * after the targets' (numbered in order of first appearance), their events after the targets' in
 * one shared `order`.
 */
export function joinGroups(t: EventTable, te: TargetEpisodes, textGroup: TextGroups | undefined, episodeGap: number): TargetGroups {
  const nA = t.actionNames.length;
  const label: string[] = [];
  const action: string[] = [];
  const nTargetEpisodes = te.parent.length;
  for (let e = 0; e < nTargetEpisodes; e++) {
    const key = te.key[te.parent[e]];
    const target = Math.floor(key / nA);
    label.push(t.targetNames[target]);
    action.push(t.actionNames[key - target * nA]);
  }
  let text: { offset: Int32Array; order: Int32Array; parent: Int32Array } | undefined;
  if (textGroup) {
    const textGroupOf = new Int32Array(t.size).fill(-1);
    const textGid = new Map<number, number>();
    const families: number[] = [];
    for (let i = 0; i < t.size; i++) {
      const tg = textGroup[i];
      if (tg < 0) continue;
      let g = textGid.get(tg);
      if (g === undefined) {
        g = families.length;
        textGid.set(tg, g);
        families.push(tg);
      }
      textGroupOf[i] = g;
    }
    const csr = sortedGroups(textGroupOf, families.length, t.ts, te.order.length);
    text = splitEpisodes(csr.offset, csr.order, t.ts, episodeGap, te.groups);
    for (let e = 0; e < text.parent.length; e++) {
      label.push(`text#${families[text.parent[e] - te.groups]}`);
      action.push(TEXT_ACTION);
    }
  }
  // In shared memory: scoring threads read it in place (detect/score-context.ts).
  const nOrder = te.order.length + (text?.order.length ?? 0);
  const order = new Int32Array(new SharedArrayBuffer(nOrder * 4));
  order.set(te.order);
  const offset = new Int32Array(label.length + 1);
  offset.set(te.offset);
  const parent = new Int32Array(label.length);
  parent.set(te.parent);
  if (text) {
    order.set(text.order, te.order.length);
    offset.set(text.offset.subarray(1), nTargetEpisodes + 1);
    parent.set(text.parent, nTargetEpisodes);
  }
  return { size: label.length, offset, order, label, action, parent };
}

/**
 * CSR of the events by group (`group[i]`, -1: none), each group's events in event order, then
 * sorted by time (stable; most groups are tiny or already in order). Offsets start at `base`.
 */
function sortedGroups(group: Int32Array, G: number, ts: Float64Array, base: number): { offset: Int32Array; order: Int32Array } {
  const offset = new Int32Array(G + 1);
  for (let i = 0; i < group.length; i++) if (group[i] >= 0) offset[group[i] + 1]++;
  for (let g = 0; g < G; g++) offset[g + 1] += offset[g];
  const fill = offset.slice(0, G);
  const order = new Int32Array(offset[G]);
  for (let i = 0; i < group.length; i++) if (group[i] >= 0) order[fill[group[i]]++] = i;
  for (let g = 0; g < G; g++) {
    const s = offset[g];
    const e = offset[g + 1];
    let sorted = true;
    for (let k = s + 1; k < e; k++) if (ts[order[k]] < ts[order[k - 1]]) { sorted = false; break; }
    if (!sorted) order.set(Array.from(order.subarray(s, e)).sort((x, y) => ts[x] - ts[y]), s);
  }
  if (base !== 0) for (let g = 0; g <= G; g++) offset[g] += base;
  return { offset, order };
}

/** Splits each group at silences longer than `gap`: episodes' offsets (into the same order) and
 *  each episode's group (numbered from `firstGroup`). */
function splitEpisodes(offsetIn: Int32Array, order: Int32Array, ts: Float64Array, gap: number, firstGroup: number): { offset: Int32Array; order: Int32Array; parent: Int32Array } {
  const G = offsetIn.length - 1;
  const base = offsetIn[0];
  if (!Number.isFinite(gap)) return { offset: offsetIn, order, parent: Int32Array.from({ length: G }, (_, i) => i + firstGroup) };
  const offset: number[] = [base];
  const parent: number[] = [];
  for (let k = 0; k < G; k++) {
    const s = offsetIn[k] - base;
    const e = offsetIn[k + 1] - base;
    for (let q = s + 1; q <= e; q++) {
      if (q < e && ts[order[q]] - ts[order[q - 1]] <= gap) continue;
      offset.push(q + base);
      parent.push(k + firstGroup);
    }
  }
  return { offset: Int32Array.from(offset), order, parent: Int32Array.from(parent) };
}
