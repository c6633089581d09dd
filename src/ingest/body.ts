import { createParser, timePolicyOf, validateRecords } from './read.js';
import type { TimePolicy } from './time-policy.js';
import { sniffFormat, type FormatOption } from './source.js';
import type { ActivityEvent, ColumnMapping, Reject } from './types.js';

export interface BodyOptions {
  /** Default `auto`: from the first non-blank character (`[` JSON array, `{` NDJSON, else CSV). */
  format?: FormatOption;
  mapping?: ColumnMapping;
  /** Name used in rejects (default `body`). */
  source?: string;
  /** How `ts` is read (default: the contract, see ReadOptions.time). */
  time?: TimePolicy;
}

export interface ParsedBody {
  events: ActivityEvent[];
  /** The input line of each event, parallel to `events`. */
  lines: number[];
  rejects: Reject[];
}

/**
 * Parses an in-memory NDJSON / JSON-array / CSV body (e.g. an HTTP request) with the same rules as
 * files: every record validated, each invalid one a reject with its line. Never throws on bad data.
 * Does not de-duplicate ids (the caller's store or table does).
 */
export function parseBody(body: string, opts: BodyOptions = {}): ParsedBody {
  const text = body.charCodeAt(0) === 0xfeff ? body.slice(1) : body;
  const format = opts.format && opts.format !== 'auto' ? opts.format : sniffFormat(text);
  const out: ParsedBody = { events: [], lines: [], rejects: [] };
  if (!format) return out;
  const parser = createParser(format);
  const records = parser.push(text).concat(parser.end());
  for (const it of validateRecords(records, opts.source ?? 'body', parser.untyped, opts.mapping, false, timePolicyOf(opts))) {
    if ('event' in it) {
      out.events.push(it.event);
      out.lines.push(it.line);
    } else out.rejects.push(it.reject);
  }
  return out;
}
