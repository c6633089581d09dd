/**
 * End-to-end benchmark of the built CLI on generated data.
 *
 *   npm run bench -- [--events 1000000] [--runs 3] [--threads <n>] [--max-memory 4G] [--scenario mixed] [--seed 1]
 *                    [--compare] [--no-build] [--cache <dir>] [--keep]
 *
 * Generates the events once per (scenario, seed, events) into a cache directory (gzip NDJSON,
 * default node_modules/.cache/lockstep-bench), so a 10 M-event input is made once, not per run.
 * Then rebuilds dist/ (so the figures are this tree's: a stale dist/ once put the previous code's
 * figures in the README), prints the commit measured, runs `node dist/lockstep.js scan <file> --out <tmp>` --runs times and prints, per run and as
 * medians: wall seconds, events/s, each stage's wall time (the report's stats.seconds), CPU seconds
 * (user + system, all threads; with /usr/bin/time) and the child's peak RSS (/usr/bin/time -f %M when present, else VmHWM polled from /proc/<pid>/status;
 * worker threads are part of the process, so they are counted).
 *
 * --compare also times, on the same input and in one child process each, what users would pick
 * instead (scripts/bench-baselines.ts): the naive co-share count (≥ 2 co-shares within 60 s, then
 * connected components) and CooRTweet's pair semantics (src/graph/coortweet.ts), and prints the
 * ratios to the lockstep scan.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { generate, prepare, writeNdjson, SCENARIOS, type ScenarioName } from './generator/index.js';
import { median } from './eval/metrics.js';

const program = new Command('bench')
  .option('--events <n>', 'events to generate', (v) => parseInt(v, 10), 1_000_000)
  .option('--runs <n>', 'scan runs', (v) => parseInt(v, 10), 3)
  .option('--threads <n>', 'passed to lockstep scan --threads (default: the CLI default, the cores available)', (v) => parseInt(v, 10))
  .option('--max-memory <size>', 'passed to lockstep scan --max-memory (e.g. 4G)')
  .addOption(new Option('--scenario <name>', 'generator scenario').choices(SCENARIOS as unknown as string[]).default('mixed'))
  .option('--seed <n>', 'generator seed', (v) => parseInt(v, 10), 1)
  .option('--compare', 'also time the naive co-share count and CooRTweet on the same input')
  .option('--cache <dir>', 'where generated inputs are kept', join('node_modules', '.cache', 'lockstep-bench'))
  .option('--no-build', 'use dist/ as it is (by default it is rebuilt first, so the figures are this tree\'s)')
  .option('--keep', 'keep the reports (temp directory)')
  .parse(process.argv);
const o = program.opts<{ events: number; runs: number; threads?: number; maxMemory?: string; scenario: ScenarioName; seed: number; compare?: boolean; cache: string; build?: boolean; keep?: boolean }>();
const out = (s = '') => process.stdout.write(s + '\n');

const cli = join(process.cwd(), 'dist', 'lockstep.js');
if (o.build !== false || !existsSync(cli)) {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (b.status !== 0) process.exit(1);
}
{
  // Which code the figures are of: the commit, and whether the tree differs from it.
  const rev = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' });
  const commit = rev.status === 0 ? rev.stdout.trim() + (dirty.stdout.trim() ? ' with uncommitted changes' : '') : 'unknown (not a git checkout)';
  out(`code: ${commit}; dist/ ${o.build === false ? 'as it was (--no-build)' : 'rebuilt from it'}`);
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

mkdirSync(o.cache, { recursive: true });
const input = join(o.cache, `${o.scenario}-${o.seed}-${o.events}.ndjson.gz`);
if (existsSync(input)) out(`input (cached): ${input} (${(statSync(input).size / 1e6).toFixed(1)} MB)`);
else {
  const t = performance.now();
  const { world } = generate({ scenario: o.scenario, seed: o.seed, events: o.events });
  const tg = (performance.now() - t) / 1000;
  const t2 = performance.now();
  const partial = `${input}.${process.pid}.partial`;
  await writeNdjson(world.store, prepare(world.store, 'time', o.seed), partial, { level: 1 });
  renameSync(partial, input); // only a complete file is ever cached
  out(`generated ${world.store.size} events (${o.scenario}, seed ${o.seed}) in ${tg.toFixed(1)} s + ${((performance.now() - t2) / 1000).toFixed(1)} s write → ${input} (${(statSync(input).size / 1e6).toFixed(1)} MB)`);
}
const dir = mkdtempSync(join(tmpdir(), 'lockstep-bench-'));

const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);

interface Run { wall: number; rssMb: number; stages: Record<string, number>; events?: number; ok: boolean; error?: string; stdout: string; /** user + system CPU seconds (with /usr/bin/time) */ cpu?: number }

function vmHwmKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** Runs node with `args`, timing the wall clock and the peak RSS. */
function timed(args: string[]): Promise<Run> {
  const cmd = hasTime ? TIME : process.execPath;
  const argv = hasTime ? ['-f', '%M %U %S', process.execPath, ...args] : args;
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    let stdout = '';
    let peak = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const poll = hasTime ? undefined : setInterval(() => (peak = Math.max(peak, vmHwmKb(child.pid!))), 50);
    child.on('close', (code) => {
      const wall = (performance.now() - t0) / 1000;
      if (poll) clearInterval(poll);
      let rssKb = peak;
      let cpu: number | undefined;
      if (hasTime) {
        const lines = err.trimEnd().split('\n');
        const m = /^(\d+) ([\d.]+) ([\d.]+)$/.exec(lines[lines.length - 1]);
        if (m) { rssKb = Number(m[1]); cpu = Number(m[2]) + Number(m[3]); lines.pop(); err = lines.join('\n'); }
      }
      const run: Run = { wall, rssMb: rssKb / 1024, stages: {}, ok: code === 0, stdout, cpu };
      if (code !== 0) run.error = `exit ${code}: ${err.trim().split('\n').slice(-5).join(' | ') || '(no output)'}`;
      resolve(run);
    });
  });
}

async function scanOnce(report: string): Promise<Run> {
  const args = [cli, 'scan', input, '--out', report, '--quiet'];
  if (o.threads !== undefined) args.push('--threads', String(o.threads));
  if (o.maxMemory !== undefined) args.push('--max-memory', o.maxMemory);
  const run = await timed(args);
  if (!run.ok) return run;
  try {
    const rep = JSON.parse(readFileSync(report, 'utf8')) as { stats?: { events?: number; seconds?: Record<string, number> } };
    run.stages = rep.stats?.seconds ?? {};
    run.events = rep.stats?.events;
  } catch (e) {
    run.ok = false;
    run.error = `unreadable report: ${e instanceof Error ? e.message : String(e)}`;
  }
  return run;
}

const fmtStages = (s: Record<string, number>) => Object.entries(s).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ') || '(none reported)';
out(`machine: ${readFileSync('/proc/cpuinfo', 'utf8').split('\n').filter((l) => l.startsWith('processor')).length} cores; load average before: ${load()}`);
const runs: Run[] = [];
for (let i = 0; i < o.runs; i++) {
  const r = await scanOnce(join(dir, `report-${i}.json`));
  runs.push(r);
  if (!r.ok) { out(`run ${i + 1}: FAILED after ${r.wall.toFixed(1)} s (peak RSS ${r.rssMb.toFixed(0)} MB): ${r.error}`); continue; }
  const cpu = r.cpu === undefined ? '' : `  CPU ${r.cpu.toFixed(1)} s (user + sys)`;
  out(`run ${i + 1}: ${r.wall.toFixed(2)} s  ${Math.round((r.events ?? o.events) / r.wall).toLocaleString('en')} events/s  peak RSS ${r.rssMb.toFixed(0)} MB${cpu}  stages: ${fmtStages(r.stages)}  (load ${load()})`);
}
const ok = runs.filter((r) => r.ok);
const mw = ok.length ? median(ok.map((r) => r.wall)) : NaN;
if (ok.length) {
  const stageNames = [...new Set(ok.flatMap((r) => Object.keys(r.stages)))];
  const n = ok[0].events ?? o.events;
  const cpus = ok.flatMap((r) => (r.cpu === undefined ? [] : [r.cpu]));
  out(`median of ${ok.length}: ${mw.toFixed(2)} s  ${Math.round(n / mw).toLocaleString('en')} events/s  peak RSS ${median(ok.map((r) => r.rssMb)).toFixed(0)} MB${cpus.length ? `  CPU ${median(cpus).toFixed(1)} s` : ''}  stages: ` +
    stageNames.map((s) => `${s} ${median(ok.map((r) => r.stages[s] ?? NaN)).toFixed(2)}`).join(', '));
}

if (o.compare) {
  // Each baseline in its own child (its own peak RSS), through tsx: they are scripts, not the CLI.
  const tsx = join(process.cwd(), 'node_modules', 'tsx', 'dist', 'cli.mjs');
  for (const method of ['naive', 'coortweet'] as const) {
    const r = await timed([tsx, 'scripts/bench-baselines.ts', input, method]);
    if (!r.ok) { out(`${method}: FAILED after ${r.wall.toFixed(1)} s: ${r.error}`); continue; }
    const m = JSON.parse(r.stdout.trim().split('\n').pop()!) as { read: number; compute: number; what: string };
    const scan = ok.length ? median(ok.map((x) => x.wall)) : NaN;
    out(`${method}: read ${m.read.toFixed(2)} s + ${m.compute.toFixed(2)} s (${m.what}); process ${r.wall.toFixed(2)} s, peak RSS ${r.rssMb.toFixed(0)} MB; ` +
      `lockstep scan / ${method} = ${(scan / r.wall).toFixed(2)}× wall (load ${load()})`);
  }
}

if (!o.keep) rmSync(dir, { recursive: true, force: true });
else out(`kept ${dir}`);
if (ok.length < runs.length) {
  out(`${runs.length - ok.length} of ${runs.length} runs failed`);
  process.exitCode = 1;
}
