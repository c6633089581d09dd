import { Parser } from 'csv-parse';
import type { RawRecord, RecordParser } from './records.js';

interface CsvRow {
  record: string[];
  info: { bytes: number };
}

const LF = 10;
const CR = 13;

/**
 * Line breaks in `b[from, to)`: CRLF, LF and a lone CR each count once (Excel, Unix and old Mac
 * exports, and files that mix them). A CR at `to - 1` counts: records end after their delimiter.
 */
function countBreaks(b: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = b[i];
    if (c === LF) n++;
    else if (c === CR) {
      n++;
      if (b[i + 1] === LF && i + 1 < to) i++;
    }
  }
  return n;
}

/** Length of the blank lines (CR/LF bytes) csv-parse skipped before a record. */
function blankPrefix(b: Buffer, to: number): number {
  let a = 0;
  while (a < to && (b[a] === LF || b[a] === CR)) a++;
  return a;
}

/**
 * CSV with a header row (RFC 4180 quoting via csv-parse: quoted commas, doubled quotes, newlines
 * inside quotes). Each record becomes an object keyed by header name; empty cells are left out
 * (absent, not ""). Records with the wrong number of cells and unclosed quotes are rejects.
 * Records end at CRLF, LF or a lone CR, mixed as they come. `line` is the physical line where the
 * record starts, even when quoted newlines span several: counted here from the bytes each record
 * took (csv-parse's `info.bytes`), since csv-parse's own line count counts a quoted CRLF twice.
 */
export class CsvParser implements RecordParser {
  readonly untyped = true;
  private header: string[] | undefined;
  private held = '';
  /** Bytes written to csv-parse and not yet taken by a record, from byte offset `base` of the input. */
  private bytes: Buffer = Buffer.alloc(0);
  private base = 0;
  /** Line breaks before `base`. */
  private linesBefore = 0;
  /** Called once with the header's column names, before any record (may throw to stop reading). */
  onHeader?: (columns: string[]) => void;
  private readonly out: RawRecord[] = [];
  private readonly parser: Parser;

  constructor() {
    this.parser = new Parser({
      info: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
    });
    // csv-parse delivers records synchronously from write()/end() in flowing mode; collect them.
    this.parser.on('data', (row: CsvRow) => this.onRow(row));
    this.parser.on('skip', (err: Error & { bytes?: number }) => {
      // csv-parse's own line numbers count a quoted CRLF twice; say where the record starts instead.
      const line = this.startLine(err.bytes ?? this.base);
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
    if (s.length) this.write(Buffer.from(s, 'utf8'));
    return this.drain();
  }

  end(): RawRecord[] {
    if (this.held) this.write(Buffer.from(this.held, 'utf8'));
    this.held = '';
    this.parser.end();
    return this.drain();
  }

  private write(b: Buffer): void {
    this.bytes = this.bytes.length ? Buffer.concat([this.bytes, b]) : b;
    this.parser.write(b);
  }

  private drain(): RawRecord[] {
    return this.out.splice(0, this.out.length);
  }

  /**
   * Physical start line of the record that ends at input byte `end` (blank lines before it skipped),
   * and moves the line count past it.
   */
  private startLine(end: number): number {
    const to = Math.max(0, Math.min(end - this.base, this.bytes.length));
    const line = this.linesBefore + countBreaks(this.bytes, 0, blankPrefix(this.bytes, to)) + 1;
    this.linesBefore += countBreaks(this.bytes, 0, to);
    this.bytes = this.bytes.subarray(to);
    this.base += to;
    return line;
  }

  private onRow({ record, info }: CsvRow): void {
    const line = this.startLine(info.bytes);
    if (!this.header) {
      this.header = record.map((h) => h.trim());
      this.onHeader?.(this.header);
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
