import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ingestSources } from '../../src/ingest/ingest.js';
import { JsonArrayParser } from '../../src/ingest/json-array.js';
import type { RawRecord } from '../../src/ingest/records.js';
import { ev, tempDir } from './helpers.js';

const { file } = tempDir();

function parseInChunks(text: string, step: number): RawRecord[] {
  const p = new JsonArrayParser();
  const out: RawRecord[] = [];
  for (let i = 0; i < text.length; i += step) out.push(...p.push(text.slice(i, i + step)));
  out.push(...p.end());
  return out;
}

describe('JSON array', () => {
  it('streams elements of any shape exactly as JSON.parse reads them, whatever the chunking', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 6 }), fc.integer({ min: 1, max: 23 }), fc.boolean(), (values, step, pretty) => {
        const text = JSON.stringify(values, null, pretty ? 2 : undefined);
        const out = parseInChunks(text, step);
        expect(out.every((r) => 'value' in r)).toBe(true);
        expect(out.map((r) => ('value' in r ? r.value : undefined))).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('gives each element the line it starts on, and rejects a bad element without losing the rest', async () => {
    const text = ['[', JSON.stringify(ev(1)) + ',', '{"account": "x",', ' "action": "post", "ts": 5},', '{not json},', JSON.stringify(ev(2)), ']'].join('\n');
    const { table, rejects, stats } = await ingestSources([file('a.json', text)]);
    expect(table.id).toEqual(['e1', undefined, 'e2']);
    expect(rejects).toEqual([{ source: expect.stringMatching(/a\.json$/), line: 5, reason: expect.stringMatching(/invalid JSON/) }]);
    expect(stats).toEqual({ read: 4, events: 3, rejected: 1, duplicates: 0 });
  });

  it('handles brackets, braces and escaped quotes inside strings', () => {
    const values = [{ account: 'a]b', action: 'post', ts: 1, text: 'he said "}]," and left \\' }, { s: '[[[' }];
    expect(parseInChunks(JSON.stringify(values), 3).map((r) => ('value' in r ? r.value : r))).toEqual(values);
  });

  it('rejects a truncated array, text after it, and input that is not an array', () => {
    expect(parseInChunks('[{"a":1},\n{"b":', 4)).toEqual([{ line: 1, value: { a: 1 } }, { line: 2, error: expect.stringMatching(/end of input/) }]);
    expect(parseInChunks('[1]\n[2]', 4)).toEqual([{ line: 1, value: 1 }, { line: 2, error: expect.stringMatching(/after the closing/) }]);
    expect(parseInChunks('{"a":1}', 4)).toEqual([{ line: 1, error: expect.stringMatching(/not a JSON array/) }]);
  });
});
