import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScanParams } from '../detect/params.js';
import type { ExtractStats, SparkJobStats } from './types.js';

export interface SparkOptions {
  /** spark-submit to run (default: spark-submit on PATH). */
  submit: string;
  /** --master (default local[*]; spark://host:7077, yarn, k8s://… on a cluster). */
  master: string;
  /** Python for the driver and workers (PYSPARK_PYTHON); needs pyspark's pandas and pyarrow. */
  python?: string;
  /** Extra spark-submit arguments (e.g. --conf, --deploy-mode), placed before the job. */
  args?: string[];
  signal?: AbortSignal;
  /** Rounds of the job's text split (--text-split-rounds); 0 or unset runs the leader pass as one task. */
  textSplitRounds?: number;
  /** Accept times outside 2000-01-01 … tomorrow, as ingestion does under --allow-any-time. */
  allowAnyTime?: boolean;
  /** Where the job's stderr goes (default: dropped unless the job fails). */
  log?: (line: string) => void;
}

/** The parameters of the one parameter table that the heavy stages read. */
export function jobParams(p: ScanParams): Record<string, unknown> {
  return { window: p.window, scales: p.scales, fanout: p.fanout, minTargets: p.minTargets, topK: p.topK, episodeGap: p.episodeGap, textSimilarity: p.textSimilarity };
}

/** spark/lockstep_job.py of this installation (the repository root holds spark/ beside dist/ and src/). */
export function jobScript(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let up = 0; up < 5; up++) {
    const candidate = join(dir, 'spark', 'lockstep_job.py');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('spark/lockstep_job.py not found beside this installation');
}

/** Runs the job with spark-submit and returns its job.json; throws with the job's last log lines if it fails. */
export async function submitJob(inputs: string[], out: string, params: ScanParams, opts: SparkOptions & { keepEvents?: boolean }): Promise<SparkJobStats> {
  const started = performance.now();
  await runSubmit([
    ...inputs.flatMap((i) => ['--input', /^[a-z][a-z0-9+.-]*:\/\//i.test(i) ? i : resolve(i)]),
    '--out', out,
    '--params', JSON.stringify(jobParams(params)),
    ...(opts.allowAnyTime ? ['--allow-any-time'] : []),
    ...(opts.textSplitRounds ? ['--text-split-rounds', String(opts.textSplitRounds)] : []),
    // The second phase (--extract) reads the accepted events and the edges' account order.
    ...(opts.keepEvents ? ['--keep-events'] : []),
  ], opts);
  const stats = JSON.parse(await readFile(join(out, 'job.json'), 'utf8')) as SparkJobStats;
  stats.submitSeconds = Math.round(performance.now() - started) / 1000;
  return stats;
}

/**
 * The second phase: the job cuts the timing test's extract for `communities` (a JSON file it reads)
 * out of a first phase's outputs in `out` (run with keepEvents), and returns its extract.json.
 */
export async function submitExtract(out: string, communities: string, params: ScanParams, opts: SparkOptions): Promise<ExtractStats> {
  const started = performance.now();
  await runSubmit(['--out', out, '--extract', communities, '--params', JSON.stringify(jobParams(params))], opts);
  const stats = JSON.parse(await readFile(join(out, 'extract.json'), 'utf8')) as ExtractStats;
  stats.submitSeconds = Math.round(performance.now() - started) / 1000;
  return stats;
}

async function runSubmit(jobArgs: string[], opts: SparkOptions): Promise<void> {
  const args = ['--master', opts.master, '--conf', 'spark.ui.enabled=false', ...(opts.args ?? []), jobScript(), ...jobArgs];
  const env = { ...process.env };
  if (opts.python) env.PYSPARK_PYTHON = env.PYSPARK_DRIVER_PYTHON = opts.python;
  const tail: string[] = [];
  await new Promise<void>((ok, fail) => {
    // Own process group: on cancel the JVM and its Python workers go together.
    const child = spawn(opts.submit, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const onAbort = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.trim()) continue;
        opts.log?.(line);
        tail.push(line);
        if (tail.length > 40) tail.shift();
      }
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', (e) => fail(new Error(`cannot run ${opts.submit}: ${e.message} (install Spark or pyspark, or give --spark-submit)`)));
    child.on('close', (code, sig) => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (code === 0) ok();
      else fail(new Error(`Spark job failed (${sig ?? `exit ${code}`}):\n${tail.filter((l) => !/^\s*\[Stage/.test(l)).slice(-20).join('\n')}`));
    });
  });
}
