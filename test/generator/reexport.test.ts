import { describe, expect, it } from 'vitest';
import { reexport } from '../../scripts/eval/real.js';
import { tableFromEvents, type EventTable } from '../../src/ingest/table.js';

const rows = (t: EventTable) =>
  Array.from({ length: t.size }, (_, i) => `${t.accountNames[t.account[i]]} ${t.actionNames[t.action[i]]} ${t.target[i] >= 0 ? t.targetNames[t.target[i]] : '-'} ${t.ts[i]}`).sort();

describe('Twitter15/16 export quirks (eval real-data regression)', () => {
  const table = tableFromEvents([
    { id: 's1', account: 'alice', action: 'post', ts: 1000 },
    { id: 's2', account: 'alice', action: 'post', ts: 5000 },
    { id: 's3', account: 'bob', action: 'post', ts: 2000 },
    { id: 'r1', account: 'carol', action: 'share', target: 's1', ts: 3000 },
    { id: 'r2', account: 'dave', action: 'share', target: 's2', ts: 6000 },
    { id: 'r3', account: 'carol', action: 'share', target: 's3', ts: 7000 },
  ]);

  it('as given: the same table', () => {
    expect(reexport(table, 'as-given')).toBe(table);
  });
  it('coarse: every retweet targets the source tweet\'s author, so one target holds all of that account\'s cascades', () => {
    expect(rows(reexport(table, 'coarse'))).toEqual(
      ['alice post - 1000', 'alice post - 5000', 'bob post - 2000', 'carol share @alice 3000', 'dave share @alice 6000', 'carol share @bob 7000'].sort(),
    );
  });
  it('absent: the source tweets are gone, the retweets keep their targets and times', () => {
    expect(rows(reexport(table, 'absent'))).toEqual(['carol share s1 3000', 'dave share s2 6000', 'carol share s3 7000'].sort());
  });
  it('coarse+absent: both', () => {
    expect(rows(reexport(table, 'coarse+absent'))).toEqual(['carol share @alice 3000', 'dave share @alice 6000', 'carol share @bob 7000'].sort());
  });
});
