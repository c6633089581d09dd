import type { RawRecord, RecordParser } from './records.js';

/**
 * One NDJSON line as a record: its parsed value, or why it is not JSON. Undefined for a blank line
 * (not a record).
 */
export function parseNdjsonLine(text: string, line: number): RawRecord | undefined {
  // Cheap blank test first: most lines start with '{'.
  if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return undefined;
  try {
    return { line, value: JSON.parse(text) };
  } catch (err) {
    return { line, error: `invalid JSON: ${(err as Error).message}` };
  }
}

/** Newline-delimited JSON: one value per line; blank lines are skipped (not records). */
export class NdjsonParser implements RecordParser {
  readonly untyped = false;
  private rest = '';
  private line = 0;

  push(text: string): RawRecord[] {
    const out: RawRecord[] = [];
    const s = this.rest.length ? this.rest + text : text;
    let start = 0;
    for (let nl = s.indexOf('\n'); nl !== -1; nl = s.indexOf('\n', start)) {
      this.parseLine(s.slice(start, nl), out);
      start = nl + 1;
    }
    this.rest = start === 0 ? s : s.slice(start);
    return out;
  }

  end(): RawRecord[] {
    const out: RawRecord[] = [];
    if (this.rest.length) this.parseLine(this.rest, out);
    this.rest = '';
    return out;
  }

  private parseLine(text: string, out: RawRecord[]): void {
    const r = parseNdjsonLine(text, ++this.line);
    if (r) out.push(r);
  }
}
