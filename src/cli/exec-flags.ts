import { InvalidArgumentError, Option } from 'commander';
import { availableThreads } from '../exec/threads.js';
import { parseSize } from '../exec/memory.js';

/**
 * --threads: an execution option, not a scan parameter — the report is identical for any value —
 * so it is not in src/scan/params.ts's table (nor in the report's params or the API schema).
 */
export function threadsOption(): Option {
  return new Option('--threads <n>', 'worker threads for the stages that split (the report is the same for any value)')
    .default(availableThreads(), `${availableThreads()}, the cores available`)
    .argParser((raw: string) => {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError('expected a whole number from 1 to 64.');
      return n;
    });
}

/** --max-memory: refuse (exit 5) rather than be killed by the kernel; an execution option too. */
export function maxMemoryOption(): Option {
  return new Option('--max-memory <size>', 'refuse the scan (exit 5, with the reason) rather than use more memory than this, e.g. 4G or 3500M').argParser((raw: string) => {
    const n = parseSize(raw);
    if (n === undefined || n < 64 * 1024 ** 2) throw new InvalidArgumentError('expected a size of at least 64M, e.g. 4G or 3500M.');
    return n;
  });
}
