// Starts a real `lockstep serve` (the built CLI) on a loopback port with an embedded store in a
// temp directory, and talks to its API.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { freePort } from '../../support/net.js';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const KEYS = { write: 'e2e-write-key-0123456789', read: 'e2e-read-key-0123456789' };
export const WRITER_NAME = 'alice';
export const READER_NAME = 'bob';

export interface Server {
  url: string;
  dataDir: string;
  /** The server's stderr/stdout tail, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

const ROOT = resolve(import.meta.dirname, '..', '..', '..');


const BUILD_LOCK = join(tmpdir(), 'lockstep-e2e-build.lock');
const BUILD_STAMP = join(tmpdir(), 'lockstep-e2e-build.stamp');

/**
 * Bundles the CLI and the page once per test run: e2e files run in parallel processes, and two
 * esbuild runs writing dist/ while a server starts from it would race. A lock directory
 * serialises them; a fresh stamp means another file just built.
 */
export async function build(): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch {
      if (Date.now() > deadline) rmSync(BUILD_LOCK, { recursive: true, force: true }); // a crashed run left it
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    const fresh = existsSync(BUILD_STAMP) && Date.now() - statSync(BUILD_STAMP).mtimeMs < 60_000;
    if (!fresh) {
      await runBuild();
      writeFileSync(BUILD_STAMP, String(Date.now()));
    }
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

function runBuild(): Promise<void> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    child.on('close', (code) => (code === 0 ? res() : rej(new Error(`npm run build failed (exit ${code}):\n${out.slice(-3000)}`))));
  });
}

export async function startServer(): Promise<Server> {
  const dataDir = mkdtempSync(join(tmpdir(), 'lockstep-e2e-'));
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['dist/lockstep.js', 'serve', '--port', String(port)], {
    cwd: ROOT,
    env: {
      ...process.env,
      LOCKSTEP_API_KEYS: `${KEYS.write}:write:${WRITER_NAME},${KEYS.read}:read:${READER_NAME}`,
      LOCKSTEP_DATA_DIR: dataDir,
      LOCKSTEP_NEO4J_URI: '',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (d: Buffer): void => { log = (log + d.toString()).slice(-8000); };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited: number | null | undefined;
  child.on('exit', (code) => { exited = code; });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`lockstep serve exited (code ${exited}) before listening:\n${log}`);
    try {
      const r = await fetch(`${url}/`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) { child.kill(); throw new Error(`lockstep serve did not answer on ${url} within 30s:\n${log}`); }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir,
    log: () => log,
    stop: async () => {
      if (exited === undefined) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
        if (exited === undefined) child.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A JSON API call with a key; throws with the problem body on non-2xx. */
export async function apiCall<T>(server: Server, method: string, path: string, body?: string, contentType = 'application/json', key = KEYS.write): Promise<T> {
  const r = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body !== undefined ? { 'Content-Type': contentType } : {}) },
    body,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path} → ${r.status}: ${text.slice(0, 500)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Runs a scan over everything stored and waits for it to finish. */
export async function runScan(server: Server, timeoutMs = 120_000): Promise<{ status: string; report?: { clusters: unknown[] } }> {
  const { id } = await apiCall<{ id: string; status: string }>(server, 'POST', '/v1/scans', '{}');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await apiCall<{ status: string; error?: string; report?: { clusters: unknown[] } }>(server, 'GET', `/v1/scans/${encodeURIComponent(id)}`);
    if (s.status === 'done') return s;
    if (s.status === 'failed' || s.status === 'cancelled') throw new Error(`scan ${id} ${s.status}: ${s.error ?? ''}\n${server.log()}`);
    if (Date.now() > deadline) throw new Error(`scan ${id} still ${s.status} after ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 300));
  }
}
