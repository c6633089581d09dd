import { InvalidArgumentError, Option } from 'commander';
import { availableThreads } from '../exec/threads.js';

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
