// The compiled text leader pass (spark/lockstep_spark/leader_numba.py) against the pure-Python
// reference it replaces on the executors: the same rows out, in the same order, on hand-made cases
// (ties, the window's edge, max_bucket, repeated keys) and on generated rows; with the state pruned
// to the window after every chunk; and through the Arrow batches the job's mapInArrow hands it. Runs in the Spark
// tests' Python (scripts/spark-env.ts installs numba with PySpark); if numba cannot be imported
// there, this fails rather than skips.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sparkEnv } from '../../scripts/spark-env.js';

const SCRIPT = join(import.meta.dirname, 'leader-equality.py');

describe('compiled leader pass', () => {
  it('gives the reference pass\'s families, leaders and order', () => {
    const env = sparkEnv((s) => process.stderr.write(s + '\n'));
    let out: string;
    try {
      out = execFileSync(env.python, [SCRIPT], { encoding: 'utf8', timeout: 600_000 });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      throw new Error(`leader-equality.py failed:\n${err.stdout ?? ''}\n${(err.stderr ?? '').slice(-4000)}`);
    }
    const r = JSON.parse(out) as {
      numba: string; cases: number; rows: number; leaders: number; joined: number; tieDecidedRows: number; failures: unknown[];
      pruned: { case: string; leaders: number; peakLeaders: number; compactions: number }[];
    };
    expect(r.failures).toEqual([]);
    expect(r.numba).toMatch(/^\d+\.\d+/);
    // Not vacuous: many cases and rows, both outcomes common, and ties that the scan order decides.
    expect(r.cases).toBeGreaterThanOrEqual(20);
    expect(r.rows).toBeGreaterThan(100_000);
    expect(r.leaders).toBeGreaterThan(10_000);
    expect(r.joined).toBeGreaterThan(10_000);
    expect(r.tieDecidedRows).toBeGreaterThan(0);
    // Pruning was exercised: every pruned case compacted and held fewer leaders at once than it made.
    expect(r.pruned.length).toBeGreaterThanOrEqual(5);
    for (const p of r.pruned) {
      expect(p.compactions, p.case).toBeGreaterThan(0);
      expect(p.peakLeaders, p.case).toBeLessThan(p.leaders);
    }
  }, 900_000);
});
