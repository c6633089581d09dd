import { startWorker } from './workers.js';
import type { Worker } from 'node:worker_threads';

/** Exit code of a scan refused or stopped by --max-memory. */
export const MEMORY_EXIT = 5;

/** A scan that would not fit --max-memory. */
export class MemoryLimitError extends Error {
  readonly exitCode = MEMORY_EXIT;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** "4G", "3500M", "4 GiB", "1073741824" → bytes (binary units); undefined when unreadable. */
export function parseSize(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return undefined;
  const unit = UNITS[m[2].toLowerCase()];
  return unit === undefined ? undefined : Math.round(Number(m[1]) * unit);
}

export const formatSize = (bytes: number) => (bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${Math.round(bytes / 1024 ** 2)} MiB`);

/**
 * What the stages after reading add on top of the memory in use once the events are read, per event
 * (measured: 1 M events 0.3 → 0.8 GB, 10 M events 1.6 → 3.1 GB with two threads; the pair table
 * is bounded, so the rest grows with the events).
 */
export const BYTES_PER_EVENT_AFTER_READ = 160;

/**
 * A memory budget for one scan (--max-memory): refuses a table whose scan is expected to exceed it,
 * checks between stages, and — because a stage is one long synchronous computation — keeps a
 * watchdog thread that stops the process with the same clear message should the resident set pass
 * the budget anyway (instead of the kernel's OOM killer doing so without a word).
 */
export class MemoryBudget {
  private watchdog?: Worker;

  constructor(readonly limit: number) {}

  private message(what: string): string {
    return `${what}; --max-memory is ${formatSize(this.limit)} (checks stop at 95% of it). Raise --max-memory, scan a shorter time range (--from/--to), or split the input.`;
  }

  /** Before the pipeline: the events are read; would the rest fit? */
  admit(events: number): void {
    const now = process.memoryUsage.rss();
    const need = now + events * BYTES_PER_EVENT_AFTER_READ;
    if (need > this.limit * 0.95) throw new MemoryLimitError(this.message(`refused: scanning ${events.toLocaleString('en')} events needs about ${formatSize(need)} (${formatSize(now)} in use after reading)`));
  }

  /**
   * Between stages (and while reading). At 95% of the budget, so that where the main thread gets a
   * turn it refuses with exit 5 before the watchdog has to stop the process.
   */
  check(where: string): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.limit * 0.95) throw new MemoryLimitError(this.message(`stopped ${where}: ${formatSize(rss)} in use`));
  }

  /** Starts the watchdog (call stop() when the scan is done). */
  watch(): void {
    this.watchdog = startWorker('exec/memory-watchdog', { limit: this.limit, message: this.message('stopped: %RSS% in use'), exitCode: MEMORY_EXIT });
    this.watchdog.unref();
  }

  stop(): void {
    void this.watchdog?.terminate();
    this.watchdog = undefined;
  }
}
