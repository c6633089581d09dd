import { availableParallelism } from 'node:os';

/** Threads a scan uses unless told otherwise: the cores this process may run on. */
export function availableThreads(): number {
  return Math.max(1, availableParallelism());
}
