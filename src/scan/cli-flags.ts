import { InvalidArgumentError, Option } from 'commander';
import { parseMapping, type IngestOptions } from '../ingest/index.js';
import { TimePolicy } from '../ingest/time-policy.js';
import type { TimeRange } from '../store/types.js';
import { parseInstant, TIME_ERROR, TIME_HELP } from './time.js';

/** The input flags every command that reads events shares (scan, export, daily). */
export interface InputFlags {
  format: 'auto' | 'ndjson' | 'csv' | 'json';
  map?: string;
  rejects?: string;
  strict?: boolean;
  duplicates: 'id' | 'exact' | 'keep';
  allowAnyTime?: boolean;
  maxRejected: number;
  /** Accept an input with no records (else refused, exit 4). */
  allowEmpty?: boolean;
}

export interface RangeFlags {
  from?: number;
  to?: number;
}

/** commander parser for --from/--to: the scan service's time parser. */
export function instantArg(value: string): number {
  const t = parseInstant(value);
  if (t === undefined) throw new InvalidArgumentError(`${TIME_ERROR}.`);
  return t;
}

/** `formatFlag`: commands whose --format names an output format read the input format from another flag. */
export function inputOptions(formatFlag = 'format'): Option[] {
  return [
    new Option(`--${formatFlag} <format>`, 'input format').choices(['auto', 'ndjson', 'csv', 'json']).default('auto'),
    new Option('--map <mapping>', 'column mapping for other layouts, e.g. "coortweet" or "account=user,target=object_id,ts=time,ts-unit=s,action==share"'),
    new Option('--rejects <file>', 'write every rejected record (source, line, reason) to this NDJSON file'),
    new Option('--strict', 'stop at the first invalid record (exit code 2)'),
    new Option('--duplicates <policy>', 'which records count as duplicates: id (an id seen before, the contract), exact (identical in every field; CooRTweet compatibility), keep (none)')
      .choices(['id', 'exact', 'keep'])
      .default('id'),
    new Option('--allow-any-time', 'accept times outside 2000-01-01 to the end of tomorrow (UTC); otherwise they are rejects'),
    new Option('--max-rejected <share>', 'refuse the input (exit 3 or 4) when more than this share of its records is rejected; 1 never refuses').argParser(share).default(0.5),
    new Option('--allow-empty', 'accept an input with no records (a day without activity); otherwise it is refused (exit 4), as an export that failed upstream'),
  ];
}

export function rangeOptions(): Option[] {
  return [
    new Option('--from <time>', `only events at or after this time (${TIME_HELP})`).argParser(instantArg),
    new Option('--to <time>', `only events at or before this time (${TIME_HELP})`).argParser(instantArg),
  ];
}

function share(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number between 0 and 1.');
  return n;
}

export function ingestOptions(flags: Omit<InputFlags, 'maxRejected' | 'allowEmpty'>, onProgress?: IngestOptions['onProgress']): IngestOptions {
  const mapping = flags.map ? parseMapping(flags.map) : undefined;
  const time = new TimePolicy({ unit: mapping?.tsUnit, allowAnyTime: flags.allowAnyTime });
  return { format: flags.format, mapping, time, strict: flags.strict, rejectsFile: flags.rejects, duplicates: flags.duplicates, onProgress };
}

export function rangeOf(flags: RangeFlags): TimeRange {
  if (flags.from !== undefined && flags.to !== undefined && flags.from > flags.to) throw new Error('--from is after --to');
  return { from: flags.from, to: flags.to };
}
