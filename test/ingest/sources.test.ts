import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/ingest/errors.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import { readEvents } from '../../src/ingest/read.js';
import { ev, ndjson, tempDir } from './helpers.js';

const { file, dir } = tempDir();
const rows = [ev(1), ev(2), { account: 'a', action: 'share', ts: 1 }, ev(3)];

describe('sources', () => {
  it('reads gzip by extension and by magic bytes without one, with the same records and lines as plain', async () => {
    const plain = await ingestSources([file('p.ndjson', ndjson(rows))]);
    const gz = await ingestSources([file('p.ndjson.gz', gzipSync(ndjson(rows)))]);
    const magic = await ingestSources([file('p.data', gzipSync(ndjson(rows)))]);
    for (const r of [gz, magic]) {
      expect(r.table.id).toEqual(plain.table.id);
      expect([...r.table.ts]).toEqual([...plain.table.ts]);
      expect(r.rejects.map((x) => x.line)).toEqual([3]);
    }
    const csvGz = await ingestSources([file('c.csv.gz', gzipSync('account,action,ts\na,post,1\n'))]);
    expect(csvGz.table.size).toBe(1);
  });

  it('turns a truncated gzip into a reject and keeps what came before', async () => {
    const many = Array.from({ length: 20_000 }, (_, i) => ev(i));
    const gz = gzipSync(ndjson(many));
    const { stats, rejects, table } = await ingestSources([file('cut.ndjson.gz', gz.subarray(0, Math.floor(gz.length / 2)))]);
    expect(rejects).toHaveLength(1);
    expect(rejects[0].reason).toMatch(/gzip/);
    expect(table.size).toBeGreaterThan(0);
    expect(table.size).toBeLessThan(many.length);
    expect(table.id).toEqual(many.slice(0, table.size).map((e) => e.id));
    expect(stats.read).toBe(stats.events + stats.rejected + stats.duplicates);
  });

  it('reads stdin for "-", detecting the format from the first byte', async () => {
    const csv = 'account,action,ts\na,post,1\nb,post,2\n';
    const fromCsv = await ingestSources(['-'], { stdin: Readable.from([Buffer.from(csv)]) });
    expect(fromCsv.table.accountNames).toEqual(['a', 'b']);
    const arr = await ingestSources(['-'], { stdin: Readable.from(['  \n', '[', JSON.stringify(ev(1)), ']']) });
    expect(arr.table.id).toEqual(['e1']);
    const nd = await ingestSources(['-'], { stdin: Readable.from([gzipSync(ndjson(rows))]) });
    expect(nd.table.size).toBe(3);
    expect(nd.rejects[0]).toEqual({ source: 'stdin', line: 3, reason: expect.any(String) });
  });

  it('reads several sources into one table, in order, naming each in its rejects', async () => {
    const a = file('a.ndjson', ndjson([ev(1), { bad: true }]));
    const b = file('b.csv', 'id,account,action,target,ts\ne2,x,share,t,5\n,,,,\n');
    const c = file('c.json', JSON.stringify([ev(3)]));
    const { table, rejects } = await ingestSources([a, b, c]);
    expect(table.id).toEqual(['e1', 'e2', 'e3']);
    expect(rejects.map((r) => [r.source, r.line])).toEqual([
      [a, 2],
      [b, 3],
    ]);
  });

  it('honours an explicit format over the extension', async () => {
    const f = file('events.txt', ndjson([ev(1)]));
    expect((await ingestSources([f], { format: 'ndjson' })).table.size).toBe(1);
    // Read as CSV, the JSON line is a header with no records.
    expect((await ingestSources([f], { format: 'csv' })).table.size).toBe(0);
  });

  it('reads empty inputs as no records', async () => {
    for (const [name, content] of [
      ['empty.ndjson', ''],
      ['blank.ndjson', '\n  \n\t\n'],
      ['empty.json', ' [ ] '],
      ['empty.csv', ''],
      ['header-only.csv', 'account,action,ts\n'],
      ['empty-unknown', ''],
      ['blank-unknown', '   \n'],
    ]) {
      const { stats, table } = await ingestSources([file(name, content)]);
      expect({ name, stats, size: table.size }).toEqual({ name, stats: { read: 0, events: 0, rejected: 0, duplicates: 0 }, size: 0 });
    }
    expect((await ingestSources(['-'], { stdin: Readable.from([]) })).stats.read).toBe(0);
  });

  it('throws SourceError for a missing file', async () => {
    await expect(ingestSources([`${dir}/nope.ndjson`])).rejects.toBeInstanceOf(SourceError);
  });

  it('readEvents yields events and rejects with their lines', async () => {
    const items = [];
    for await (const it of readEvents(file('r.ndjson', ndjson(rows)))) items.push(it);
    expect(items.map((it) => ('event' in it ? ['event', it.line, it.event.id] : ['reject', it.reject.line]))).toEqual([
      ['event', 1, 'e1'],
      ['event', 2, 'e2'],
      ['reject', 3],
      ['event', 4, 'e3'],
    ]);
  });
});
