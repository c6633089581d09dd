import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

const REPO = resolve(import.meta.dirname, '..');

/**
 * Where the shared read-only data and contracts live (the directory holding data/ and contract/):
 * $LOCKSTEP_SHARED_DIR if set, else the first of <repo>/../shared and /work/shared that exists.
 * Callers that need the data fail loudly when it is missing — they never skip.
 */
export function sharedDir(): string {
  if (process.env.LOCKSTEP_SHARED_DIR) return process.env.LOCKSTEP_SHARED_DIR;
  const candidates = [join(REPO, '..', 'shared'), '/work/shared'];
  return candidates.find((d) => existsSync(join(d, 'data'))) ?? candidates[0];
}
