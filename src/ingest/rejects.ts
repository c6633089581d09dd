import { createWriteStream, type WriteStream } from 'node:fs';
import type { Reject } from './types.js';

/** How many rejects are kept in memory for reports; the rest go only to the rejects file. */
export const KEPT_REJECTS = 20;

/**
 * Collects rejects: the first KEPT_REJECTS in memory, and every one as an NDJSON line
 * ({source,line,reason}) to an optional file, written as they happen rather than buffered.
 */
export class RejectSink {
  readonly kept: Reject[] = [];
  count = 0;
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
    this.out?.write(`${JSON.stringify({ source: r.source, line: r.line, reason: r.reason })}\n`);
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
