import { describe, expect, it } from 'vitest';
import { ingestSources } from '../../src/ingest/ingest.js';
import { ev, ndjson, tempDir } from './helpers.js';

const { file } = tempDir();

describe('NDJSON', () => {
  it('reports each bad line with its line number and keeps reading', async () => {
    const lines = [
      JSON.stringify(ev(1)), // 1 ok
      '{"account": "a", "action": "share", ', // 2 bad JSON (truncated)
      '', // 3 blank: not a record
      JSON.stringify({ account: 'a', action: 'share', ts: 1 }), // 4 missing target
      JSON.stringify({ action: 'post', ts: 1 }), // 5 missing account
      JSON.stringify({ account: 'a', action: 'post', ts: 'yesterday' }), // 6 bad ts
      JSON.stringify({ account: 'a', action: 'post', ts: '2024-01-01T10:00:00' }), // 7 ts without zone
      JSON.stringify({ account: 42, action: 'post', ts: 1 }), // 8 wrong type
      JSON.stringify({ account: 'a', action: 'post', ts: true }), // 9 wrong ts type
      '[1, 2]', // 10 not an object
      JSON.stringify(ev(2)), // 11 ok
    ];
    const { stats, rejects, table } = await ingestSources([file('bad.ndjson', lines.join('\n'))]);
    expect(table.size).toBe(2);
    expect(rejects.map((r) => r.line)).toEqual([2, 4, 5, 6, 7, 8, 9, 10]);
    const reason = (line: number) => rejects.find((r) => r.line === line)!.reason;
    expect(reason(2)).toMatch(/invalid JSON/);
    expect(reason(4)).toMatch(/missing field "target"/);
    expect(reason(5)).toMatch(/missing field "account"/);
    expect(reason(6)).toMatch(/"ts".*yesterday/);
    expect(reason(7)).toMatch(/"ts"/);
    expect(reason(8)).toMatch(/"account" must be a string/);
    expect(reason(9)).toMatch(/"ts"/);
    expect(reason(10)).toMatch(/not a JSON object/);
    expect(rejects.every((r) => r.source.endsWith('bad.ndjson'))).toBe(true);
    expect(stats).toEqual({ read: 10, events: 2, rejected: 8, duplicates: 0 });
  });

  it('reads CRLF line ends and a last line without a newline', async () => {
    const text = [ev(1), ev(2), ev(3)].map((e) => JSON.stringify(e)).join('\r\n');
    const { table, stats } = await ingestSources([file('crlf.jsonl', text)]);
    expect(stats.rejected).toBe(0);
    expect(table.id).toEqual(['e1', 'e2', 'e3']);
  });

  it('puts +08:00 and Z renderings of the same instant at the same ms, and keeps epoch ms numbers', async () => {
    const rows = [
      { account: 'a', action: 'post', ts: '2024-03-01T08:30:00+08:00' },
      { account: 'a', action: 'post', ts: '2024-03-01T00:30:00Z' },
      { account: 'a', action: 'post', ts: '2024-03-01T00:30:00.000Z' },
      { account: 'a', action: 'post', ts: Date.UTC(2024, 2, 1, 0, 30) },
      { account: 'a', action: 'post', ts: '2024-02-29T19:30:00-05:00' },
    ];
    const { table } = await ingestSources([file('tz.ndjson', ndjson(rows))]);
    expect([...table.ts]).toEqual(rows.map(() => Date.UTC(2024, 2, 1, 0, 30)));
  });

  it('keeps CJK and emoji text intact, even when a chunk boundary splits a character', async () => {
    // Long enough to span several read chunks.
    const text = '协同行为检测 🚩 コーディネート '.repeat(20_000);
    const { table } = await ingestSources([file('cjk.ndjson', ndjson([{ account: '用户', action: 'post', ts: 1, text }]))]);
    expect(table.text[0]).toBe(text);
    expect(table.accountNames).toEqual(['用户']);
  });
});
