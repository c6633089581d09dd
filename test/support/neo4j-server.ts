/**
 * Starts a throwaway Neo4j (scripts/neo4j: embedded Community 5.26, Bolt on loopback, auth off) for
 * tests and benchmarks. Builds the launcher with Maven on first use; the jars are cached under
 * .cache/neo4j (and ~/.m2), so later starts take only the JVM's start-up time.
 * Never skips: when Java, Maven or the server fails, it throws saying why.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import neo4j from 'neo4j-driver';

export interface Neo4jServer {
  uri: string;
  user: string;
  password: string;
  /** The server's home (data and logs); kept after stop when the caller passed it in. */
  home: string;
  port: number;
  pid: number;
  /** Clean shutdown (closes stdin, then SIGTERM, then SIGKILL after a grace period). */
  stop(): Promise<void>;
  /** Hard kill (SIGKILL), as a crash would. A home passed in is kept, so a restart recovers from it. */
  kill(): Promise<void>;
  /** Replaces every database with an empty one, in the same JVM (so its compiled code stays warm) and on the same port. */
  reset(): Promise<void>;
}

export interface StartOptions {
  /** Data directory to use (and keep). Default: a fresh temp dir, deleted on stop. */
  home?: string;
  /** Bolt port; 0 (default) lets the server pick a free one. */
  port?: number;
  /** JVM heap, e.g. '1g' (default) or '4g' for benchmarks. */
  heap?: string;
  /** Page cache bytes (default 256 MiB). */
  pagecache?: number;
  /** Extra JVM options, after the defaults (so they win), e.g. ['-XX:+UseParallelGC']. */
  jvm?: string[];
  /** Extra Neo4j settings, as in neo4j.conf (e.g. { 'db.tx_log.rotation.size': '1G' }); validated by the server. */
  settings?: Record<string, string>;
  /** Start-up timeout in ms, not counting the Maven build (default 120 s). */
  timeoutMs?: number;
}

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const POM = join(ROOT, 'scripts/neo4j/pom.xml');
const SOURCE = join(ROOT, 'scripts/neo4j/src/main/java/lockstep/Neo4jLauncher.java');
const CACHE = join(ROOT, '.cache/neo4j');
const CLASS = join(CACHE, 'target/classes/lockstep/Neo4jLauncher.class');
const LIB = join(CACHE, 'lib');
const LOCK = join(ROOT, '.cache/neo4j.build.lock');
export const TEST_USER = 'neo4j';
export const TEST_PASSWORD = 'lockstep-test'; // auth is off; any credentials are accepted

function mtime(p: string): number {
  return existsSync(p) ? statSync(p).mtimeMs : 0;
}

function isBuilt(): boolean {
  const built = mtime(CLASS);
  return built > 0 && built >= mtime(POM) && built >= mtime(SOURCE) && existsSync(LIB) && readdirSync(LIB).some((f) => f.startsWith('neo4j-bolt-'));
}

function requireTool(cmd: string, args: string[], what: string): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`Neo4j test server needs ${what} ('${cmd}' ${r.error ? `not runnable: ${r.error.message}` : `exited ${r.status}`})`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Builds the launcher unless an up-to-date build is cached. Serialised across processes with a lock
 * directory, so parallel test workers and benchmarks do not run Maven twice.
 */
export async function ensureNeo4jBuilt(log: (s: string) => void = () => {}): Promise<void> {
  if (isBuilt()) return;
  mkdirSync(dirname(LOCK), { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another process is building; a lock older than 15 minutes is from a dead one.
      if (Date.now() - mtime(LOCK) > 15 * 60_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for another Neo4j build (lock ${LOCK})`);
      await sleep(1000);
      if (isBuilt()) return;
    }
  }
  try {
    if (isBuilt()) return;
    requireTool('java', ['-version'], 'Java 17+ on PATH');
    requireTool('mvn', ['-v'], 'Maven on PATH');
    log('building the Neo4j test server with Maven (first run downloads ~120 MB of jars)...');
    const t0 = Date.now();
    const out = await run('mvn', ['-q', '-B', '-f', POM, 'package']);
    if (out.code !== 0 || !isBuilt()) throw new Error(`Maven build of ${POM} failed (exit ${out.code}):\n${out.output.slice(-4000)}`);
    log(`built in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function run(cmd: string, args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((res, rej) => {
    const p = spawn(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    p.stdout.on('data', (d) => (output += d));
    p.stderr.on('data', (d) => (output += d));
    p.on('error', rej);
    p.on('close', (code) => res({ code: code ?? 1, output }));
  });
}

/** Starts a server and waits until a driver can connect over Bolt. */
export async function startNeo4j(opts: StartOptions = {}): Promise<Neo4jServer> {
  await ensureNeo4jBuilt((s) => process.stderr.write(`[neo4j] ${s}\n`));
  const ownHome = opts.home === undefined;
  const home = opts.home ?? mkdtempSync(join(tmpdir(), 'lockstep-neo4j-'));
  mkdirSync(home, { recursive: true });
  const cp = `${join(CACHE, 'target/classes')}:${join(LIB, '*')}`;
  const args = [
    `-Xmx${opts.heap ?? '1g'}`,
    ...(opts.jvm?.some((o) => /^-XX:\+Use\w+GC$/.test(o)) ? [] : ['-XX:+UseG1GC']),
    ...(opts.jvm ?? []),
    '-cp', cp,
    'lockstep.Neo4jLauncher',
    '--home', home,
    '--port', String(opts.port ?? 0),
    '--pagecache', String(opts.pagecache ?? 256 * 1024 * 1024),
    ...Object.entries(opts.settings ?? {}).flatMap(([k, v]) => ['--set', `${k}=${v}`]),
  ];
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((r) => child.on('exit', (code, sig) => r(code ?? (sig ? 128 : null))));
  let tail = '';
  const keepTail = (d: Buffer) => {
    tail = (tail + d.toString()).slice(-4000);
  };
  child.stderr.on('data', keepTail);

  const cleanupHome = () => {
    if (ownHome) rmSync(home, { recursive: true, force: true });
  };
  const fail = async (why: string): Promise<never> => {
    child.kill('SIGKILL');
    await exited;
    cleanupHome();
    const logFile = join(home, 'logs/neo4j.log');
    throw new Error(`Neo4j test server did not start: ${why}${tail ? `\n--- output ---\n${tail}` : ''}${!ownHome && existsSync(logFile) ? `\n(see ${logFile})` : ''}`);
  };

  // Ready lines come at start and after each reset; each resolves the oldest waiter.
  let lines = '';
  const readyWaiters: ((uri: string | Error) => void)[] = [];
  child.stdout.on('data', (d: Buffer) => {
    keepTail(d);
    lines += d.toString();
    for (let nl = lines.indexOf('\n'); nl >= 0; nl = lines.indexOf('\n')) {
      const m = /NEO4J_READY (bolt:\/\/\S+)/.exec(lines.slice(0, nl));
      lines = lines.slice(nl + 1);
      if (m) readyWaiters.shift()?.(m[1]);
    }
  });
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const nextReady = () =>
    new Promise<string | Error>((res) => {
      const waiter = (r: string | Error) => {
        clearTimeout(timer);
        res(r);
      };
      const timer = setTimeout(() => {
        readyWaiters.splice(readyWaiters.indexOf(waiter), 1);
        res(new Error(`no ready line within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      readyWaiters.push(waiter);
      void exited.then((code) => {
        clearTimeout(timer);
        res(new Error(`java exited with code ${code} before it was ready`));
      });
    });
  child.on('error', (e) => readyWaiters.shift()?.(new Error(`cannot run java: ${e.message}`)));
  const ready = await nextReady();
  if (ready instanceof Error) return fail(ready.message);
  const uri = ready;
  child.stdout.resume(); // keep draining so the JVM never blocks on a full pipe

  // The ready line means Bolt is bound; make sure a real driver session works before handing it out.
  const connect = async (): Promise<string | undefined> => {
    const driver = neo4j.driver(uri, neo4j.auth.basic(TEST_USER, TEST_PASSWORD));
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          await driver.verifyConnectivity();
          return undefined;
        } catch (err) {
          if (Date.now() > deadline) return `Bolt at ${uri} refused connections: ${(err as Error).message}`;
          await sleep(250);
        }
      }
    } finally {
      await driver.close();
    }
  };
  const refused = await connect();
  if (refused) return fail(refused);

  const port = Number(new URL(uri.replace('bolt:', 'http:')).port);
  let stopped = false;
  const stopWith = async (hard: boolean) => {
    if (stopped) return exited.then(() => undefined);
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      if (hard) child.kill('SIGKILL');
      else {
        child.stdin.end(); // the launcher exits cleanly on stdin EOF
        const t1 = setTimeout(() => child.kill('SIGTERM'), 30_000);
        const t2 = setTimeout(() => child.kill('SIGKILL'), 60_000);
        await exited;
        clearTimeout(t1);
        clearTimeout(t2);
      }
    }
    await exited;
    cleanupHome();
  };
  const reset = async () => {
    if (stopped) throw new Error('the Neo4j test server was stopped');
    const again = nextReady();
    child.stdin.write('reset\n');
    const r = await again;
    if (r instanceof Error) throw new Error(`Neo4j test server did not come back after a reset: ${r.message}${tail ? `\n--- output ---\n${tail}` : ''}`);
    const why = await connect();
    if (why) throw new Error(`Neo4j test server did not come back after a reset: ${why}`);
  };
  return {
    uri,
    user: TEST_USER,
    password: TEST_PASSWORD,
    home,
    port,
    pid: child.pid!,
    stop: () => stopWith(false),
    kill: () => stopWith(true),
    reset,
  };
}
