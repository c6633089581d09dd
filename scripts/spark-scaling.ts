/**
 * Measured scaling of the Spark job: the same input with local[1] and local[2], then the cores a
 * day of 1 B events needs to finish within an hour, from the measured throughput per core.
 *
 *   npx tsx scripts/spark-scaling.ts [--events 1000000] [--input day.ndjson.gz] [--cores 1,2] [--split-rounds 4]
 *
 * Without --input it generates the `mixed` scenario at that size (seed 1) under /tmp. Prints one
 * line per run and the projection; the assumptions are printed with it (and in the README).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { jobScript } from '../src/engine/spark-job.js';
import { sparkEnv } from './spark-env.js';

const o = new Command('spark-scaling')
  .option('--events <n>', 'generated input size', (v) => parseInt(v, 10), 1_000_000)
  .option('--input <file>', 'an existing events file instead')
  .option('--cores <list>', 'local[n] runs', (v) => v.split(',').map(Number), [1, 2])
  .option('--split-rounds <n>', "the job's --text-split-rounds (0 = the leader pass as one task)", (v) => parseInt(v, 10))
  .option('--target <n>', 'events per day to size for', Number, 1e9)
  .option('--window <s>', 'seconds the day must be scanned in', Number, 3600)
  .parse(process.argv)
  .opts<{ events: number; input?: string; cores: number[]; splitRounds?: number; target: number; window: number }>();

const env = sparkEnv((s) => process.stderr.write(s + '\n'));
// Plain NDJSON: Spark splits it across cores (a .gz file is one task to read, whatever the cores).
const input = o.input ?? join(tmpdir(), `lockstep-mixed-${o.events}.ndjson`);
if (!existsSync(input)) {
  process.stderr.write(`generating ${input}\n`);
  execFileSync('npx', ['tsx', 'scripts/generate.ts', '--scenario', 'mixed', '--seed', '1', '--events', String(o.events), '--out', input, '--level', '1'], { stdio: 'inherit' });
}

interface Run {
  cores: number;
  events: number;
  seconds: Record<string, number>;
  total: number;
  wall: number;
  leader: number;
  /** Which leader pass the executors ran (job.json's textLeaderPass: "numba …" or "python (why)"). */
  pass: string;
  /** Of `leader`: the JIT compile (once per Python worker; 0 for the Python pass) and the pass itself (compiled only). */
  compile: number;
  passOnly: number;
  /** Of `leader`, in the one task: batches to arrays and back, and waiting for Spark's batches (shuffle read, sort, Arrow encoding). */
  convert: number;
  wait: number;
  /** Writing output batches back to Spark, and the one task's whole time in Python (the longest task with the split); 0 before the Arrow pass. */
  output: number;
  task: number;
  /** The pass's state at its largest (bytes, leaders held at once) and the leaders made over the day. */
  stateBytes: number;
  peakLeaders: number;
  leaders: number;
  texts: number;
  /** The text split: seconds, groups, rows in the largest group (one task), and rows pooled unsettled. */
  split: number;
  groups: number;
  largest: number;
  rest: number;
}
const runs: Run[] = [];
for (const cores of o.cores) {
  const out = mkdtempSync(join(tmpdir(), 'lockstep-scale-'));
  const t0 = performance.now();
  execFileSync(env.submit, ['--master', `local[${cores}]`, '--driver-memory', '6g', '--conf', 'spark.ui.enabled=false', jobScript(), '--input', input, '--out', out, ...(o.splitRounds === undefined ? [] : ['--text-split-rounds', String(o.splitRounds)])], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, PYSPARK_PYTHON: env.python, PYSPARK_DRIVER_PYTHON: env.python },
    maxBuffer: 1 << 28,
  });
  const wall = (performance.now() - t0) / 1000;
  const job = JSON.parse(readFileSync(join(out, 'job.json'), 'utf8'));
  rmSync(out, { recursive: true, force: true });
  const run = { cores, events: job.events, seconds: job.seconds, total: job.totalSeconds, wall, leader: job.textLeaderSeconds, pass: String(job.textLeaderPass ?? 'python (a job without the compiled pass)'),
    compile: job.textLeaderCompileSeconds ?? 0, passOnly: job.textLeaderPassSeconds ?? 0, texts: job.textCandidates,
    convert: job.textLeaderConvertSeconds ?? 0, wait: job.textLeaderWaitSeconds ?? 0,
    output: job.textLeaderOutputSeconds ?? 0, task: job.textLeaderTaskSeconds ?? 0, stateBytes: job.textLeaderStateBytes ?? 0,
    peakLeaders: job.textLeaderPeakLeaders ?? 0, leaders: job.textLeaderLeaders ?? 0,
    split: job.textSplitSeconds ?? 0, groups: job.textGroups ?? 1, largest: job.textLargestGroup ?? job.textCandidates, rest: job.textSplitRest ?? 0 };
  runs.push(run);
  console.log(
    `local[${cores}]: ${run.events.toLocaleString('en')} events in ${run.total.toFixed(1)} s of job (${wall.toFixed(1)} s with JVM start) = ` +
      `${Math.round(run.events / run.total).toLocaleString('en')} events/s, ${Math.round(run.events / run.total / cores).toLocaleString('en')} per core; ` +
      `stages ${JSON.stringify(run.seconds)}; text split ${run.split.toFixed(1)} s into ${run.groups.toLocaleString('en')} groups, ` +
      `the largest ${run.largest.toLocaleString('en')} of ${run.texts.toLocaleString('en')} texts (${((100 * run.largest) / run.texts).toFixed(1)}%; ${run.rest.toLocaleString('en')} pooled unsettled); ` +
      `leader stage ${run.leader.toFixed(1)} s (${run.pass}; compile ${run.compile.toFixed(1)} s, the pass itself ${run.passOnly.toFixed(1)} s, ` +
      `arrays to and from Arrow ${run.convert.toFixed(1)} s, waiting for Spark's batches (shuffle read, sort) ${run.wait.toFixed(1)} s, handing batches back ${run.output.toFixed(1)} s: ` +
      `the one task ${run.task.toFixed(1)} s; the rest of the stage ${(run.leader - (run.task || run.compile + run.passOnly + run.convert + run.wait + run.output)).toFixed(1)} s: the shuffle write before the task, scheduling, the driver); ` +
      `the pass's state at most ${(run.stateBytes / 2 ** 20).toFixed(1)} MiB, ${run.peakLeaders.toLocaleString('en')} leaders held of ${run.leaders.toLocaleString('en')} made`,
  );
}

// Projection. The leader pass runs per group of connected texts, so its stage lasts as long as the
// largest group's pass, which is one task: that part does not spread over cores (Amdahl), and it
// is taken to grow with the day at the measured largest-group share. Everything else is taken to
// scale as measured from the smallest to the largest run here.
const a = runs[0];
const b = runs[runs.length - 1];
// The serial part is the one task (measured in Python since the Arrow pass; before it, the whole
// stage); the rest of its stage (the shuffle write that feeds it, scheduling) spreads like the rest.
const serialOf = (r: Run) => r.task || r.leader;
const parallelA = a.total - serialOf(a);
const parallelB = b.total - serialOf(b);
const efficiency = runs.length > 1 ? parallelA / parallelB / (b.cores / a.cores) : 1;
const perCore = a.events / (parallelA * a.cores); // events per core-second, parallel part
// The JIT compile is once per worker, whatever the size: it does not scale with the day.
const leaderRate = a.texts / (serialOf(a) - a.compile); // texts per second, serial
const scale = o.target / a.events;
const serial = (serialOf(a) - a.compile) * scale + a.compile; // the stage's time is the largest group's task (plus the others beside it)
const budget = o.window - serial;
const cores = budget > 0 ? Math.ceil(o.target / (perCore * Math.min(1, efficiency) * budget)) : Infinity;
console.log(
  `\nparallel part: ${Math.round(perCore).toLocaleString('en')} events per core-second at local[${a.cores}]; ` +
    `local[${a.cores}] → local[${b.cores}] efficiency ${(efficiency * 100).toFixed(0)}%`,
);
console.log(
  `text leader pass (${a.pass}): ${Math.round(leaderRate).toLocaleString('en')} texts/s in ${a.task ? 'the one task' : "the job's stage"}; its largest group (${((100 * a.largest) / a.texts).toFixed(1)}% of the texts) is one task → ` +
    `${Math.round(serial).toLocaleString('en')} s for ${o.target.toExponential(0)} events at this text share and group share` +
    (a.task > 0
      ? `; of it the pass itself ${Math.round(a.passOnly * scale).toLocaleString('en')} s, waiting for Spark's batches (shuffle read, sort) ${Math.round(a.wait * scale).toLocaleString('en')} s, ` +
        `handing batches back ${Math.round(a.output * scale).toLocaleString('en')} s, Arrow to arrays and back ${Math.round(a.convert * scale).toLocaleString('en')} s`
      : a.passOnly > 0
        ? `; of it the pass itself ${Math.round(a.passOnly * scale).toLocaleString('en')} s, the rest Spark moving the rows to Python and back in that one task`
        : ''),
);
if (a.stateBytes > 0) {
  // Pruned to the window, the state holds the leaders of about one window, which grow with the
  // events per window: taken to scale with the day at the same spread over it.
  console.log(
    `text leader state: ${(a.stateBytes / 2 ** 20).toFixed(1)} MiB at most for ${a.events.toLocaleString('en')} events (${a.peakLeaders.toLocaleString('en')} leaders held at once of ` +
      `${a.leaders.toLocaleString('en')} made) → ≈ ${((a.stateBytes * scale) / 2 ** 30).toFixed(1)} GiB and ${Math.round((a.peakLeaders * scale) / 1e6).toLocaleString('en')} M leaders held ` +
      `for ${o.target.toExponential(0)} events spread over the day alike`,
  );
}
const parallelCores = Math.ceil(o.target / (perCore * Math.min(1, efficiency) * o.window));
console.log(
  `parallel part: ${o.target.toExponential(0)} events in ${o.window} s needs ≈ ${parallelCores.toLocaleString('en')} cores ` +
    `(${Math.ceil(parallelCores / 16)} executors of 16 cores) at the measured per-core rate and ${(Math.min(1, efficiency) * 100).toFixed(0)}% efficiency, ` +
    'assuming the same event mix and text share, linear scaling beyond what was measured, and input read from object storage as fast as from local disk',
);
console.log(
  budget > 0
    ? `with the serial leader pass (${Math.round(serial)} s): ≈ ${cores.toLocaleString('en')} cores`
    : `the largest group's leader pass alone takes ${Math.round(serial).toLocaleString('en')} s > ${o.window} s at this size (${a.pass}): it does not fit the window (README, sizing)`,
);
