/**
 * The scan reads NDJSON through NdjsonTableReader (bytes straight into the table), everything else
 * through readBatches (text, JSON.parse, validateEvent, one event object per record). These tests
 * hold the two to the same result on any input: table, counts, rejects (lines and reasons).
 */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputRejectedError } from '../../src/ingest/errors.js';
import { ingestSources, type IngestOptions } from '../../src/ingest/ingest.js';
import { readBatches } from '../../src/ingest/read.js';
import { KEPT_REJECTS } from '../../src/ingest/rejects.js';
import { EventTableBuilder } from '../../src/ingest/table.js';
import { TimePolicy } from '../../src/ingest/time-policy.js';
import type { IngestStats, Reject } from '../../src/ingest/types.js';
import { tempDir } from './helpers.js';

const { file } = tempDir();

/** What ingestSources did before the NDJSON reader: readBatches into a table, eager id dedupe. */
async function reference(source: string, opts: IngestOptions = {}) {
  const builder = new EventTableBuilder(undefined, { dedupeIds: (opts.duplicates ?? 'id') === 'id' });
  const stats: IngestStats = { read: 0, events: 0, rejected: 0, duplicates: 0 };
  const rejects: Reject[] = [];
  for await (const batch of readBatches(source, opts)) {
    for (const item of batch) {
      stats.read++;
      if ('reject' in item) {
        stats.rejected++;
        rejects.push(item.reject);
      } else if (builder.push(item.event)) stats.events++;
      else stats.duplicates++;
    }
  }
  return plain({ table: builder.build(), stats, rejects: rejects.slice(0, KEPT_REJECTS) });
}

/** Typed arrays as plain arrays, so toEqual shows differences readably. */
function plain(r: Pick<Awaited<ReturnType<typeof ingestSources>>, 'table' | 'stats' | 'rejects'>) {
  const t = r.table;
  return { stats: r.stats, rejects: r.rejects, table: { ...t, account: [...t.account], action: [...t.action], target: [...t.target], ts: [...t.ts] } };
}

const fast = async (source: string, opts: IngestOptions = {}) => plain(await ingestSources(source === '-' ? [source] : [source], opts));

// Field values: mostly what the contract wants, sometimes not; strings that need escapes or are
// not ASCII push lines off the fast path, which must not change the outcome.
const text = fc.oneof(
  fc.constantFrom('', 'a', 'post', 'share', 'reply', 'e1', '用户', '🚩 flag', 'e\u0301', 'quote"in', 'back\\slash', 'tab\tin', 'nl\nin', '\u2028', '\u007f', '\ud800', '\u0000'),
  fc.string({ maxLength: 6 }),
);
const tsValue = fc.oneof(
  fc.constantFrom('2024-03-01T00:30:00Z', '2024-03-01T08:30:00+08:00', '2024-03-01 00:30:00.5z', 'yesterday', '2024-02-30T00:00:00Z', '2024-03-01T00:30:00', ''),
  fc.integer(),
  fc.constantFrom(0, -0, 1.5, 1e21, 1700000000000, -1, 123456789012345, 1234567890123456, 1700000000, 1700000000.5, 1700000000000000, 4102444800, 4102444800000),
);
const other = fc.oneof(fc.integer(), fc.constant(null), fc.boolean(), fc.constant([1]), fc.constant({ k: 'v' }), fc.double());
const value = <T>(arb: fc.Arbitrary<T>) => fc.oneof({ weight: 12, arbitrary: arb }, { weight: 1, arbitrary: other });
const fields = {
  id: value(fc.constantFrom('e1', 'e2', 'e3', '', 'é4', '\ud800')),
  account: value(fc.oneof(fc.constantFrom('a', 'b', '用户', ''), text)),
  action: value(fc.constantFrom('post', 'share', 'like', 'Post', '')),
  target: value(fc.oneof(fc.constantFrom('t1', '@a', ''), text)),
  ts: value(tsValue),
  text: value(text),
  platform: value(fc.constantFrom('x', '')),
  extra: value(text),
};
// Valid events (which the structural mutations below may break in subtle ways), and records with
// the required fields or any fields at all, of any values.
const validEvent = fc
  .record(
    {
      id: fc.constantFrom('e1', 'e2', 'e3', 'é4'),
      account: fc.constantFrom('a', 'b', '用户', 'x y'),
      action: fc.constantFrom('post', 'share', 'like'),
      target: fc.constantFrom('t1', '@a', '🚩'),
      ts: fc.oneof(fc.constantFrom('2024-03-01T00:30:00Z', '2024-03-01T08:30:00.25+08:00', '2099-01-01T00:00:00Z'), fc.integer({ min: -1e6, max: 2e12 }), fc.integer({ min: 946684800, max: 1800000000 })),
      text: fc.constantFrom('', 'hello', '协同行为', 'a "quote"', 'new\nline'),
      platform: fc.constantFrom('x', 'tiktok'),
    },
    { requiredKeys: ['account', 'action', 'ts', 'target'] },
  )
  .map((r) => (r.action === 'post' && r.account === 'b' ? { ...r, target: undefined } : r));
const record = fc.oneof(
  { weight: 3, arbitrary: validEvent },
  { weight: 2, arbitrary: fc.record(fields, { requiredKeys: ['account', 'action', 'ts'] }) },
  { weight: 1, arbitrary: fc.record(fields, { requiredKeys: [] }) },
);

/** A record as one line, in one of the many ways JSON can be written, or broken. */
const line: fc.Arbitrary<Buffer> = fc
  .tuple(
    record,
    fc.boolean(), // keys in reverse order
    fc.constantFrom('compact', 'spaced', 'padded', 'tabs'),
    fc.constantFrom('none', 'dupKey', 'dupTs', 'rawTs', 'truncate', 'insert', 'badUtf8', 'bom', 'notObject', 'empty'),
    fc.nat(),
    fc.constantFrom('-0', '1e3', '01', '1.0', '-', '12345678901234567890', '99999999999999999', '-12', '0', '1700000000000', '1E3'),
  )
  .map(([rec, reverse, style, mutation, at, rawTs]) => {
    const entries = Object.entries(rec);
    if (reverse) entries.reverse();
    let s = JSON.stringify(Object.fromEntries(entries));
    if (style === 'spaced') s = s.replace(/":/g, '": ').replace(/,"/g, ', "');
    else if (style === 'padded') s = ` ${s.replace(/^\{/, '{ ').replace(/\}$/, ' }')}\r`;
    else if (style === 'tabs') s = s.replace(/,"/g, ',\t"') + ' \t';
    let b = Buffer.from(s);
    const pos = at % (b.length + 1);
    switch (mutation) {
      case 'dupKey':
        b = Buffer.from(s.replace(/\}\s*$/, entries.length ? ',"account":"dup"}' : '"account":"dup"}'));
        break;
      case 'dupTs':
        b = Buffer.from(s.replace(/\}\s*$/, `${entries.length ? ',' : ''}"ts":${rawTs}}`));
        break;
      case 'rawTs':
        b = Buffer.from(s.replace(/"ts":("[^"]*"|[^,}]*)/, `"ts":${rawTs}`));
        break;
      case 'truncate':
        b = b.subarray(0, pos);
        break;
      case 'insert':
        b = Buffer.concat([b.subarray(0, pos), Buffer.from(['"', ',', '}', '{', ' ', '\\', '\t', 'x', '\f', '\u00a0'][at % 10]), b.subarray(pos)]);
        break;
      case 'badUtf8':
        b = Buffer.concat([b.subarray(0, pos), Buffer.from([[0xff], [0x80], [0xe4, 0xb8], [0xed, 0xa0, 0x80], [0xc0, 0xaf]][at % 5]), b.subarray(pos)]);
        break;
      case 'bom':
        b = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]);
        break;
      case 'notObject':
        b = Buffer.from(['[1,2]', '"str"', '42', 'null', '{}'][at % 5]);
        break;
      case 'empty':
        b = Buffer.from(['', ' ', '\r', '\t \r'][at % 4]);
        break;
    }
    return b;
  });

const document = fc.tuple(fc.array(line, { maxLength: 40 }), fc.boolean(), fc.boolean(), fc.boolean()).map(([lines, crlf, bom, trailingNewline]) => {
  const parts: Buffer[] = [];
  if (bom) parts.push(Buffer.from([0xef, 0xbb, 0xbf]));
  lines.forEach((l, i) => {
    parts.push(l);
    if (i < lines.length - 1 || trailingNewline) parts.push(Buffer.from(crlf ? '\r\n' : '\n'));
  });
  return Buffer.concat(parts);
});

/** A buffer cut into pieces at arbitrary byte positions (through characters and lines). */
const pieces = (b: Buffer, cuts: number[]) => {
  const at = [...new Set(cuts.map((c) => c % (b.length + 1)))].sort((x, y) => x - y);
  const out: Buffer[] = [];
  let from = 0;
  for (const c of at) {
    out.push(b.subarray(from, c));
    from = c;
  }
  out.push(b.subarray(from));
  return out.filter((p) => p.length);
};

let k = 0;

describe('NdjsonTableReader (the scan reader) against readBatches', () => {
  it('builds the same table, counts and rejects from any NDJSON file, for each duplicate policy', async () => {
    await fc.assert(
      fc.asyncProperty(document, fc.constantFrom('id' as const, 'keep' as const), async (doc, duplicates) => {
        const f = file(`doc${k++}.ndjson`, doc);
        expect(await fast(f, { duplicates })).toEqual(await reference(f, { duplicates }));
      }),
      { numRuns: 400 },
    );
  });

  it('agrees under the CLI time policy too (unit inferred per value, times outside 2000..tomorrow rejected), and counts the same units', async () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    await fc.assert(
      fc.asyncProperty(document, async (doc) => {
        const f = file(`policy${k++}.ndjson`, doc);
        const a = new TimePolicy({ now });
        const b = new TimePolicy({ now });
        expect(await fast(f, { time: a })).toEqual(await reference(f, { time: b }));
        expect(a.numeric).toEqual(b.numeric);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same result however the bytes arrive in chunks (stdin, sniffed or told the format)', async () => {
    await fc.assert(
      fc.asyncProperty(document, fc.array(fc.nat(), { maxLength: 12 }), fc.boolean(), async (doc, cuts, told) => {
        const format = told ? ('ndjson' as const) : undefined;
        const stdin = () => Readable.from(pieces(doc, cuts));
        if (!told && doc.toString('utf8').replace(/^\ufeff/, '').trimStart()[0] !== '{') return; // sniffed as another format
        const expected = await reference('-', { format, stdin: Readable.from([doc]) });
        expect(await fast('-', { format, stdin: stdin() })).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('stops at the same first reject under strict', async () => {
    await fc.assert(
      fc.asyncProperty(document, async (doc) => {
        const f = file(`strict${k++}.ndjson`, doc);
        const outcome = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof InputRejectedError ? e.reject : e));
        expect(await outcome(ingestSources([f], { strict: true }))).toEqual(await outcome(reference(f, { strict: true })));
      }),
      { numRuns: 200 },
    );
  });

  it('agrees on files too short to hold a byte-order mark, newline included (CI found "{\\n")', async () => {
    const bytes = ['{', '}', '\n', '\r', ' ', '1', '\xef'];
    const docs = [...bytes, ...bytes.flatMap((a) => bytes.map((b) => a + b))];
    for (const d of docs) {
      const f = file(`short${k++}.ndjson`, Buffer.from(d, 'latin1'));
      expect(await fast(f), JSON.stringify(d)).toEqual(await reference(f));
    }
  });

  it('agrees on the corners of JSON syntax the fast path must leave to JSON.parse', async () => {
    const lines = [
      '{"account":"a","action":"post","ts":"2024-03-01T00:30:00Z","ts":5}', // repeated key: the last one counts
      '{"account":"a","action":"post","ts":5,"account":"b"}',
      '{"account":"a","action":"post",\f"ts":5}', // form feed is not JSON whitespace
      '{"account":"a","action":"post","ts":05}', // nor is a leading zero a JSON number
      '{"account":"a","action":"post","ts":-0}',
      '{"account":"a","action":"post","ts":99999999999999999}', // beyond 2^53: JSON.parse rounds
      '{"account":"a","action":"post","ts":1.5e3}',
      '{"account":"a","action":"post","ts":1700000000000.5}',
      '{"account":"a","action":"post","ts":1e400}',
      '{"account":"a","action":"post","ts":"2024-03-01T00:30:00Z",}',
      '{"account":"a","action":"post","ts":"2024-03-01T00:30:00Z"} x',
      '{"account":"a","action":"post","ts":"2024-03-01T00:30:00Z"}{}',
      '{"acc\\u006funt":"a","action":"post","ts":1}', // an escaped key
      '{"account":"a\\u0062","action":"post","ts":1}',
      '{"account":"a","action":"post","ts":1,"meta":{"nested":true}}',
      '{"account":"a","action":"post","ts":1,"":"empty key"}',
      '{"account":"a","action":"share","ts":1,"target":""}',
      '{"account":"a","action":"post","ts":1,"target":""}',
      '{"account":"","action":"post","ts":1}',
      '{"account":"a","action":"post","ts":1,"text":"tab\there"}',
      '{"account":"a","action":"post","ts":1,"text":"del\u007f"}',
      '{"account":"a","action":"post","ts":1,"platform":7}',
      '\u00a0{"account":"a","action":"post","ts":1}',
      ' {"account":"a","action":"post","ts":1} ',
    ];
    const f = file(`corners-${k++}.ndjson`, lines.join('\n'));
    const got = await fast(f);
    expect(got).toEqual(await reference(f));
    expect(got.table.ts.slice(0, 2)).toEqual([5, 5]);
  });

  it('treats names in invalid UTF-8 as what they decode to (U+FFFD), as JSON.parse of the text would', async () => {
    const lines = [
      Buffer.from('{"account":"a\ufffd","action":"post","ts":1}'),
      Buffer.concat([Buffer.from('{"account":"a'), Buffer.from([0xff]), Buffer.from('","action":"post","ts":2}')]),
      Buffer.concat([Buffer.from('{"account":"a'), Buffer.from([0xfe]), Buffer.from('","action":"post","ts":3}')]),
      Buffer.concat([Buffer.from('{"account":"b","action":"share","target":"t'), Buffer.from([0xe4, 0xb8]), Buffer.from('","ts":4}')]),
    ];
    const f = file(`utf8-${k++}.ndjson`, Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')])));
    const got = await fast(f);
    expect(got).toEqual(await reference(f));
    expect(got.table.accountNames).toEqual(['a\ufffd', 'b']);
    expect(got.table.targetNames).toEqual(['t\ufffd']);
  });

  it('reads gzip the same, and long lines spanning many chunks', async () => {
    const long = 'x'.repeat(700_000) + '协同';
    const rows = [
      { id: 'e1', account: 'a', action: 'post', ts: 1, text: long },
      { id: 'e2', account: 'b', action: 'share', target: 't', ts: '2024-03-01T00:30:00Z' },
      { id: 'e1', account: 'c', action: 'post', ts: 2 },
      { id: 'e3', account: '用户', action: 'post', ts: 3, text: `${long}"quoted"` },
    ];
    const nd = rows.map((r) => JSON.stringify(r)).join('\n');
    for (const [name, content] of [
      ['long.ndjson', nd],
      ['long.ndjson.gz', gzipSync(nd)],
    ] as const) {
      const f = file(name, content);
      const got = await fast(f);
      expect(got).toEqual(await reference(f));
      expect(got.table.text[0]).toBe(long);
      expect(got.stats).toEqual({ read: 4, events: 3, rejected: 0, duplicates: 1 });
    }
  });
});
