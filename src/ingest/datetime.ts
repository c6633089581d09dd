// RFC 3339 date-time (the contract's `format: date-time`), checked and converted in one pass over
// the characters. Ingestion runs this on every event; it is several times faster than ajv-formats'
// regex check followed by Date.parse. One implementation works on bytes (the NDJSON fast path reads
// the timestamp straight out of the input buffer); strings are copied into bytes first.

const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isLeap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

/** Value of `n` digits at `i`, or -1 if any is not a digit (the caller keeps `i + n` within bounds). */
function digits(b: Uint8Array, i: number, n: number): number {
  let v = 0;
  for (let k = i; k < i + n; k++) {
    const c = b[k] - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

let scratch = new Uint8Array(64);

/**
 * Epoch milliseconds of an RFC 3339 date-time with a zone: `YYYY-MM-DD[T ]hh:mm:ss[.fff…]` then `Z`,
 * `±hh:mm`, `±hhmm` or `±hh`. NaN when the text is not one (no zone, impossible date such as Feb 30,
 * hour 24, leap second 60). Digits finer than a millisecond are truncated, as Date.parse does.
 */
export function parseDateTime(s: string): number {
  const n = s.length;
  if (n < 20) return NaN;
  if (n > scratch.length) scratch = new Uint8Array(Math.max(n, scratch.length * 2));
  // Only ASCII characters can be part of a date-time: anything else becomes 0, which matches nothing.
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    scratch[i] = c < 128 ? c : 0;
  }
  return parseDateTimeBytes(scratch, 0, n);
}

/** parseDateTime of the ASCII bytes `b[start, end)`. */
export function parseDateTimeBytes(b: Uint8Array, start: number, end: number): number {
  if (end - start < 20) return NaN;
  const s = start;
  const y = digits(b, s, 4), mo = digits(b, s + 5, 2), d = digits(b, s + 8, 2);
  const h = digits(b, s + 11, 2), mi = digits(b, s + 14, 2), sec = digits(b, s + 17, 2);
  const sep = b[s + 10];
  if (b[s + 4] !== 45 || b[s + 7] !== 45 || (sep !== 84 && sep !== 116 && sep !== 32) || b[s + 13] !== 58 || b[s + 16] !== 58) return NaN;
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > (mo === 2 && isLeap(y) ? 29 : DAYS[mo]) || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) return NaN;
  let i = s + 19;
  let ms = 0;
  if (b[i] === 46 /* . */) {
    const from = ++i;
    while (i < end && b[i] >= 48 && b[i] <= 57) i++;
    const n = i - from;
    if (n === 0) return NaN;
    ms = n >= 3 ? digits(b, from, 3) : digits(b, from, n) * (n === 1 ? 100 : 10);
  }
  if (i >= end) return NaN;
  let offset = 0;
  const z = b[i];
  if (z === 90 || z === 122 /* Z z */) {
    if (i + 1 !== end) return NaN;
  } else if (z === 43 || z === 45 /* + - */) {
    const rest = end - i - 1;
    let oh: number;
    let om = 0;
    if (rest === 5 && b[i + 3] === 58) {
      oh = digits(b, i + 1, 2);
      om = digits(b, i + 4, 2);
    } else if (rest === 4) {
      oh = digits(b, i + 1, 2);
      om = digits(b, i + 3, 2);
    } else if (rest === 2) oh = digits(b, i + 1, 2);
    else return NaN;
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
    offset = (z === 45 ? -1 : 1) * (oh * 60 + om) * 60_000;
  } else return NaN;
  return dayStart(y, mo, d) + ((h * 60 + mi) * 60 + sec) * 1000 + ms - offset;
}

// Inputs are mostly in time order, so consecutive times share their day: remember the last one.
let lastDay = -1;
let lastDayStart = 0;

/** Epoch ms of midnight UTC starting a valid date (what Date.UTC(y, mo - 1, d, h, …) adds the time of day to). */
function dayStart(y: number, mo: number, d: number): number {
  const key = (y * 13 + mo) * 32 + d;
  if (key === lastDay) return lastDayStart;
  let t = Date.UTC(y, mo - 1, d);
  // Date.UTC reads years 0-99 as 1900-1999.
  if (y < 100) t = new Date(t).setUTCFullYear(y);
  lastDay = key;
  lastDayStart = t;
  return t;
}
