// The heavy stages on a real Spark (PySpark, local[2]) against the in-process engine: on the sample
// day and a dev seed of every evaluation scenario (between them, every export quirk: inputs.ts), the same pruned edges (weights bit for
// bit), the same text families, and the same flagged clusters with the same members. The sample
// day goes through the real CLI (lockstep scan --engine spark, which submits the job); the
// generated worlds through one Spark session (spark/lockstep_job.py --batch), at the same time.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparkEnv, type SparkEnv } from '../../scripts/spark-env.js';
import { jobScript } from '../../src/engine/spark-job.js';
import { ensureBuilt, lockstep, type Run } from '../support/cli.js';
import { reportErrors } from '../report/schema.js';
import { compareEngines, type Comparison } from './compare.js';
import { candidatesOf, compareExtract } from './compare-extract.js';
import type { Candidates } from '../../src/engine/spark-scan.js';
import { makeInputs, quirksOf, SAMPLE, WORLDS, type Input } from './inputs.js';

const dir = mkdtempSync(join(tmpdir(), 'lockstep-spark-test-'));
let env: SparkEnv;
let inputs: Input[] = [];
const results = new Map<string, Comparison>();
const candidates = new Map<string, Candidates>();
/** Sources of texts (null-context.ts textSources) each world's extract holds. */
const sourceCounts = new Map<string, number>();
/** The real CLI with --engine spark on the sample day (its outputs kept for the comparison). */
let cli: Run;

const outOf = (name: string) => join(dir, `${name}.out`);
const POOLED = 'sample-day-one-round';
const jobOf = (name: string) => JSON.parse(readFileSync(join(outOf(name), 'job.json'), 'utf8')) as Record<string, number | boolean>;

/** A command to completion, without blocking the event loop (so two can run at once). */
function run(cmd: string, args: string[], extraEnv: Record<string, string>): Promise<void> {
  return new Promise((ok, fail) => {
    const p = spawn(cmd, args, { env: { ...process.env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    p.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-4000)));
    p.on('error', fail);
    p.on('close', (code) => (code === 0 ? ok() : fail(new Error(`${cmd} exited ${code}:\n${err}`))));
  });
}

beforeAll(async () => {
  const t0 = performance.now();
  env = sparkEnv((s) => process.stderr.write(s + '\n'));
  inputs = await makeInputs(dir);
  ensureBuilt();
  const worlds = inputs.filter((i) => i.name !== 'sample-day');
  // The sample day once more with one round of the text split: components left unsettled go to
  // the pooled group, and the families must still be the in-process ones.
  const pooled = { input: [SAMPLE], out: outOf(POOLED), textSplitRounds: 1 };
  // keepEvents: the second phase (the timing test's extract) runs on these outputs below.
  writeFileSync(join(dir, 'batch.json'), JSON.stringify([...worlds.map((i) => ({ input: [i.path], out: outOf(i.name), episodes: true, textSplitRounds: 4, keepEvents: true })), pooled]));
  const t1 = performance.now();
  // The CLI's own submission (sample day) and one session for every generated world, side by side:
  // small jobs are mostly scheduling latency, so the two overlap well on two cores.
  const viaCli = lockstep([
    'scan', SAMPLE, '--engine', 'spark', '--spark-extract', '--spark-master', 'local[2]', '--spark-submit', env.submit, '--spark-python', env.python,
    '--spark-conf', 'spark.sql.shuffle.partitions=4', '--spark-text-split', '4', '--spark-out', outOf('sample-day'), '--out', join(dir, 'sample-spark.json'), '-q',
  ]);
  const batch = run(env.python, [jobScript(), '--batch', join(dir, 'batch.json'), '--master', 'local[2]', '--partitions', '2'], { PYSPARK_PYTHON: env.python });
  [cli] = await Promise.all([viaCli, batch]);
  process.stderr.write(`[spark] ${worlds.length} worlds in one local[2] session beside the CLI's sample-day job: ${((performance.now() - t1) / 1000).toFixed(1)} s (set-up ${((t1 - t0) / 1000).toFixed(1)} s)\n`);
  // The extract path's second phase for every world in one session, on Louvain's communities found here.
  const t2 = performance.now();
  for (const w of worlds) candidates.set(w.name, await candidatesOf(outOf(w.name)));
  writeFileSync(join(dir, 'extract.json'), JSON.stringify(worlds.map((w) => ({ out: outOf(w.name), communities: candidates.get(w.name)!.file }))));
  await run(env.python, [jobScript(), '--batch', join(dir, 'extract.json'), '--master', 'local[2]', '--partitions', '2', '--parallel', '2'], { PYSPARK_PYTHON: env.python });
  // The first phase alone took 14–19 min on this two-core machine under load from other sessions.
  process.stderr.write(`[spark] ${worlds.length} second phases (extracts) in one local[2] session: ${((performance.now() - t2) / 1000).toFixed(1)} s\n`);
}, 2_700_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--engine spark gives the in-process results', () => {
  const names = ['sample-day', ...WORLDS.map((w) => `${w.scenario}-${w.seed}`)];

  it('covers the sample day, every scenario and every export quirk', () => {
    expect(inputs.map((i) => i.name)).toEqual(names);
    expect(new Set(WORLDS.map((w) => w.scenario))).toEqual(new Set(['mixed', 'organic', 'cjk', 'stealthy', 'basic']));
    const seen = (k: 'stimulus' | 'targets' | 'resolution' | 'accountStyle') => new Set(WORLDS.map((w) => quirksOf(w)[k]));
    expect(seen('stimulus')).toEqual(new Set(['linked', 'unlinked', 'absent']));
    expect(seen('targets')).toEqual(new Set(['fine', 'coarse']));
    expect(seen('resolution')).toEqual(new Set(['ms', 's', 'min']));
    expect(seen('accountStyle')).toEqual(new Set(['bare', 'at']));
  });

  for (const name of names) {
    it(`${name}: same edges, text families and flagged clusters`, async () => {
      const input = inputs.find((i) => i.name === name)!;
      const r = await compareEngines(input.path, outOf(name));
      results.set(name, r);
      expect(r.weightsEqual).toBe(true);
      expect(r.textEvents.differ).toBe(0);
      expect(r.edges.spark).toBe(r.edges.inProcess);
      expect(r.edges.onlyInProcess + r.edges.onlySpark).toBe(0);
      expect(r.edges.weightDiffers).toBe(0);
      expect(r.clusters.spark).toEqual(r.clusters.inProcess);
      expect(r.ids.spark).toEqual(r.ids.inProcess);
      // The generated worlds' jobs also write the timing test's reaction table (episodes/).
      if (name !== 'sample-day') expect(r.episodes).toEqual({ inProcess: r.episodes!.spark, spark: r.episodes!.spark, differ: 0 });
      // The families above came from the compiled leader pass, not the fallback (job.json says which ran).
      expect(String(jobOf(name).textLeaderPass)).toMatch(/^numba \d/);
      // ... through Arrow batches (leader_arrow.py), which report the pass's state and its leaders.
      expect(jobOf(name).textLeaderLeaders).toBeGreaterThan(0);
      expect(jobOf(name).textLeaderStateBytes).toBeGreaterThan(0);
    });
  }

  for (const name of names.filter((n) => n !== 'sample-day')) {
    it(`${name}: the extract path (--spark-extract) gives the in-process report`, async () => {
      const input = inputs.find((i) => i.name === name)!;
      const r = await compareExtract(input.path, outOf(name), candidates.get(name)!);
      process.stderr.write(`[spark] ${name} extract: ${r.size.extractEvents} of ${r.size.dayEvents} events, ${r.size.extractEpisodes} of ${r.size.dayEpisodes} episodes, ${r.size.extractBytes} bytes (the day's events: ${r.size.eventsBytes}), ${r.sources.extract.length} sources of texts\n`);
      expect(r.clusters.extract).toEqual(r.clusters.inProcess);
      expect(r.firstDifference).toBeUndefined();
      expect(r.sameReport).toBe(true);
      expect(r.stats.extract).toEqual(r.stats.inProcess);
      expect(r.rankMismatches).toBe(0);
      expect(r.sources.extract).toEqual(r.sources.inProcess);
      sourceCounts.set(name, r.sources.extract.length);
      expect(r.size.extractEvents).toBeLessThanOrEqual(r.size.dayEvents);
    });
  }

  it('is not vacuous: clusters were flagged on the sample day and in every coordinated scenario', () => {
    expect(results.get('sample-day')?.clusters.inProcess.length).toBeGreaterThanOrEqual(5);
    for (const w of WORLDS.filter((x) => x.scenario !== 'organic')) {
      expect(results.get(`${w.scenario}-${w.seed}`)?.clusters.inProcess.length, w.scenario).toBeGreaterThan(0);
    }
    // The day-wide sources of texts were compared on some accounts, not none.
    expect([...sourceCounts.values()].some((n) => n > 0), JSON.stringify([...sourceCounts])).toBe(true);
    // Both regimes: a slice's lockstep cells are numbered and ordered by their own rules (docs/spark-extract.md).
    expect(new Set([...results.values()].map((r) => r.regime))).toEqual(new Set(['population', 'slice']));
  });

  it('splits the text leader pass: several groups on the sample day, and exact with unsettled components pooled', async () => {
    const split = jobOf('sample-day');
    expect(split.textSplitSettled).toBe(true);
    expect(split.textGroups).toBeGreaterThan(1);
    expect(split.textLargestGroup).toBeLessThan(split.textCandidates as number);
    const pooled = jobOf(POOLED);
    expect(pooled.textSplitRounds).toBe(1);
    expect(pooled.textSplitRest).toBeGreaterThan(0);
    const r = await compareEngines(SAMPLE, outOf(POOLED));
    expect(r.textEvents.differ).toBe(0);
    expect(r.edges.onlyInProcess + r.edges.onlySpark + r.edges.weightDiffers).toBe(0);
    expect(r.clusters.spark).toEqual(r.clusters.inProcess);
  });

  it('lockstep scan --engine spark --spark-extract (sample day) writes the in-process report, with the job in stats.spark', async () => {
    expect(cli.code, cli.stderr).toBe(0);
    const outLocal = join(dir, 'sample-local.json');
    const local = await lockstep(['scan', SAMPLE, '--out', outLocal, '-q']);
    expect(local.code, local.stderr).toBe(0);
    const a = JSON.parse(readFileSync(join(dir, 'sample-spark.json'), 'utf8'));
    const b = JSON.parse(readFileSync(outLocal, 'utf8'));
    expect(reportErrors(a)).toBe('');
    expect(a.stats.spark).toMatchObject({ master: 'local[2]', cores: 2, events: b.stats.events, edges: b.stats.edges });
    expect(a.stats.spark.jobSeconds).toBeGreaterThan(0);
    expect(a.stats.spark.textLeaderPass).toMatch(/^numba \d/);
    expect(a.stats.spark.submitSeconds).toBeGreaterThanOrEqual(a.stats.spark.jobSeconds);
    expect(a.stats.edges).toBe(b.stats.edges);
    const clusters = (r: { clusters: { id: string; members: string[]; score: number }[] }) => r.clusters.map((c) => [c.id, c.members, c.score]);
    expect(clusters(a)).toEqual(clusters(b));
    expect(a.clusters.length).toBeGreaterThanOrEqual(5);
    // --spark-extract: the report whole is the in-process one, and so are the stats computed from
    // the job's day-wide figures; the extract is what the CLI read instead of the day.
    const body = (r: Record<string, unknown>) => JSON.stringify({ ...r, generatedAt: undefined, stats: undefined });
    expect(body(a)).toBe(body(b));
    for (const k of ['read', 'events', 'rejected', 'duplicates', 'accounts', 'targets', 'communities', 'timeResolution', 'regime', 'flagged', 'flaggedAccounts']) expect(a.stats[k], k).toEqual(b.stats[k]);
    expect(a.stats.spark.extract.events).toBeGreaterThan(0);
    expect(a.stats.spark.extract.events).toBeLessThan(b.stats.events);
    process.stderr.write(`[spark] sample day extract: ${a.stats.spark.extract.events} of ${b.stats.events} events, ${a.stats.spark.extract.episodes} episodes for ${a.stats.spark.extract.communities} communities (${a.stats.spark.extract.members} members)\n`);
  });

  it('refuses inputs the job would read differently', async () => {
    const r = await lockstep(['scan', inputs[1].path, '--engine', 'spark', '--map', 'coortweet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--engine spark reads NDJSON or Parquet/);
    // The extract path reads no record here: what needs the records themselves is refused.
    const rejects = await lockstep(['scan', inputs[1].path, '--engine', 'spark', '--spark-extract', '--rejects', join(dir, 'r.ndjson')]);
    expect(rejects.code).toBe(1);
    expect(rejects.stderr).toMatch(/cannot write --rejects/);
    const alone = await lockstep(['scan', inputs[1].path, '--spark-extract']);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/--spark-extract goes with --engine spark/);
  });
});
