import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDateTime, parseDateTimeBytes } from '../../src/ingest/datetime.js';

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

/** The string implementation parseDateTime replaced (one pass over UTF-16 code units), kept as an oracle. */
function previousParseDateTime(s: string): number {
  const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const digits = (i: number, n: number) => {
    let v = 0;
    for (let k = i; k < i + n; k++) {
      const c = s.charCodeAt(k) - 48;
      if (c < 0 || c > 9) return -1;
      v = v * 10 + c;
    }
    return v;
  };
  if (s.length < 20) return NaN;
  const y = digits(0, 4), mo = digits(5, 2), d = digits(8, 2);
  const h = digits(11, 2), mi = digits(14, 2), sec = digits(17, 2);
  const sep = s.charCodeAt(10);
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || (sep !== 84 && sep !== 116 && sep !== 32) || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && isLeap(y) ? 29 : DAYS[mo]) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return NaN;
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    const start = ++i;
    while (i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) i++;
    const n = i - start;
    if (n === 0) return NaN;
    ms = n >= 3 ? digits(start, 3) : digits(start, n) * (n === 1 ? 100 : 10);
  }
  let offset = 0;
  const z = s.charCodeAt(i);
  if (z === 90 || z === 122) {
    if (i + 1 !== s.length) return NaN;
  } else if (z === 43 || z === 45) {
    const rest = s.length - i - 1;
    const oh = digits(i + 1, 2);
    let om = 0;
    if (rest === 5 && s.charCodeAt(i + 3) === 58) om = digits(i + 4, 2);
    else if (rest === 4) om = digits(i + 3, 2);
    else if (rest !== 2) return NaN;
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
    offset = (z === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
  } else return NaN;
  let t = Date.UTC(y, mo - 1, d, h, mi, sec, ms);
  if (y < 100) t = new Date(t).setUTCFullYear(y);
  return t - offset;
}

describe('parseDateTime and parseDateTimeBytes', () => {
  // Date-time shaped text, then mutated: characters replaced, inserted or dropped, from an alphabet
  // of the grammar's own characters and a few look-alikes (full-width digits, Arabic-Indic digits).
  const alphabet = fc.constantFrom(...'0123456789-:.TtZz+ \u0660\uff10\u0130\u00d7é'.split(''), '\ud83d\ude80');
  const shaped = fc
    .tuple(
      fc.integer({ min: 0, max: 9999 }),
      fc.integer({ min: 0, max: 13 }),
      fc.integer({ min: 0, max: 32 }),
      fc.integer({ min: 0, max: 24 }),
      fc.integer({ min: 0, max: 60 }),
      fc.integer({ min: 0, max: 60 }),
      fc.constantFrom('', '.', '.5', '.12', '.123', '.123456789'),
      fc.constantFrom('Z', 'z', '+08:00', '-05:30', '+0800', '+08', '+8', '-24:00', '+01:60', '', 'ZZ'),
      fc.constantFrom('T', 't', ' ', '_'),
    )
    .map(([y, mo, d, h, mi, s, frac, zone, sep]) => {
      const p = (n: number, w = 2) => String(n).padStart(w, '0');
      return `${p(y, 4)}-${p(mo)}-${p(d)}${sep}${p(h)}:${p(mi)}:${p(s)}${frac}${zone}`;
    });
  const mutated = fc.tuple(shaped, fc.array(fc.tuple(fc.nat(), fc.constantFrom('replace', 'insert', 'drop'), alphabet), { maxLength: 3 })).map(([s, edits]) => {
    for (const [at, kind, c] of edits) {
      const i = at % (s.length + 1);
      s = kind === 'replace' ? s.slice(0, i) + c + s.slice(i + 1) : kind === 'insert' ? s.slice(0, i) + c + s.slice(i) : s.slice(0, i) + s.slice(i + 1);
    }
    return s;
  });

  it('gives what the previous string implementation gave, on valid, invalid and near-valid text', () => {
    fc.assert(
      fc.property(fc.oneof(shaped, mutated, fc.string({ maxLength: 30 })), (s) => {
        expect([s, parseDateTime(s)]).toEqual([s, previousParseDateTime(s)]);
        const bytes = Buffer.from(`"${s}"`, 'utf8');
        // On bytes: the same for ASCII text; NaN for anything else (no date-time has other characters).
        expect([s, parseDateTimeBytes(bytes, 1, bytes.length - 1)]).toEqual([s, /^[\x00-\x7f]*$/.test(s) ? previousParseDateTime(s) : NaN]);
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps the day cache honest across days, zones and years below 100', () => {
    for (const s of ['2024-03-01T23:59:59.999Z', '2024-03-02T00:00:00Z', '2024-03-01T23:59:59.999Z', '0050-02-01T10:00:00+01:00', '0050-02-01T11:00:00Z', '0000-02-29T00:00:00Z', '1900-03-01T00:00:00Z'])
      expect([s, parseDateTime(s)]).toEqual([s, previousParseDateTime(s)]);
  });
});
