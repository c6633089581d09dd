import { createWriteStream, type WriteStream } from 'node:fs';
import type { Reject } from './types.js';

/** How many rejects are kept in memory for reports; the rest go only to the rejects file. */
export const KEPT_REJECTS = 20;

/** Distinct reject kinds counted; further kinds are counted together (a flood of unique parse errors). */
const MAX_KINDS = 200;
const OTHER_KIND = 'other reasons';

/**
 * A reject reason without the offending value, so rejects group by what was wrong:
 * `field "ts" must be …, got "x"` → `field "ts" must be …`; parse errors → `invalid JSON`.
 */
export function rejectKind(reason: string): string {
  if (reason.startsWith('invalid JSON')) return 'invalid JSON';
  const got = reason.indexOf(', got ');
  return got > 0 ? reason.slice(0, got) : reason;
}

/** One kind of reject: how many, and the first one (for its line and full reason). */
export interface RejectKind {
  kind: string;
  count: number;
  first: Reject;
}

/**
 * Collects rejects: the first KEPT_REJECTS in memory, and every one as an NDJSON line
 * ({source,line,reason}) to an optional file, written as they happen rather than buffered.
 */
export class RejectSink {
  readonly kept: Reject[] = [];
  count = 0;
  private readonly kinds = new Map<string, RejectKind>();
  private readonly out: WriteStream | undefined;
  private error: Error | undefined;

  constructor(file?: string) {
    if (file !== undefined) {
      this.out = createWriteStream(file);
      this.out.on('error', (err) => (this.error ??= err));
    }
  }

  add(r: Reject): void {
    this.count++;
    if (this.kept.length < KEPT_REJECTS) this.kept.push(r);
    let kind = rejectKind(r.reason);
    if (!this.kinds.has(kind) && this.kinds.size >= MAX_KINDS) kind = OTHER_KIND;
    const k = this.kinds.get(kind);
    if (k) k.count++;
    else this.kinds.set(kind, { kind, count: 1, first: r });
    this.out?.write(`${JSON.stringify({ source: r.source, line: r.line, reason: r.reason })}\n`);
  }

  /** Reject kinds, most frequent first. */
  topKinds(n = 5): RejectKind[] {
    return [...this.kinds.values()].sort((a, b) => b.count - a.count).slice(0, n);
  }

  /** Waits while the file's buffer is full, so a flood of rejects cannot pile up in memory. */
  async flush(): Promise<void> {
    const out = this.out;
    if (out && !this.error && out.writableNeedDrain) await settled(out, 'drain');
    this.check();
  }

  /** Ends the file and waits until it is on disk; throws if it could not be written. */
  async close(): Promise<void> {
    const out = this.out;
    if (out && !this.error && !out.closed) {
      const done = settled(out, 'close');
      out.end();
      await done;
    }
    this.check();
  }

  private check(): void {
    if (this.error) throw new Error(`cannot write rejects file: ${this.error.message}`, { cause: this.error });
  }
}

/** Resolves on `event` or on an error (recorded by the sink's own error listener). */
function settled(stream: WriteStream, event: string): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off(event, done);
      stream.off('error', done);
      resolve();
    };
    stream.once(event, done);
    stream.once('error', done);
  });
}
