// The deployment docker-compose.yml's `spark` profile describes, without Docker: a real Spark
// standalone master and worker (the same main classes as the compose services, started with the
// venv's pip-installed PySpark's bin/spark-class, on loopback and free ports), and the real CLI
// submitting to spark://… in client mode, as the compose `spark-client` does. The executors are
// the worker's (checked from the report, the master's and the worker's JSON and the executors'
// own logs), and the report is the in-process one, with and without --spark-extract.
// Not covered here: the images (spark/Dockerfile), YARN, Kubernetes, object storage.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sparkEnv, type SparkEnv } from '../../scripts/spark-env.js';
import { ensureBuilt, lockstep, ROOT, type Run } from '../support/cli.js';
import { freePort } from '../support/net.js';
import { reportErrors } from '../report/schema.js';
import type { Report } from '../../src/report/types.js';
import { SAMPLE, worldInput, type Input } from './inputs.js';

const INPUT = SAMPLE;
/**
 * The --spark-extract submission's input: a small world (mixed, dev seed 301), not the sample day.
 * spark-engine.test.ts runs the sample day's extract path already (local[2]); here the point is the
 * two submissions on the worker, and the sample day's second phase alone took over 6 of this file's
 * 9 minutes in CI.
 */
let small: Input;
const dir = mkdtempSync(join(tmpdir(), 'lockstep-standalone-test-'));
const logDir = join(dir, 'logs');
const workDir = join(dir, 'work');
const confDir = join(dir, 'conf'); // empty: no spark-defaults.conf or spark-env.sh from elsewhere

interface ComposeService {
  command?: string[];
}
const compose = load(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> };
/** The main class a compose service runs (its command's org.apache.spark.deploy.… argument). */
function mainClass(service: string): string {
  const cls = compose.services[service]?.command?.find((a) => /^org\.apache\.spark\.deploy\./.test(a));
  if (!cls) throw new Error(`docker-compose.yml: service ${service} runs no org.apache.spark.deploy class`);
  return cls;
}

interface MasterJson {
  url: string;
  status: string;
  workers: { id: string; host: string; state: string; cores: number; memory: number }[];
  activeapps: { id: string; name: string; state: string }[];
  completedapps: { id: string; name: string; state: string }[];
}
interface WorkerJson {
  id: string;
  masterurl: string;
  cores: number;
  executors: { id: number; appid: string }[];
  finishedexecutors: { id: number; appid: string }[];
}

interface Daemon {
  name: string;
  child: ChildProcess;
  log: string;
  /** How it ended, once it has. */
  ended?: string;
}

let env: SparkEnv;
let sparkHome: string;
let master: Daemon | undefined;
let worker: Daemon | undefined;
let masterUrl: string;
let masterUi: number;
let workerUi: number;
/** The environment of the daemons and of the CLI's spark-submit: loopback, this test's dirs. */
let sparkVars: Record<string, string>;
let inProcess: Report;
let inProcessSmall: Report;
/** Wall-clock seconds of the set-up and of each scan, reported at the end. */
const seconds: Record<string, number> = {};

const tail = (file: string, lines = 25) => (existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : '(no log)');
/** The daemons' state and their logs' last lines, for failure messages. */
function context(): string {
  return [master, worker]
    .filter((d): d is Daemon => !!d)
    .map((d) => `--- ${d.name} (${d.ended ?? 'running'}), ${d.log}:\n${tail(d.log)}`)
    .join('\n');
}

function startDaemon(name: string, cls: string, args: string[], extra: Record<string, string>): Daemon {
  const log = join(logDir, `${name}.log`);
  const fd = openSync(log, 'a');
  // Own process group, so that afterAll stops the JVM with whatever it started (executors).
  const child = spawn(join(sparkHome, 'bin', 'spark-class'), [cls, ...args], { env: { ...process.env, ...sparkVars, ...extra }, detached: true, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const d: Daemon = { name, child, log };
  // Should the test process end without afterAll (killed by a time limit), the JVMs go with it.
  process.once('exit', () => {
    try {
      if (!d.ended && child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  });
  child.on('exit', (code, sig) => (d.ended = sig ? `killed by ${sig}` : `exited ${code}`));
  child.on('error', (e) => (d.ended = `failed to start: ${e.message}`));
  return d;
}

async function getJson<T>(port: number): Promise<T> {
  const r = await fetch(`http://127.0.0.1:${port}/json/`, { signal: AbortSignal.timeout(5_000) });
  if (!r.ok) throw new Error(`http://127.0.0.1:${port}/json/ answered ${r.status}`);
  return (await r.json()) as T;
}

/** Polls `probe` until it returns a value; fails with the daemons' logs if they die or time runs out. */
async function until<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const t0 = Date.now();
  let last = '';
  for (;;) {
    const dead = [master, worker].find((d) => d?.ended);
    if (dead) throw new Error(`Spark ${dead.name} ${dead.ended} while waiting for ${what}\n${context()}`);
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = (e as Error).message;
    }
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last ? ` (last error: ${last})` : ''}\n${context()}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** pid → (parent, command line) of every process on the machine. */
function processes(): Map<number, { ppid: number; args: string }> {
  const out = new Map<number, { ppid: number; args: string }>();
  for (const line of execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' }).split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line);
    if (m) out.set(Number(m[1]), { ppid: Number(m[2]), args: m[3] });
  }
  return out;
}

/** A process and everything it started that is still alive (executors, their Python daemons). */
function descendants(root: number): number[] {
  const ps = processes();
  const found = [root];
  for (let i = 0; i < found.length; i++) for (const [pid, p] of ps) if (p.ppid === found[i]) found.push(pid);
  return found.filter((pid) => ps.has(pid));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Processes still working in this test's directory (their cwd under it, as executors and their
 * Python workers have, or it in their command line, as the drivers have): none once all is stopped.
 */
function strays(): string[] {
  const found: string[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e) || Number(e) === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${e}/cwd`);
      const args = readFileSync(`/proc/${e}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cwd.startsWith(dir) || args.includes(dir)) found.push(`pid ${e} (cwd ${cwd}): ${args.slice(0, 200)}`);
    } catch {
      /* gone, or not ours to read */
    }
  }
  return found;
}

/** SIGTERM to the daemon's process group, SIGKILL after 15 s; returns what had to be killed hard. */
async function stop(d: Daemon | undefined): Promise<string[]> {
  const pid = d?.child.pid;
  if (!d || !pid) return [];
  const tree = descendants(pid);
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-pid, s);
    } catch {
      /* the group is gone */
    }
  };
  signal('SIGTERM');
  const t0 = Date.now();
  while (tree.some(alive) && Date.now() - t0 < 15_000) await new Promise((r) => setTimeout(r, 200));
  const left = tree.filter(alive);
  if (left.length) {
    const ps = processes();
    signal('SIGKILL');
    for (const p of left) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
    return left.map((p) => `${d.name}: pid ${p} ${ps.get(p)?.args.slice(0, 200) ?? ''}`);
  }
  return [];
}

beforeAll(async () => {
  const t0 = performance.now();
  env = sparkEnv((s) => process.stderr.write(s + '\n'));
  sparkHome = execFileSync(env.python, ['-c', 'import os, pyspark; print(os.path.dirname(pyspark.__file__))'], { encoding: 'utf8' }).trim();
  for (const d of [logDir, workDir, confDir]) mkdirSync(d, { recursive: true });
  ensureBuilt();
  sparkVars = {
    SPARK_HOME: sparkHome,
    SPARK_CONF_DIR: confDir,
    SPARK_LOCAL_IP: '127.0.0.1',
    SPARK_LOCAL_HOSTNAME: '127.0.0.1',
    SPARK_LOG_DIR: logDir,
    SPARK_WORKER_DIR: workDir,
  };
  const [port, ui, wPort, wUi] = [await freePort(), await freePort(), await freePort(), await freePort()];
  masterUi = ui;
  workerUi = wUi;
  masterUrl = `spark://127.0.0.1:${port}`;
  // The in-process scan of the same input meanwhile (the JVMs starting are mostly waiting).
  const outLocal = join(dir, 'in-process.json');
  const outSmall = join(dir, 'in-process-small.json');
  small = await worldInput(dir, 'mixed', 301);
  const local = lockstep(['scan', INPUT, '--out', outLocal, '-q']).then(async (r) => [r, await lockstep(['scan', small.path, '--out', outSmall, '-q'])]);
  // The compose services' commands, with the host and ports of this machine's loopback (the REST
  // submission server is off, as by default, so that no fixed port is opened).
  master = startDaemon('master', mainClass('spark-master'), ['--host', '127.0.0.1', '--port', String(port), '--webui-port', String(ui)], {
    SPARK_MASTER_OPTS: '-Dspark.master.rest.enabled=false',
  });
  // The worker once the master listens (its UI binds after its RPC endpoint), as the compose worker
  // waits for the master's healthcheck: no registration retry to wait out.
  await until(`the master's UI (http://127.0.0.1:${ui}/json/)`, 180_000, async () => ((await getJson<MasterJson>(ui)).status === 'ALIVE' ? true : undefined));
  worker = startDaemon('worker', mainClass('spark-worker'), [masterUrl, '--host', '127.0.0.1', '--port', String(wPort), '--webui-port', String(wUi)], {
    // Sized as the compose worker is, by its environment (there 2 cores, 4 GB by default).
    SPARK_WORKER_CORES: '2',
    SPARK_WORKER_MEMORY: '2g',
  });
  const ready = until(`a worker ALIVE at the master (http://127.0.0.1:${ui}/json/)`, 180_000, async () => {
    const m = await getJson<MasterJson>(ui);
    return m.workers.some((w) => w.state === 'ALIVE') ? m : undefined;
  });
  const [runs] = await Promise.all([local, ready]);
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
  inProcess = JSON.parse(readFileSync(outLocal, 'utf8')) as Report;
  inProcessSmall = JSON.parse(readFileSync(outSmall, 'utf8')) as Report;
  seconds.setUp = (performance.now() - t0) / 1000;
  process.stderr.write(`[standalone] master ${masterUrl} and one worker up, in-process scan done: ${seconds.setUp.toFixed(1)} s\n`);
}, 1_200_000);

afterAll(async () => {
  // Worker first (it stops its executors), then the master; whatever outlives SIGTERM is an error.
  const hard = [...(await stop(worker)), ...(await stop(master))];
  // Python workers leave once their executor's pipe closes: a few seconds' grace.
  let left = strays();
  for (const t0 = Date.now(); left.length && Date.now() - t0 < 10_000; left = strays()) await new Promise((r) => setTimeout(r, 250));
  for (const p of left) {
    try {
      process.kill(Number(/^pid (\d+)/.exec(p)![1]), 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  rmSync(dir, { recursive: true, force: true });
  if (hard.length) throw new Error(`Spark processes outlived SIGTERM and were killed:\n${hard.join('\n')}`);
  if (left.length) throw new Error(`processes outlived the master and the worker and were killed:\n${left.join('\n')}`);
}, 60_000);

/** The CLI submitting to the standalone master, as the compose `spark-client` does (client mode). */
async function scanOnCluster(name: string, input: string, extra: string[]): Promise<{ run: Run; report: Report; apps: MasterJson['completedapps'] }> {
  const before = (await getJson<MasterJson>(masterUi)).completedapps.map((a) => a.id);
  const out = join(dir, `${name}.json`);
  const t0 = performance.now();
  const run = await lockstep(
    ['scan', input, '--engine', 'spark', '--spark-master', masterUrl, '--spark-submit', env.submit, '--spark-python', env.python, '--spark-out', join(dir, `${name}.out`), '--out', out, '-q', ...extra],
    { env: sparkVars },
  );
  seconds[name] = (performance.now() - t0) / 1000;
  process.stderr.write(`[standalone] lockstep scan --engine spark ${extra.join(' ')} on ${masterUrl}: ${seconds[name].toFixed(1)} s (exit ${run.code})\n`);
  expect(run.code, `${run.stderr}\n${context()}`).toBe(0);
  // The driver unregisters its application as it stops; the master may list it a moment later.
  const submissions = extra.includes('--spark-extract') ? 2 : 1;
  const apps = await until(`${submissions} new completed application(s) at the master`, 30_000, async () => {
    const m = await getJson<MasterJson>(masterUi);
    const added = m.completedapps.filter((a) => !before.includes(a.id));
    return added.length >= submissions && m.activeapps.length === 0 ? added : undefined;
  });
  return { run, report: JSON.parse(readFileSync(out, 'utf8')) as Report, apps };
}

/** The worker ran each application's executor: its JSON lists them and their logs show tasks. */
async function expectWorkerRan(apps: MasterJson['completedapps']) {
  const w = await until('the worker to list the finished executors', 30_000, async () => {
    const j = await getJson<WorkerJson>(workerUi);
    return apps.every((a) => j.finishedexecutors.some((e) => e.appid === a.id)) ? j : undefined;
  });
  expect(w.masterurl).toBe(masterUrl);
  for (const a of apps) {
    expect(a.name).toBe('lockstep');
    expect(a.state).toBe('FINISHED');
    // SPARK_WORKER_DIR/<app>/<executor>/stderr: the executor's own log, with the tasks it ran.
    const appDir = join(workDir, a.id);
    expect(existsSync(appDir), `no ${appDir}\n${context()}`).toBe(true);
    const logs = readdirSync(appDir).map((e) => join(appDir, e, 'stderr')).filter(existsSync);
    const text = logs.map((f) => readFileSync(f, 'utf8')).join('\n');
    expect(text.match(/Executor: Finished task/g)?.length ?? 0, `${a.id}: no finished task in the executors' logs ${logs.join(', ')}`).toBeGreaterThan(0);
    // The job's Python ran there too (the package shipped with addPyFile, pandas UDFs, numba).
    expect(readdirSync(appDir, { recursive: true }).map(String)).toContainEqual(expect.stringMatching(/lockstep_spark\.zip$/));
  }
}

/** The whole report apart from generatedAt and stats. */
const body = (r: Report) => JSON.stringify({ ...r, generatedAt: undefined, stats: undefined });
const clusters = (r: Report) => r.clusters.map((c) => [c.id, [...c.members].sort()]);
const stat = (r: Report, k: string) => (r.stats as unknown as Record<string, unknown>)[k];
// A scan takes 1–2 min here alone; the full suite runs other Spark tests beside it on two cores.
const SCAN_TIMEOUT = 1_800_000;
const SAME_STATS = ['read', 'events', 'rejected', 'duplicates', 'accounts', 'targets', 'edges', 'communities', 'timeResolution', 'regime', 'flagged', 'flaggedAccounts'];

describe('Spark standalone, as the compose profile runs it (master and worker processes, no Docker)', () => {
  it('starts the compose services\' master and worker classes; the worker joins with 2 cores', async () => {
    expect(mainClass('spark-master')).toBe('org.apache.spark.deploy.master.Master');
    expect(mainClass('spark-worker')).toBe('org.apache.spark.deploy.worker.Worker');
    const m = await getJson<MasterJson>(masterUi);
    expect(m.url).toBe(masterUrl);
    expect(m.status).toBe('ALIVE');
    expect(m.workers.filter((w) => w.state === 'ALIVE')).toEqual([expect.objectContaining({ host: '127.0.0.1', cores: 2, memory: 2048 })]);
  });

  it('lockstep scan --engine spark --spark-master spark://… runs on the worker and writes the in-process report', async () => {
    const { report, apps } = await scanOnCluster('cluster', INPUT, []);
    expect(reportErrors(report)).toBe('');
    expect(report.stats.spark).toMatchObject({ master: masterUrl, cores: 2 });
    expect(report.stats.spark?.textLeaderPass).toMatch(/^numba \d/);
    await expectWorkerRan(apps);
    const local = inProcess;
    expect(clusters(report)).toEqual(clusters(local));
    expect(report.clusters.length).toBeGreaterThanOrEqual(5);
    expect(body(report)).toBe(body(local));
    for (const k of SAME_STATS) expect(stat(report, k), k).toEqual(stat(local, k));
  }, SCAN_TIMEOUT);

  it('--spark-extract (two submissions; the CLI reads no event) on the worker writes the in-process report (a small world)', async () => {
    const { report, apps } = await scanOnCluster('cluster-extract', small.path, ['--spark-extract', '--spark-text-split', '4']);
    expect(reportErrors(report)).toBe('');
    expect(report.stats.spark).toMatchObject({ master: masterUrl, cores: 2 });
    expect(report.stats.spark?.extract?.events).toBeGreaterThan(0);
    expect(apps).toHaveLength(2);
    await expectWorkerRan(apps);
    const local = inProcessSmall;
    expect(report.clusters.length).toBeGreaterThanOrEqual(3);
    expect(clusters(report)).toEqual(clusters(local));
    expect(body(report)).toBe(body(local));
    for (const k of SAME_STATS) expect(stat(report, k), k).toEqual(stat(local, k));
    process.stderr.write(`[standalone] times: ${JSON.stringify(Object.fromEntries(Object.entries(seconds).map(([k, v]) => [k, Math.round(v * 10) / 10])))}\n`);
  }, SCAN_TIMEOUT);
});
