// The CLI side of the extract path (src/engine/extract-table.ts), without Spark: a whole day handed
// over as an "extract" must give back groupByTarget's episodes exactly (order, events, labels), and
// a partial one the same episodes in the same relative order.
import { describe, expect, it } from 'vitest';
import { events, generate, prepare } from '../../scripts/generator/index.js';
import { tableFromEvents } from '../../src/ingest/table.js';
import { groupByTarget, type TargetGroups } from '../../src/graph/groups.js';
import { findTextGroups, DEFAULT_TEXT_OPTIONS } from '../../src/graph/text-similarity.js';
import { accountOrder, extractGroups, extractTable, type EpisodeRow, type ExtractEvent } from '../../src/engine/extract-table.js';

function day() {
  const { world } = generate({ scenario: 'mixed', seed: 7, accounts: 300 });
  const table = tableFromEvents(events(world.store, prepare(world.store, 'time', 7)));
  const text = findTextGroups(table, DEFAULT_TEXT_OPTIONS);
  const groups = groupByTarget(table, text.groups, 1800 * 1000);
  return { table, text: text.groups, groups };
}

/** Episode rows as the job writes them: (gkind, gfirst, ep) from the in-process groups. */
function rows(groups: TargetGroups, keep: (g: number) => boolean): EpisodeRow[] {
  // gfirst: the position of the whole group's first-arriving event (over all its episodes).
  const first = new Map<number, number>();
  for (let g = 0; g < groups.size; g++)
    for (let k = groups.offset[g]; k < groups.offset[g + 1]; k++) first.set(groups.parent[g], Math.min(first.get(groups.parent[g]) ?? Infinity, groups.order[k]));
  const out: EpisodeRow[] = [];
  let ep = 0;
  for (let g = 0; g < groups.size; g++) {
    if (g > 0 && groups.parent[g] !== groups.parent[g - 1]) ep = 0;
    const gkind = groups.action[g] === 'text' ? 1 : 0;
    if (keep(g)) for (let k = groups.offset[g]; k < groups.offset[g + 1]; k++) out.push({ gkind, gfirst: first.get(groups.parent[g])!, ep, pos: groups.order[k] });
    ep++;
  }
  return out;
}

describe('extract tables', () => {
  const { table, text, groups } = day();
  const all: ExtractEvent[] = Array.from({ length: table.size }, (_, i) => ({
    pos: i,
    account: table.accountNames[table.account[i]],
    action: table.actionNames[table.action[i]],
    target: table.target[i] >= 0 ? table.targetNames[table.target[i]] : null,
    ts: table.ts[i],
    id: table.id[i] ?? null,
    family: text[i] >= 0 ? text[i] : null,
    text: table.text[i] ?? null,
  }));
  const families = new Map(all.filter((e) => e.family !== null).map((e) => [e.pos, e.family!]));

  it('rebuilds groupByTarget exactly from the whole day', () => {
    const names = accountOrder(table.accountNames.map((account, idx) => ({ account, idx })));
    const { table: t, posIndex } = extractTable([...all].reverse(), names);
    expect(Array.from(t.ts)).toEqual(Array.from(table.ts));
    const g = extractGroups(rows(groups, () => true).reverse(), t, posIndex, families);
    expect(g.size).toBe(groups.size);
    expect(Array.from(g.offset)).toEqual(Array.from(groups.offset));
    expect(Array.from(g.order)).toEqual(Array.from(groups.order));
    expect(g.label).toEqual(groups.label);
    expect(g.action).toEqual(groups.action);
  });

  it('keeps the relative order of a subset of episodes and events', () => {
    const keep = (g: number) => g % 3 === 0;
    const r = rows(groups, keep);
    const used = new Set(r.map((x) => x.pos));
    const part = all.filter((e) => used.has(e.pos));
    const firstArrival = new Map(table.accountNames.map((a, i) => [a, i]));
    const names = accountOrder(part.map((e) => ({ account: e.account, idx: firstArrival.get(e.account)! })));
    const { table: t, posIndex } = extractTable(part, names);
    const posOf = new Map([...posIndex].map(([pos, i]) => [i, pos]));
    const g = extractGroups(r, t, posIndex, families);
    const kept = Array.from({ length: groups.size }, (_, k) => k).filter(keep);
    expect(g.size).toBe(kept.length);
    kept.forEach((k, j) => {
      const mine = Array.from(groups.order.subarray(groups.offset[k], groups.offset[k + 1]));
      const theirs = Array.from(g.order.subarray(g.offset[j], g.offset[j + 1])).map((i) => posOf.get(i));
      expect(theirs).toEqual(mine);
      expect(g.label[j]).toBe(groups.label[k]);
    });
  });

  it('fails loudly on outputs that do not fit together', () => {
    expect(() => accountOrder([{ account: 'a', idx: 1 }], [{ account: 'a', idx: 2 }])).toThrow(/different input/);
    expect(() => extractTable([all[0]], [])).toThrow(/not in its account table/);
    const names = accountOrder(table.accountNames.map((account, idx) => ({ account, idx })));
    const { table: t, posIndex } = extractTable(all.slice(0, 5), names);
    expect(() => extractGroups([{ gkind: 0, gfirst: 0, ep: 0, pos: 99_999 }], t, posIndex, families)).toThrow(/not among its events/);
  });
});
