import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputRejectedError } from '../../src/ingest/errors.js';
import { ingestSources, PROGRESS_EVERY } from '../../src/ingest/ingest.js';
import { KEPT_REJECTS } from '../../src/ingest/rejects.js';
import type { IngestStats } from '../../src/ingest/types.js';
import { ev, ndjson, tempDir } from './helpers.js';

const { file, dir } = tempDir();

describe('ingestSources', () => {
  it('drops an event whose id was already seen, within and across sources', async () => {
    const a = file('d1.ndjson', ndjson([ev(1), ev(2), ev(1, { account: 'other' })]));
    const b = file('d2.ndjson', ndjson([ev(2), ev(3), { account: 'noid', action: 'post', ts: 1 }, { account: 'noid', action: 'post', ts: 1 }]));
    const { table, stats } = await ingestSources([a, b]);
    expect(table.id).toEqual(['e1', 'e2', 'e3', undefined, undefined]);
    expect(table.accountNames[table.account[0]]).toBe(ev(1).account); // the first one wins
    expect(stats).toEqual({ read: 7, events: 5, rejected: 0, duplicates: 2 });
  });

  it("with duplicates: 'exact', drops only identical repeats; with 'keep', none", async () => {
    const f = file('d3.ndjson', ndjson([ev(1), ev(1), ev(1, { target: 'elsewhere' }), ev(1, { ts: '2023-11-14T22:13:21Z' })]));
    const exact = await ingestSources([f], { duplicates: 'exact' });
    // ev(1).ts is 1700000001000 ms = 2023-11-14T22:13:21Z: the same instant written differently is identical.
    expect(exact.stats).toEqual({ read: 4, events: 2, rejected: 0, duplicates: 2 });
    expect(exact.table.targetNames).toEqual(['t1', 'elsewhere']);
    const keep = await ingestSources([f], { duplicates: 'keep' });
    expect(keep.stats).toEqual({ read: 4, events: 4, rejected: 0, duplicates: 0 });
  });

  it('strict mode throws InputRejectedError at the first bad record, after writing it to the rejects file', async () => {
    const f = file('strict.ndjson', ndjson([ev(1), ev(2), { account: 'a', action: 'share', ts: 1 }, { nope: 1 }]));
    const rejectsFile = `${dir}/strict-rejects.ndjson`;
    const err = await ingestSources([f], { strict: true, rejectsFile }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputRejectedError);
    expect((err as InputRejectedError).reject).toEqual({ source: f, line: 3, reason: 'missing field "target" (required for action "share")' });
    expect((err as Error).message).toContain(`${f}:3:`);
    expect(readFileSync(rejectsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l))).toEqual([(err as InputRejectedError).reject]);
    // Valid input passes strict mode.
    await expect(ingestSources([file('ok.ndjson', ndjson([ev(1)]))], { strict: true })).resolves.toMatchObject({ stats: { events: 1 } });
  });

  it('writes every reject to the rejects file and keeps only the first few in memory', async () => {
    const n = KEPT_REJECTS * 3 + 1;
    const lines = Array.from({ length: n }, (_, i) => (i % 2 ? JSON.stringify(ev(i)) : `{broken ${i}`));
    const f = file('many-bad.ndjson', lines.join('\n'));
    const rejectsFile = `${dir}/rejects.ndjson`;
    const { rejects, stats } = await ingestSources([f], { rejectsFile });
    const written = readFileSync(rejectsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const badLines = lines.map((l, i) => (l.startsWith('{broken') ? i + 1 : 0)).filter(Boolean);
    expect(written.map((r) => r.line)).toEqual(badLines);
    expect(written.every((r) => r.source === f && /invalid JSON/.test(r.reason) && Object.keys(r).length === 3)).toBe(true);
    expect(rejects).toEqual(written.slice(0, KEPT_REJECTS));
    expect(stats.rejected).toBe(badLines.length);
  });

  it('fails clearly when the rejects file cannot be written', async () => {
    await expect(ingestSources([file('x.ndjson', '{bad\n')], { rejectsFile: `${dir}/no/such/dir/r.ndjson` })).rejects.toThrow(/rejects file/);
  });

  it('keeps read = events + rejected + duplicates for any mix of records', async () => {
    const record = fc.oneof(
      fc.integer({ min: 0, max: 30 }).map((i) => JSON.stringify(ev(i))),
      fc.constant('{"account": "a"'),
      fc.constant(JSON.stringify({ account: 'a', action: 'share', ts: 'soon' })),
      fc.constant(JSON.stringify({ account: 'p', action: 'post', ts: 3 })),
      fc.constant(''),
    );
    let k = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 60 }), async (lines) => {
        const { stats, table } = await ingestSources([file(`inv${k++}.ndjson`, lines.join('\n'))]);
        expect(stats.read).toBe(stats.events + stats.rejected + stats.duplicates);
        expect(stats.read).toBe(lines.filter((l) => l !== '').length);
        expect(stats.events).toBe(table.size);
      }),
      { numRuns: 40 },
    );
  });

  it('reports progress while reading and once at the end', async () => {
    const n = PROGRESS_EVERY * 2 + 123;
    const f = file('big.ndjson', ndjson(Array.from({ length: n }, (_, i) => ev(i))));
    const seen: IngestStats[] = [];
    const { stats } = await ingestSources([f], { onProgress: (s) => seen.push(s) });
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen.at(-1)).toEqual(stats);
    // Throttled: at most one call per PROGRESS_EVERY records, in order.
    expect(seen.slice(0, -1).every((s, i) => s.read >= (i + 1) * PROGRESS_EVERY && s.read <= n)).toBe(true);
    expect(seen.length).toBeLessThanOrEqual(Math.floor(n / PROGRESS_EVERY) + 1);
  });
});
