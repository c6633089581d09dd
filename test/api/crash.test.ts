import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { event, json, KEYS, ndjson, READ, WRITE } from './helpers.js';

/** Starts `node dist/lockstep.js serve` and resolves with its URL once it logs "listening". */
function serve(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['dist/lockstep.js', 'serve', '--port', '0'], {
    env: { ...process.env, LOCKSTEP_DATA_DIR: dir, LOCKSTEP_API_KEYS: KEYS, LOG_LEVEL: 'info', LOCKSTEP_NEO4J_URI: '' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start')), 30_000);
    createInterface({ input: child.stderr! }).on('line', (line) => {
      try {
        const rec = JSON.parse(line);
        if (rec.msg === 'listening') {
          clearTimeout(timer);
          resolve({ child, url: rec.url });
        }
      } catch {
        // not a log line
      }
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
}

const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null || c.signalCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));

describe('lockstep serve (built CLI) with the embedded store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-crash-'));
  beforeAll(() => {
    execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'ignore' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every acknowledged event across kill -9 and a restart', async () => {
    const a = await serve(dir);
    const batches = [0, 1, 2].map((b) => ndjson(Array.from({ length: 1000 }, (_, i) => event(b * 1000 + i))));
    for (const body of batches) {
      const res = await fetch(`${a.url}/v1/events`, { method: 'POST', headers: { ...WRITE, 'content-type': 'application/x-ndjson' }, body });
      expect(res.status).toBe(200);
    }
    a.child.kill('SIGKILL'); // immediately after the last 2xx: no chance to flush anything else
    await exited(a.child);

    const b = await serve(dir);
    try {
      const res = await fetch(`${b.url}/v1/events`, { method: 'POST', headers: { ...WRITE, 'content-type': 'application/x-ndjson' }, body: batches.join('') });
      expect(await json(res)).toMatchObject({ accepted: 0, duplicates: 3000 }); // all 3000 are already there
      const tl = await json(await fetch(`${b.url}/v1/accounts/acct3/events?limit=10000`, { headers: READ }));
      expect(tl.items).toHaveLength(Array.from({ length: 3000 }, (_, i) => i).filter((i) => i % 17 === 3).length);
    } finally {
      b.child.kill('SIGTERM');
    }
    expect(await exited(b.child)).toBe(0); // graceful shutdown exits cleanly
  });

  it('SIGTERM lets an in-flight request finish before exiting', async () => {
    const c = await serve(dir);
    const body = ndjson(Array.from({ length: 20_000 }, (_, i) => event(100_000 + i)));
    const pending = fetch(`${c.url}/v1/events`, { method: 'POST', headers: { ...WRITE, 'content-type': 'application/x-ndjson' }, body });
    await new Promise((r) => setTimeout(r, 5));
    c.child.kill('SIGTERM');
    const res = await pending;
    expect(res.status).toBe(200);
    expect((await json(res)).accepted).toBe(20_000);
    expect(await exited(c.child)).toBe(0);
  });
});
