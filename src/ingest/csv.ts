import { Parser } from 'csv-parse';
import type { RawRecord, RecordParser } from './records.js';

interface CsvInfo {
  lines: number;
}
interface CsvRow {
  record: string[];
  raw: string;
  info: CsvInfo;
}

/** Newlines inside a record's raw text, ignoring blank lines skipped before it and its terminator. */
function innerNewlines(raw: string): number {
  let a = 0;
  while (a < raw.length && (raw.charCodeAt(a) === 10 || raw.charCodeAt(a) === 13)) a++;
  let b = raw.length;
  if (b > a && raw.charCodeAt(b - 1) === 10) b--;
  let n = 0;
  for (let i = raw.indexOf('\n', a); i !== -1 && i < b; i = raw.indexOf('\n', i + 1)) n++;
  return n;
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
  private readonly out: RawRecord[] = [];
  private readonly parser: Parser;

  constructor() {
    this.parser = new Parser({
      info: true,
      raw: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
    });
    // csv-parse delivers records synchronously from write()/end() in flowing mode; collect them.
    this.parser.on('data', (row: CsvRow) => this.onRow(row));
    this.parser.on('skip', (err: Error & { lines?: number }, chunk?: string) => {
      const last = err.lines ?? 0;
      this.out.push({ line: Math.max(1, last - (chunk ? innerNewlines(chunk) : 0)), error: `invalid CSV: ${err.message}` });
    });
    this.parser.on('error', (err: Error & { lines?: number }) => {
      this.out.push({ line: err.lines ?? 0, error: `invalid CSV: ${err.message}` });
    });
  }

  push(text: string): RawRecord[] {
    this.parser.write(text);
    return this.drain();
  }

  end(): RawRecord[] {
    this.parser.end();
    return this.drain();
  }

  private drain(): RawRecord[] {
    return this.out.splice(0, this.out.length);
  }

  private onRow({ record, raw, info }: CsvRow): void {
    const line = info.lines - innerNewlines(raw);
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
