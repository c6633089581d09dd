/** A record read from a request body, with its 1-based line (NDJSON) or array position (JSON). */
export interface BodyRecord {
  line: number;
  value: unknown;
}

export interface LineReject {
  line: number;
  reason: string;
}

export type BodyFormat = 'ndjson' | 'json';

export type ParsedBody = { ok: true; records: BodyRecord[]; rejects: LineReject[] } | { ok: false; reason: string };

/**
 * Splits an ingest body into records. NDJSON: one JSON value per line, blank lines skipped, each bad
 * line rejected on its own. JSON: an array of records (or a single object). Not readable at all
 * (`ok: false`) when nothing in it parses.
 */
export function parseIngestBody(buf: Buffer, format: BodyFormat, maxLineBytes: number): ParsedBody {
  let start = buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0; // BOM
  if (format === 'json') {
    let value: unknown;
    try {
      value = JSON.parse(buf.toString('utf8', start));
    } catch (err) {
      return { ok: false, reason: `body is not valid JSON: ${(err as Error).message}` };
    }
    if (Array.isArray(value)) {
      if (value.length === 0) return { ok: false, reason: 'body is an empty array' };
      return { ok: true, records: value.map((v, i) => ({ line: i + 1, value: v })), rejects: [] };
    }
    if (value !== null && typeof value === 'object') return { ok: true, records: [{ line: 1, value }], rejects: [] };
    return { ok: false, reason: 'body must be a JSON array of events (or one event object)' };
  }

  const records: BodyRecord[] = [];
  const rejects: LineReject[] = [];
  let line = 0;
  while (start < buf.length) {
    let end = buf.indexOf(10, start);
    if (end < 0) end = buf.length;
    line++;
    const len = end - start;
    if (len > maxLineBytes) {
      rejects.push({ line, reason: `line is longer than ${maxLineBytes} bytes` });
    } else {
      const text = buf.toString('utf8', start, end);
      if (text.trim() !== '') {
        try {
          records.push({ line, value: JSON.parse(text) });
        } catch {
          rejects.push({ line, reason: 'not valid JSON' });
        }
      }
    }
    start = end + 1;
  }
  if (records.length === 0) return { ok: false, reason: rejects.length ? 'no line of the body is valid JSON' : 'body is empty' };
  return { ok: true, records, rejects };
}
