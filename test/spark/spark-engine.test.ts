// The heavy stages on a real Spark (PySpark, local[2]) against the in-process engine: on the sample
// day and three dev seeds of every evaluation scenario, the same pruned edges (weights bit for
// bit), the same text families, and the same flagged clusters with the same members. One Spark
// session runs every input (spark/lockstep_job.py --batch); then the real CLI with --engine spark.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparkEnv, type SparkEnv } from '../../scripts/spark-env.js';
import { jobScript } from '../../src/engine/spark-job.js';
import { ensureBuilt, lockstep } from '../support/cli.js';
import { reportErrors } from '../report/schema.js';
import { compareEngines, type Comparison } from './compare.js';
import { makeInputs, type Input } from './inputs.js';

const dir = mkdtempSync(join(tmpdir(), 'lockstep-spark-test-'));
let env: SparkEnv;
let inputs: Input[] = [];
const results = new Map<string, Comparison>();

beforeAll(async () => {
  const t0 = performance.now();
  env = sparkEnv((s) => process.stderr.write(s + '\n'));
  inputs = await makeInputs(dir);
  const batch = inputs.map((i) => ({ input: [i.path], out: join(dir, `${i.name}.out`) }));
  writeFileSync(join(dir, 'batch.json'), JSON.stringify(batch));
  const t1 = performance.now();
  execFileSync(env.python, [jobScript(), '--batch', join(dir, 'batch.json'), '--master', 'local[2]', '--partitions', '2', '--parallel', '2'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PYSPARK_PYTHON: env.python },
    maxBuffer: 1 << 28,
  });
  process.stderr.write(`[spark] ${inputs.length} inputs through one local[2] session in ${((performance.now() - t1) / 1000).toFixed(1)} s (set-up ${((t1 - t0) / 1000).toFixed(1)} s)\n`);
  ensureBuilt();
}, 1_200_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--engine spark gives the in-process results', () => {
  it('covers the sample day and three seeds of each scenario', () => {
    expect(inputs.map((i) => i.name)).toEqual([
      'sample-day',
      ...['mixed', 'organic', 'cjk', 'stealthy', 'basic'].flatMap((s) => [301, 302, 303].map((n) => `${s}-${n}`)),
    ]);
  });

  const names = ['sample-day', ...['mixed', 'organic', 'cjk', 'stealthy', 'basic'].flatMap((s) => [301, 302, 303].map((n) => `${s}-${n}`))];
  for (const name of names) {
    it(`${name}: same edges, text families and flagged clusters`, async () => {
      const input = inputs.find((i) => i.name === name)!;
      const r = await compareEngines(input.path, join(dir, `${name}.out`));
      results.set(name, r);
      expect(r.weightsEqual).toBe(true);
      expect(r.textEvents.differ).toBe(0);
      expect(r.edges.spark).toBe(r.edges.inProcess);
      expect(r.edges.onlyInProcess + r.edges.onlySpark).toBe(0);
      expect(r.edges.weightDiffers).toBe(0);
      expect(r.clusters.spark).toEqual(r.clusters.inProcess);
      expect(r.ids.spark).toEqual(r.ids.inProcess);
    });
  }

  it('is not vacuous: clusters were flagged on the sample day and in every coordinated scenario', () => {
    expect(results.get('sample-day')?.clusters.inProcess.length).toBeGreaterThanOrEqual(5);
    for (const s of ['mixed', 'cjk', 'stealthy', 'basic']) {
      const flagged = [301, 302, 303].reduce((n, seed) => n + (results.get(`${s}-${seed}`)?.clusters.inProcess.length ?? 0), 0);
      expect(flagged, s).toBeGreaterThan(0);
    }
  });

  it('lockstep scan --engine spark writes the same report contract with the job in stats.spark', async () => {
    const input = inputs.find((i) => i.name === 'stealthy-303')!.path;
    const outSpark = join(dir, 'spark.json');
    const outLocal = join(dir, 'local.json');
    const spark = await lockstep(['scan', input, '--engine', 'spark', '--spark-master', 'local[2]', '--spark-submit', env.submit, '--spark-python', env.python, '--spark-conf', 'spark.sql.shuffle.partitions=2', '--out', outSpark, '-q']);
    expect(spark.code, spark.stderr).toBe(0);
    const local = await lockstep(['scan', input, '--out', outLocal, '-q']);
    expect(local.code, local.stderr).toBe(0);
    const a = JSON.parse(readFileSync(outSpark, 'utf8'));
    const b = JSON.parse(readFileSync(outLocal, 'utf8'));
    expect(reportErrors(a)).toBe('');
    expect(a.stats.spark).toMatchObject({ master: 'local[2]', events: b.stats.events, edges: b.stats.edges });
    expect(a.stats.spark.jobSeconds).toBeGreaterThan(0);
    expect(a.stats.edges).toBe(b.stats.edges);
    expect(a.clusters.map((c: { id: string; members: string[] }) => [c.id, c.members])).toEqual(b.clusters.map((c: { id: string; members: string[] }) => [c.id, c.members]));
    expect(a.clusters.length).toBeGreaterThan(0);
  }, 300_000);

  it('refuses inputs the job would read differently', async () => {
    const r = await lockstep(['scan', inputs[1].path, '--engine', 'spark', '--map', 'coortweet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--engine spark reads NDJSON or Parquet/);
  });
});
