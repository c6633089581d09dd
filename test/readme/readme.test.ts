/**
 * The README runs as written on a fresh clone. Its runnable shell blocks are marked in the source
 * with `<!-- readme-test -->` on the line before the fence (`<!-- readme-test lines=N -->` runs the
 * first N lines only). They run, in order, with bash in a fresh copy of the repository (every file
 * git tracks or would track, as a clone has them, without node_modules or dist). The one change
 * made to them: port 8080 becomes a free port, so the test cannot collide with another server.
 * Every shell block must also run the CLI as `npx lockstep`, never a bare `lockstep`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { freePort } from '../support/net.js';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { ROOT } from '../support/cli.js';

interface Block {
  code: string;
  /** The README line of the opening fence. */
  line: number;
  /** Marked to run: how many lines (Infinity for all). */
  run?: number;
}

/** The fenced shell blocks of a markdown text, with their run markers. */
export function shellBlocks(md: string): Block[] {
  const lines = md.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(sh|bash|shell)\s*$/.exec(lines[i]);
    if (!open) continue;
    let j = i + 1;
    while (j < lines.length && !lines[j].startsWith('```')) j++;
    const marker = /^<!-- readme-test(?: lines=(\d+))? -->$/.exec(lines[i - 1] ?? '');
    out.push({ code: lines.slice(i + 1, j).join('\n'), line: i + 1, run: marker ? (marker[1] ? Number(marker[1]) : Infinity) : undefined });
    i = j;
  }
  return out;
}

const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const blocks = shellBlocks(README);


interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a block with bash -e in `cwd`; background jobs it starts are killed when it ends. */
function runBlock(code: string, cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const p = spawn('bash', ['-e', '-o', 'pipefail', '-c', code], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const killGroup = () => {
      try {
        process.kill(-p.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      killGroup();
      reject(new Error(`README block timed out after ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`));
    }, timeoutMs);
    p.on('error', reject);
    // 'exit', not 'close': a server the block left in the background still holds the pipes.
    p.on('exit', (exitCode) => {
      clearTimeout(timer);
      setTimeout(() => {
        killGroup();
        resolve({ code: exitCode, stdout, stderr });
      }, 200);
    });
  });
}

describe('README shell blocks', () => {
  it('run the CLI as npx lockstep, never a bare lockstep (which is "command not found" on a fresh clone)', () => {
    expect(blocks.length).toBeGreaterThan(5);
    for (const b of blocks) {
      for (const raw of b.code.split('\n')) {
        const cmd = raw.replace(/\s#.*$/, '').replace(/^#.*$/, '');
        expect(/(^|[\s|;&(])lockstep\s/.test(cmd.replace(/npx lockstep/g, '')), `README line ${b.line}: ${raw}`).toBe(false);
      }
    }
  });

  it('has the walk-through marked to run', () => {
    expect(blocks.filter((b) => b.run !== undefined).map((b) => b.code)).toContainEqual(expect.stringContaining('npx lockstep push fixtures/sample-day.ndjson.gz'));
  });
});

describe('README runnable blocks, as written, on a fresh copy of the repository', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'lockstep-readme-'));
    // What a clone holds: tracked files and new ones not ignored (so uncommitted work is tested too).
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
    for (const f of files) {
      if (!existsSync(join(ROOT, f))) continue; // deleted in the working tree
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      cpSync(join(ROOT, f), join(dir, f));
    }
    // No settings from the test run (e.g. the test Neo4j): the README's reader has none either.
    env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('LOCKSTEP_') && k !== 'PORT'));
    // `npm ci` is a README step, but the blocks may not include it: install once, offline where the cache allows.
    execFileSync('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: dir, env, stdio: 'ignore', timeout: 300_000 });
  }, 360_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the HTTP API walk-through loads the sample day in one command and scans it', async () => {
    const walk = blocks.find((b) => b.run !== undefined && b.code.includes('npx lockstep push'))!;
    const port = await freePort();
    const code = walk.code.replaceAll('8080', String(port));
    const r = await runBlock(code, dir, env, 240_000);
    expect(r.code, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(0);

    // push: every event of the sample day stored, in batches (one body would exceed the 16 MiB limit).
    const pushed = JSON.parse(r.stdout.split('\n').find((l) => l.startsWith('{"read"'))!) as { read: number; accepted: number; rejected: number; batches: number };
    expect(pushed).toMatchObject({ read: 150_000, accepted: 150_000, rejected: 0 });
    expect(pushed.batches).toBeGreaterThan(1);
    // --scan: the scan ran and its summary is on stderr.
    expect(r.stderr).toMatch(/150,000 records read: 150,000 events/);
    expect(r.stderr).toMatch(/\d+ clusters flagged/);
    const report = JSON.parse(readFileSync(join(dir, 'api-report.json'), 'utf8')) as Report;
    expect(report.stats.events).toBe(150_000);
    expect(report.clusters.length).toBeGreaterThan(0);
    // curl: the three most suspicious clusters, as summaries.
    const page = JSON.parse(r.stdout.split('\n').find((l) => l.startsWith('{"items"'))!) as { items: { id: string; score: number; size: number; evidence?: unknown }[] };
    expect(page.items).toHaveLength(3);
    // The top three by score (ties may list in either order).
    const byId = new Map(report.clusters.map((c) => [c.id, c]));
    expect(page.items.every((c) => byId.has(c.id))).toBe(true);
    expect(page.items.map((c) => c.score)).toEqual(report.clusters.map((c) => c.score).sort((a, b) => b - a).slice(0, 3));
    for (const c of page.items) {
      expect(c.size).toBeGreaterThan(0);
      expect(c.evidence).toBeUndefined();
    }
  }, 300_000);

  it('every other marked block runs and exits 0', async () => {
    const others = blocks.filter((b) => b.run !== undefined && !b.code.includes('npx lockstep push'));
    for (const b of others) {
      const code = b.code.split('\n').slice(0, b.run).join('\n').replaceAll('8080', String(await freePort()));
      const r = await runBlock(code, dir, env, 240_000);
      expect(r.code, `README line ${b.line}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(0);
    }
  }, 300_000);
});
