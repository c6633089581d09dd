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
  const nA = t.actionNames.length;
  // Group of each (target, action) key, numbered in order of first appearance: in a typed array
  // when the keys fit one (a Map lookup per event was most of this function), else a Map.
  const keys = t.targetNames.length * nA;
  const dense = keys <= 1 << 26 ? new Int32Array(keys).fill(-1) : undefined;
  const gidOf = new Map<number, number>();
  const label: string[] = [];
  const action: string[] = [];
  // Each event's target group, and text group (-1: none): typed columns, not a growing array of pairs.
  const targetGroup = new Int32Array(t.size).fill(-1);
  for (let i = 0; i < t.size; i++) {
    const target = t.target[i];
    if (target >= 0) {
      const key = target * nA + t.action[i];
      let g = dense ? dense[key] : (gidOf.get(key) ?? -1);
      if (g < 0) {
        g = label.length;
        if (dense) dense[key] = g;
        else gidOf.set(key, g);
        label.push(t.targetNames[target]);
        action.push(t.actionNames[t.action[i]]);
      }
      targetGroup[i] = g;
    }
  }
  const textGroupOf = textGroup ? new Int32Array(t.size).fill(-1) : undefined;
  if (textGroup && textGroupOf) {
    const textGid = new Map<number, number>();
    for (let i = 0; i < t.size; i++) {
      const tg = textGroup[i];
      if (tg < 0) continue;
      let g = textGid.get(tg);
      if (g === undefined) {
        g = label.length;
        textGid.set(tg, g);
        label.push(`text#${tg}`);
        action.push(TEXT_ACTION);
      }
      textGroupOf[i] = g;
    }
  }
  const columns = textGroupOf ? [targetGroup, textGroupOf] : [targetGroup];
  const G = label.length;
  const offset = new Int32Array(G + 1);
  for (const col of columns) for (let i = 0; i < t.size; i++) if (col[i] >= 0) offset[col[i] + 1]++;
  for (let g = 0; g < G; g++) offset[g + 1] += offset[g];
  const fill = offset.slice(0, G);
  // In shared memory: scoring threads read it in place (detect/score-context.ts). Each group's
  // events in event order (a group is all target memberships or all text ones).
  const order = new Int32Array(new SharedArrayBuffer(offset[G] * 4));
  for (const col of columns) for (let i = 0; i < t.size; i++) if (col[i] >= 0) order[fill[col[i]]++] = i;
  // Sort each group by time; most groups are tiny or already in order.
  const ts = t.ts;
  for (let g = 0; g < G; g++) {
    const s = offset[g];
    const e = offset[g + 1];
    let sorted = true;
    for (let k = s + 1; k < e; k++) if (ts[order[k]] < ts[order[k - 1]]) { sorted = false; break; }
    if (!sorted) order.set(Array.from(order.subarray(s, e)).sort((x, y) => ts[x] - ts[y]), s);
  }
  return splitEpisodes({ size: G, offset, order, label, action, parent: Int32Array.from({ length: G }, (_, i) => i) }, ts, episodeGap);
}

function splitEpisodes(g: TargetGroups, ts: Float64Array, gap: number): TargetGroups {
  if (!Number.isFinite(gap)) return g;
  const offset: number[] = [0];
  const label: string[] = [];
  const action: string[] = [];
  const parent: number[] = [];
  for (let k = 0; k < g.size; k++) {
    const s = g.offset[k];
    const e = g.offset[k + 1];
    let episode = 0;
    for (let q = s + 1; q <= e; q++) {
      if (q < e && ts[g.order[q]] - ts[g.order[q - 1]] <= gap) continue;
      offset.push(q);
      label.push(g.label[k]);
      action.push(g.action[k]);
      parent.push(k);
      episode++;
    }
  }
  return { size: label.length, offset: Int32Array.from(offset), order: g.order, label, action, parent: Int32Array.from(parent) };
}
