import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateTime } from '../../src/ingest/datetime.js';

describe('parseDateTime', () => {
  it('agrees with Date.parse on valid RFC 3339 times in any zone', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9998-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        (d, offMin) => {
          const local = new Date(d.getTime() + offMin * 60_000).toISOString().slice(0, 23);
          const zone = offMin === 0 ? 'Z' : `${offMin < 0 ? '-' : '+'}${String(Math.floor(Math.abs(offMin) / 60)).padStart(2, '0')}:${String(Math.abs(offMin) % 60).padStart(2, '0')}`;
          expect(parseDateTime(local + zone)).toBe(d.getTime());
          expect(parseDateTime(local + zone)).toBe(Date.parse(local + zone));
        },
      ),
    );
  });

  it('rejects times without a zone and impossible dates that Date.parse would accept', () => {
    for (const s of ['2024-01-01T10:00:00', '2023-02-29T00:00:00Z', '2024-02-30T00:00:00Z', '2024-04-31T00:00:00Z', '2024-01-01T24:00:00Z', '2024-01-01T10:00:00.Z', '2024-01-01T10:00:00+25:00', 'Mon, 01 Jan 2024 10:00:00 GMT', '2024-01-01T10:00:00Z trailing'])
      expect([s, parseDateTime(s)]).toEqual([s, NaN]);
  });

  it('accepts the RFC 3339 variants: space or lower-case separators, +hhmm, long fractions', () => {
    const t = Date.UTC(2024, 0, 1, 2, 0, 0, 123);
    expect(parseDateTime('2024-01-01 10:00:00.123+08:00')).toBe(t);
    expect(parseDateTime('2024-01-01t02:00:00.123456z')).toBe(t);
    expect(parseDateTime('2024-01-01T10:00:00.123+0800')).toBe(t);
    expect(parseDateTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });
});
