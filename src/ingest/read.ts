import { CsvParser } from './csv.js';
import { InputRejectedError, MissingColumnsError } from './errors.js';
import { JsonArrayParser } from './json-array.js';
import { describeMissingColumns, missingColumns, toContractRecord } from './mapping.js';
import { NdjsonParser } from './ndjson.js';
import type { RawRecord, RecordParser } from './records.js';
import { CorruptInputError, formatFromName, sniffFormat, sourceLabel, sourceText, STDIN, type FormatOption, type InputFormat } from './source.js';
import type { ActivityEvent, ColumnMapping, Reject } from './types.js';
import { TimePolicy } from './time-policy.js';
import { validateEvent } from './validate.js';

/** One input record after validation: an event (with the line it came from) or a reject. */
export type ReadItem = { event: ActivityEvent; line: number } | { reject: Reject };

export interface ReadOptions {
  /** Default `auto`: from the file extension, else from the first non-blank byte. */
  format?: FormatOption;
  /** How to read a non-contract column layout (see parseMapping). */
  mapping?: ColumnMapping;
  /** Throw InputRejectedError at the first invalid record instead of reporting it. */
  strict?: boolean;
  /** What `-` reads (default process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /**
   * How `ts` is read and which times are accepted. Default: the contract (numeric times in the
   * mapping's ts-unit, else epoch ms; any time accepted).
   */
  time?: TimePolicy;
}

/** The time policy of read options (see ReadOptions.time). */
export function timePolicyOf(opts: ReadOptions): TimePolicy {
  return opts.time ?? TimePolicy.contract(opts.mapping?.tsUnit);
}

/** A fresh incremental parser for a format. */
export function createParser(format: InputFormat): RecordParser {
  switch (format) {
    case 'ndjson':
      return new NdjsonParser();
    case 'json':
      return new JsonArrayParser();
    case 'csv':
      return new CsvParser();
  }
}

/**
 * Validates parsed records against the contract (after mapping): each becomes an event or a
 * reject naming `source` and the record's line. Under `strict`, the first reject throws.
 */
export function validateRecords(records: RawRecord[], source: string, untyped: boolean, mapping?: ColumnMapping, strict = false, time?: TimePolicy): ReadItem[] {
  time ??= TimePolicy.contract(mapping?.tsUnit);
  const items: ReadItem[] = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    let reason: string;
    if ('error' in r) reason = r.error;
    else {
      const v = validateEvent(toContractRecord(r.value, mapping, untyped), time);
      if (v.ok) {
        items[i] = { event: v.event, line: r.line };
        continue;
      }
      reason = v.reason;
    }
    const reject = { source, line: r.line, reason };
    if (strict) throw new InputRejectedError(reject);
    items[i] = { reject };
  }
  return items;
}

const lastLine = (items: ReadItem[], prev: number) => {
  const it = items[items.length - 1];
  return it === undefined ? prev : 'event' in it ? it.line : it.reject.line;
};

/**
 * Reads one source (a file path or `-` for stdin; plain or gzip) as batches of validated items,
 * one batch per chunk of input, so callers can insert in batches (store, API) without holding the
 * whole input. Unparseable and invalid records are rejects; reading goes on after them.
 * A source that cannot be opened throws SourceError.
 */
export async function* readBatches(source: string, opts: ReadOptions = {}): AsyncGenerator<ReadItem[]> {
  const format = opts.format && opts.format !== 'auto' ? opts.format : source === STDIN ? undefined : formatFromName(source);
  yield* readTextBatches(sourceLabel(source), format, sourceText(source, opts.stdin), opts);
}

/**
 * readBatches of text already opened: `label` names the source in rejects; `format` undefined
 * means sniff it from the first non-blank character.
 */
export async function* readTextBatches(label: string, format: InputFormat | undefined, text: AsyncIterable<string>, opts: ReadOptions = {}): AsyncGenerator<ReadItem[]> {
  const { mapping, strict = false } = opts;
  const time = timePolicyOf(opts);
  let parser: RecordParser | undefined;
  let pending = '';
  let line = 0;
  try {
    for await (let chunk of text) {
      if (!parser) {
        if (!format) {
          pending += chunk;
          format = sniffFormat(pending);
          if (!format) continue;
          chunk = pending;
          pending = '';
        }
        parser = createParser(format);
        if (parser instanceof CsvParser) {
          // Check the header before reading any record: a mistyped --map would reject every one.
          parser.onHeader = (header) => {
            const missing = missingColumns(header, mapping);
            if (missing.length) throw new MissingColumnsError(describeMissingColumns(missing, header, label));
          };
        }
      }
      const records = parser.push(chunk);
      if (records.length) {
        const items = validateRecords(records, label, parser.untyped, mapping, strict, time);
        line = lastLine(items, line);
        yield items;
      }
    }
  } catch (err) {
    if (!(err instanceof CorruptInputError)) throw err;
    // Keep what was read; the truncated tail is one reject (a cut-off last record could look valid).
    const reject = { source: label, line: line + 1, reason: `${err.message} (input after this point is lost)` };
    if (strict) throw new InputRejectedError(reject);
    yield [{ reject }];
    return;
  }
  if (!parser) return; // empty or blank input: no records
  const records = parser.end();
  if (records.length) yield validateRecords(records, label, parser.untyped, mapping, strict, time);
}

/** The same as readBatches, one item at a time (simpler to consume, a little slower). */
export async function* readEvents(source: string, opts: ReadOptions = {}): AsyncGenerator<ReadItem> {
  for await (const batch of readBatches(source, opts)) yield* batch;
}
