/**
 * End-to-end benchmark of the built CLI on generated data.
 *
 *   npm run bench -- [--events 1000000] [--runs 3] [--scenario mixed] [--seed 1] [--build] [--keep]
 *
 * Generates the events once (gzip NDJSON in a temp dir), then runs `node dist/lockstep.js scan
 * <file> --out <tmp>` --runs times and prints, per run and as medians: wall seconds, events/s,
 * each stage's wall time (the report's stats.seconds), and the child's peak RSS
 * (/usr/bin/time -f %M when present, else VmHWM polled from /proc/<pid>/status).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { generate, prepare, writeNdjson, SCENARIOS, type ScenarioName } from './generator/index.js';
import { median } from './eval/metrics.js';

const program = new Command('bench')
  .option('--events <n>', 'events to generate', (v) => parseInt(v, 10), 1_000_000)
  .option('--runs <n>', 'scan runs', (v) => parseInt(v, 10), 3)
  .addOption(new Option('--scenario <name>', 'generator scenario').choices(SCENARIOS as unknown as string[]).default('mixed'))
  .option('--seed <n>', 'generator seed', (v) => parseInt(v, 10), 1)
  .option('--build', 'rebuild dist/ first (built automatically when missing)')
  .option('--keep', 'keep the temp directory (events, reports)')
  .parse(process.argv);
const o = program.opts<{ events: number; runs: number; scenario: ScenarioName; seed: number; build?: boolean; keep?: boolean }>();
const out = (s = '') => process.stdout.write(s + '\n');

const cli = join(process.cwd(), 'dist', 'lockstep.js');
if (o.build || !existsSync(cli)) {
  out('building dist/ …');
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'lockstep-bench-'));
const input = join(dir, `${o.scenario}-${o.seed}.ndjson.gz`);
let t = performance.now();
const { world } = generate({ scenario: o.scenario, seed: o.seed, events: o.events });
const tg = (performance.now() - t) / 1000;
t = performance.now();
await writeNdjson(world.store, prepare(world.store, 'time', o.seed), input, { level: 1 });
const tw = (performance.now() - t) / 1000;
const n = world.store.size;
out(`generated ${n} events (${o.scenario}, seed ${o.seed}) in ${tg.toFixed(1)} s + ${tw.toFixed(1)} s write → ${input} (${(statSync(input).size / 1e6).toFixed(1)} MB)`);

const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME);

interface Run { wall: number; rssMb: number; stages: Record<string, number>; events?: number; ok: boolean; error?: string }

function vmHwmKb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function scanOnce(report: string): Promise<Run> {
  const args = [cli, 'scan', input, '--out', report];
  const cmd = hasTime ? TIME : process.execPath;
  const argv = hasTime ? ['-f', '%M', process.execPath, ...args] : args;
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    let peak = 0;
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const poll = hasTime ? undefined : setInterval(() => (peak = Math.max(peak, vmHwmKb(child.pid!))), 50);
    child.on('close', (code) => {
      const wall = (performance.now() - t0) / 1000;
      if (poll) clearInterval(poll);
      let rssKb = peak;
      if (hasTime) {
        const lines = err.trimEnd().split('\n');
        const last = lines[lines.length - 1];
        if (/^\d+$/.test(last)) { rssKb = Number(last); lines.pop(); err = lines.join('\n'); }
      }
      const run: Run = { wall, rssMb: rssKb / 1024, stages: {}, ok: code === 0 };
      if (code !== 0) run.error = `exit ${code}: ${err.trim().split('\n').slice(-5).join(' | ') || '(no output)'}`;
      else {
        try {
          const rep = JSON.parse(readFileSync(report, 'utf8')) as { stats?: { events?: number; seconds?: Record<string, number> } };
          run.stages = rep.stats?.seconds ?? {};
          run.events = rep.stats?.events;
        } catch (e) {
          run.ok = false;
          run.error = `unreadable report: ${e instanceof Error ? e.message : String(e)}`;
        }
      }
      resolve(run);
    });
  });
}

const runs: Run[] = [];
for (let i = 0; i < o.runs; i++) {
  const r = await scanOnce(join(dir, `report-${i}.json`));
  runs.push(r);
  if (!r.ok) { out(`run ${i + 1}: FAILED after ${r.wall.toFixed(1)} s (peak RSS ${r.rssMb.toFixed(0)} MB): ${r.error}`); continue; }
  const stages = Object.entries(r.stages).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ');
  out(`run ${i + 1}: ${r.wall.toFixed(2)} s  ${Math.round((r.events ?? n) / r.wall).toLocaleString('en')} events/s  peak RSS ${r.rssMb.toFixed(0)} MB  stages: ${stages || '(none reported)'}`);
}
const ok = runs.filter((r) => r.ok);
if (ok.length) {
  const stageNames = [...new Set(ok.flatMap((r) => Object.keys(r.stages)))];
  const mw = median(ok.map((r) => r.wall));
  out(`median of ${ok.length}: ${mw.toFixed(2)} s  ${Math.round(n / mw).toLocaleString('en')} events/s  peak RSS ${median(ok.map((r) => r.rssMb)).toFixed(0)} MB  stages: ` +
    stageNames.map((s) => `${s} ${median(ok.map((r) => r.stages[s] ?? NaN)).toFixed(2)}`).join(', '));
}
if (!o.keep) rmSync(dir, { recursive: true, force: true });
else out(`kept ${dir}`);
if (ok.length < runs.length) {
  out(`${runs.length - ok.length} of ${runs.length} runs failed`);
  process.exitCode = 1;
}
