/**
 * A record as split out of its text, before validation: either a parsed value or why it could not
 * be parsed. `line` is the 1-based physical line where the record starts.
 */
export type RawRecord = { line: number; value: unknown } | { line: number; error: string };

/**
 * Splits text into records incrementally: feed chunks with `push`, then call `end` once. Each call
 * returns the records completed by it, so one chunk becomes one batch.
 */
export interface RecordParser {
  push(text: string): RawRecord[];
  end(): RawRecord[];
  /** True when values are untyped strings (CSV): numeric-looking cells may need converting. */
  readonly untyped: boolean;
}
