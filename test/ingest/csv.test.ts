import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvParser } from '../../src/ingest/csv.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import type { RawRecord } from '../../src/ingest/records.js';
import { tempDir } from './helpers.js';

const { file } = tempDir();

describe('CSV', () => {
  it('handles quoted commas, doubled quotes, newlines in quotes and CJK, with start-line numbers', async () => {
    const csv = [
      'id,account,action,target,ts,text', // 1
      'c1,alice,reply,p1,2024-01-01T00:00:00Z,"hello, world"', // 2
      'c2,bob,reply,p1,1704067200000,"she said ""no"""', // 3
      'c3,carol,reply,p1,1704067200000,"line one', // 4
      'line two', // 5
      'line three"', // 6
      'c4,dmitri,reply,p1,1704067200000,这是中文，含逗号', // 7
      'c5,erin,reply,p1', // 8: too few cells
      'c6,frank,reply,,1704067200000,', // 9: empty target = absent -> missing target
      'c7,gina,post,,1704067200000,', // 10: post without target is fine
    ].join('\n');
    const { table, rejects, stats } = await ingestSources([file('quoting.csv', csv)]);
    expect(table.text).toEqual(['hello, world', 'she said "no"', 'line one\nline two\nline three', '这是中文，含逗号', undefined]);
    expect(table.id).toEqual(['c1', 'c2', 'c3', 'c4', 'c7']);
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [8, 'invalid CSV: expected 6 columns, got 4'],
      [9, 'missing field "target" (required for action "reply")'],
    ]);
    expect(stats).toEqual({ read: 7, events: 5, rejected: 2, duplicates: 0 });
  });

  it('reads a digits-only ts as epoch ms and an ISO ts with its zone', async () => {
    const csv = 'account,action,ts\na,post,1704067200000\nb,post,2024-01-01T08:00:00+08:00\nc,post,12.5e3\n';
    const { table, rejects } = await ingestSources([file('ts.csv', csv)]);
    expect([...table.ts]).toEqual([1704067200000, 1704067200000]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0].line).toBe(4);
  });

  it('reports an unclosed quote at the line where its record starts', async () => {
    const csv = 'account,action,ts\na,post,1\nb,post,"2\nc,post,3\n';
    const { rejects, table } = await ingestSources([file('unclosed.csv', csv)]);
    expect(table.size).toBe(1);
    expect(rejects).toHaveLength(1);
    expect(rejects[0].line).toBe(3);
    expect(rejects[0].reason).toMatch(/quote/i);
  });

  it('parses any quoted content back exactly, however the text is split into chunks', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', ',', '"', '\n', '\r\n', ' ', '中', '🚩', 'x') });
    fc.assert(
      fc.property(fc.array(fc.tuple(cell, cell), { minLength: 1, maxLength: 8 }), fc.integer({ min: 1, max: 17 }), (rows, step) => {
        const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
        const text = 'a,b\n' + rows.map(([x, y]) => `${quote(x)},${quote(y)}`).join('\n') + '\n';
        const p = new CsvParser();
        const out: RawRecord[] = [];
        for (let i = 0; i < text.length; i += step) out.push(...p.push(text.slice(i, i + step)));
        out.push(...p.end());
        // Empty cells read as absent.
        const expected = rows.map(([x, y]) => Object.fromEntries(Object.entries({ a: x, b: y }).filter(([, v]) => v !== '')));
        expect(out.map((r) => ('value' in r ? r.value : r))).toEqual(expected);
        // Each record's line is one past the newlines before it.
        let line = 2;
        rows.forEach(([x, y], i) => {
          expect(out[i].line).toBe(line);
          line += (x + y).split('\n').length - 1 + 1;
        });
      }),
      { numRuns: 200 },
    );
  });
});
