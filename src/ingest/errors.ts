import type { Reject } from './types.js';

/**
 * Thrown under strict mode at the first invalid record. Carries the reject so the caller can say
 * exactly where and why (the CLI maps it to exit code 2).
 */
export class InputRejectedError extends Error {
  readonly reject: Reject;
  constructor(reject: Reject) {
    super(`${reject.source}:${reject.line}: ${reject.reason}`);
    this.name = 'InputRejectedError';
    this.reject = reject;
  }
}

/** A source that cannot be opened or read at all (missing file, unreadable stdin). */
export class SourceError extends Error {
  readonly source: string;
  constructor(source: string, message: string, options?: { cause?: unknown }) {
    super(`cannot read ${source}: ${message}`, options);
    this.name = 'SourceError';
    this.source = source;
  }
}

/** A column-mapping spec that cannot be understood (a usage error, not bad input data). */
export class MappingError extends Error {
  constructor(spec: string, message: string) {
    super(`invalid column mapping "${spec}": ${message}`);
    this.name = 'MappingError';
  }
}

/** A CSV header lacks columns the mapping (or the contract) reads: found before any record is read. */
export class MissingColumnsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingColumnsError';
  }
}
