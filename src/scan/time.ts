import { parseDateTime } from '../ingest/datetime.js';

// The one parser for times given by people (CLI --from/--to/--day, API from/to): the same RFC 3339
// reader events go through, so a time without a zone is refused everywhere rather than read in the
// machine's local zone.

export const TIME_HELP = 'ISO-8601 with a zone (2024-03-04T00:00:00Z), a date (midnight UTC) or epoch milliseconds';
export const TIME_ERROR = 'expected an ISO-8601 time with a zone (e.g. 2024-03-04T00:00:00Z), a date (YYYY-MM-DD, midnight UTC) or epoch milliseconds';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Epoch ms, or undefined when the value is none of: epoch ms, RFC 3339 with a zone, YYYY-MM-DD (UTC). */
export function parseInstant(v: string | number): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  const s = v.trim();
  if (/^-?\d{1,16}$/.test(s)) return Number(s);
  const d = DAY.exec(s);
  if (d) {
    const t = Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3]));
    return new Date(t).toISOString().slice(0, 10) === s ? t : undefined; // rejects 2024-02-30
  }
  const t = parseDateTime(s);
  return Number.isNaN(t) ? undefined : t;
}

/** parseInstant that throws a message naming the accepted forms. */
export function requireInstant(v: string | number, what = 'time'): number {
  const t = parseInstant(v);
  if (t === undefined) throw new Error(`${what}: ${TIME_ERROR}; got ${JSON.stringify(v)}`);
  return t;
}

export const DAY_MS = 86_400_000;

/** Epoch ms of midnight UTC of a YYYY-MM-DD day; throws on anything else. */
export function parseDay(s: string): number {
  if (!DAY.test(s)) throw new Error(`expected a day as YYYY-MM-DD; got ${JSON.stringify(s)}`);
  return requireInstant(s, 'day');
}

/** A duration such as 3d, 12h, 90m, 45s, or plain seconds; in ms. */
export function parseDuration(s: string): number {
  const m = /^(\d+(?:\.\d+)?)(d|h|m|s)?$/.exec(s.trim());
  if (!m) throw new Error(`expected a duration such as 3d, 12h, 90m or 45s; got ${JSON.stringify(s)}`);
  const unit = { d: DAY_MS, h: 3_600_000, m: 60_000, s: 1000 }[(m[2] ?? 's') as 'd' | 'h' | 'm' | 's'];
  return Number(m[1]) * unit;
}
