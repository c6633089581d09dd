import { Parser } from 'csv-parse';
import type { RawRecord, RecordParser } from './records.js';

interface CsvRow {
  record: string[];
  raw: string;
}

function countNewlines(s: string, from = 0, to = s.length): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i !== -1 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Length of the blank lines csv-parse skipped before a record (they are part of its raw text). */
function blankPrefix(raw: string): number {
  let a = 0;
  while (a < raw.length && (raw.charCodeAt(a) === 10 || raw.charCodeAt(a) === 13)) a++;
  return a;
}

/**
 * CSV with a header row (RFC 4180 quoting via csv-parse: quoted commas, doubled quotes, newlines
 * inside quotes). Each record becomes an object keyed by header name; empty cells are left out
 * (absent, not ""). Records with the wrong number of cells and unclosed quotes are rejects.
 * `line` is the physical line where the record starts, even when quoted newlines span several.
 */
export class CsvParser implements RecordParser {
  readonly untyped = true;
  private header: string[] | undefined;
  private held = '';
  /** Newlines consumed before the next record. */
  private linesBefore = 0;
  private readonly out: RawRecord[] = [];
  private readonly parser: Parser;

  constructor() {
    this.parser = new Parser({
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
    });
    // csv-parse delivers records synchronously from write()/end() in flowing mode; collect them.
    this.parser.on('data', (row: CsvRow) => this.onRow(row));
    this.parser.on('skip', (err: Error, chunk?: string) => {
      const line = this.startLine(chunk ?? '');
      // csv-parse's own line numbers count a quoted CRLF twice; say where the record starts instead.
      this.out.push({ line, error: `invalid CSV: ${err.message.replace(/ at line \d+/, '')}` });
    });
    this.parser.on('error', (err: Error) => {
      this.out.push({ line: this.linesBefore + 1, error: `invalid CSV: ${err.message}` });
    });
  }

  push(text: string): RawRecord[] {
    // csv-parse works on UTF-8 bytes: never hand it half a surrogate pair (it would become U+FFFD).
    let s = this.held + text;
    this.held = '';
    const last = s.charCodeAt(s.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.held = s.slice(-1);
      s = s.slice(0, -1);
    }
    if (s.length) this.parser.write(s);
    return this.drain();
  }

  end(): RawRecord[] {
    if (this.held) this.parser.write(this.held);
    this.held = '';
    this.parser.end();
    return this.drain();
  }

  private drain(): RawRecord[] {
    return this.out.splice(0, this.out.length);
  }

  /**
   * Physical start line of a record from its raw text (csv-parse's `info.lines` miscounts quoted
   * CRLFs), and moves the line count past it.
   */
  private startLine(raw: string): number {
    const line = this.linesBefore + countNewlines(raw, 0, blankPrefix(raw)) + 1;
    this.linesBefore += countNewlines(raw);
    return line;
  }

  private onRow({ record, raw }: CsvRow): void {
    const line = this.startLine(raw);
    if (!this.header) {
      this.header = record.map((h) => h.trim());
      return;
    }
    const header = this.header;
    if (record.length !== header.length) {
      this.out.push({ line, error: `invalid CSV: expected ${header.length} columns, got ${record.length}` });
      return;
    }
    const value: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) if (record[i] !== '') value[header[i]] = record[i];
    this.out.push({ line, value });
  }
}
