/**
 * The real `lockstep ingest` against a Neo4j that dies mid-ingest: the CLI must fail saying how many
 * events were committed, those must all be there after the server recovers, and re-running the same
 * ingest must finish with every distinct event stored exactly once.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import neo4j from 'neo4j-driver';
import { startNeo4j, type Neo4jServer } from '../support/neo4j-server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/lockstep.js');
const N = 200_000;
const REPEATS = 4_000; // records that repeat an earlier id
const T0 = Date.parse('2024-05-01T00:00:00Z');

let dir: string;
let server: Neo4jServer | undefined;

function ensureBuilt(): void {
  const sources = ['src/cli/ingest.ts', 'src/cli/main.ts', 'src/store/neo4j/store.ts', 'src/store/neo4j/load.ts', 'src/store/neo4j/cypher.ts', 'src/store/neo4j/rows.ts', 'src/store/neo4j/schema.ts'];
  const built = existsSync(CLI) ? statSync(CLI).mtimeMs : 0;
  if (sources.every((s) => statSync(join(ROOT, s)).mtimeMs <= built)) return;
  const r = spawnSync('node', ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`build failed: ${r.stderr}`);
}

async function writeEvents(file: string): Promise<void> {
  const out = createWriteStream(file);
  for (let i = 0; i < N + REPEATS; i++) {
    const k = i < N ? i : (i - N) * 37; // the tail repeats earlier ids
    const ev = { id: `ev-${k}`, account: `acct${k % 4001}`, action: k % 9 === 0 ? 'post' : 'share', target: k % 9 === 0 ? undefined : `item${k % 15013}`, ts: T0 + k * 250, text: k % 9 === 0 ? `post number ${k}` : undefined };
    if (!out.write(JSON.stringify(ev) + '\n')) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
}

function runIngest(uri: string, file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res) => {
    const p = spawn('node', [CLI, 'ingest', file, '--neo4j', uri, '--retry-seconds', '5'], { cwd: ROOT, env: { ...process.env, LOCKSTEP_NEO4J_URI: '' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}

async function count(uri: string, q: string): Promise<number> {
  const d = neo4j.driver(uri, neo4j.auth.basic('neo4j', 'x'), { disableLosslessIntegers: true });
  try {
    return Number((await d.executeQuery(q)).records[0].get(0));
  } finally {
    await d.close();
  }
}

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'lockstep-fault-'));
  await writeEvents(join(dir, 'events.ndjson'));
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('survives the server dying mid-ingest: reports what was committed, and a re-run completes without duplicates', { timeout: 1_200_000 }, async () => {
  const file = join(dir, 'events.ndjson');
  const home = join(dir, 'neo4j');
  server = await startNeo4j({ home });
  const first = runIngest(server.uri, file);

  // Let a few batches commit, then kill the server as a crash would.
  const deadline = Date.now() + 600_000;
  for (;;) {
    const n = await count(server.uri, 'MATCH ()-[e:ACTED]->() RETURN count(e)').catch(() => 0);
    if (n >= 20_000) break;
    if (Date.now() > deadline) throw new Error('ingest made no progress');
    await new Promise((r) => setTimeout(r, 300));
  }
  await server.kill();
  server = undefined;

  const r1 = await first;
  expect(r1.code).toBe(1);
  const m = /(\d+) events were committed \((\d+) new, (\d+) already stored\); (?:the batch of (\d+) events|each of the \d+ batches being written when it failed \(([\d + ]+) events\))/.exec(r1.stderr);
  expect(m, r1.stderr).not.toBeNull();
  const committedNew = Number(m![2]);
  const inFlight = m![4] !== undefined ? [Number(m![4])] : m![5].split(' + ').map(Number);
  expect(committedNew).toBeGreaterThanOrEqual(10_000);
  expect(committedNew).toBeLessThan(N);

  // Recovery on the same data: every batch the CLI saw commit is there; each batch in flight when the
  // server died is either wholly there or wholly absent (batches are atomic). Early batches hold no
  // repeated ids, so a batch that did commit adds all its events.
  server = await startNeo4j({ home });
  const recovered = await count(server.uri, 'MATCH ()-[e:ACTED]->() RETURN count(e)');
  const possible = inFlight.reduce((sums, size) => [...sums, ...sums.map((x) => x + size)], [committedNew]);
  expect(possible).toContain(recovered);

  const r2 = await runIngest(server.uri, file);
  expect(r2.code, r2.stderr).toBe(0);
  const counts = JSON.parse(r2.stdout.trim()) as { read: number; accepted: number; duplicates: number; rejected: number };
  expect(counts).toEqual({ read: N + REPEATS, accepted: N - recovered, duplicates: REPEATS + recovered, rejected: 0, seconds: expect.any(Number) });
  expect(await count(server.uri, 'MATCH ()-[e:ACTED]->() RETURN count(e)')).toBe(N);
  expect(await count(server.uri, 'MATCH (:Account)-[e:ACTED]->() RETURN count(DISTINCT e.id)')).toBe(N);
});
