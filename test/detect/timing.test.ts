import { describe, expect, it } from 'vitest';
import { actionWeights } from '../../src/graph/coaction.js';
import { groupByTarget } from '../../src/graph/groups.js';
import { buildTimingContext } from '../../src/detect/timing.js';
import { tableFromEvents } from '../../src/ingest/table.js';
import type { ActivityEvent } from '../../src/ingest/types.js';

const T0 = Date.UTC(2024, 0, 1);

/**
 * One operation (accounts op0..op4) shares each of 40 items within seconds of each other, and three
 * outsiders pick each item up 10–25 minutes later: the data's only independent reactions are slow.
 */
function operationAndOutsiders(): ActivityEvent[] {
  const out: ActivityEvent[] = [];
  for (let t = 0; t < 40; t++) {
    const start = T0 + t * 3 * 3_600_000;
    for (let m = 0; m < 5; m++) out.push({ id: `op${t}-${m}`, account: `op${m}`, action: 'share', target: `item${t}`, ts: start + m * 2_000 });
    [10, 20, 25].forEach((min, k) => out.push({ id: `out${t}-${k}`, account: `outsider${(t + k) % 7}`, action: 'share', target: `item${t}`, ts: start + min * 60_000 }));
  }
  return out;
}

describe('buildTimingContext: the general reaction profile', () => {
  const table = tableFromEvents(operationAndOutsiders());
  const groups = groupByTarget(table, undefined, 1_800_000);
  const weights = actionWeights(table);

  it('population null: pools every reaction, so the operation’s seconds-apart shares shape it', () => {
    const delays = buildTimingContext(table, groups, weights).delays.get('*')!;
    expect(delays.length).toBeGreaterThan(0);
    expect(delays[0]).toBeLessThan(10_000);
  });

  it('independent null: only each community’s first reaction counts, so the yardstick is the outsiders', () => {
    const community = new Int32Array(table.accountNames.length).fill(-1);
    table.accountNames.forEach((name, i) => {
      if (name.startsWith('op')) community[i] = 0;
    });
    const delays = buildTimingContext(table, groups, weights, community).delays.get('*')!;
    // Every delay is an outsider's (≥ 10 min after the item's first share); the operation's
    // followers (2–8 s) are gone, and the outsiders, each in no community, all count.
    expect(delays[0]).toBeGreaterThanOrEqual(10 * 60_000);
    expect(delays.length).toBe(40 * 3);
  });
});
