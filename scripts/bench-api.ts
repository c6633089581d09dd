// HTTP API benchmark (npm run bench:api): a real `lockstep serve` child over the embedded store in a
// temp dir, seeded with a generated scenario and one scan; then autocannon against
//   GET  /v1/clusters/{id} at a fixed 500 req/s  → p50/p99 latency   (bar: p99 ≤ 50 ms)
//   POST /v1/events, 1,000-event NDJSON batches → events/s          (bar: ≥ 50,000 events/s)
// Three runs each; medians reported.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
// @ts-expect-error autocannon ships no type declarations; the slice used here is typed below.
import autocannonUntyped from 'autocannon';
import { events, generate, prepare } from './generator/index.js';

interface CannonRequest { method?: string; headers?: Record<string, string>; body?: string; setupRequest?: (req: CannonRequest) => CannonRequest }
interface CannonResult { latency: { p50: number; p99: number }; requests: { average: number }; non2xx: number; errors: number }
const autocannon = autocannonUntyped as (opts: { url: string; headers?: Record<string, string>; connections?: number; overallRate?: number; duration?: number; amount?: number; requests?: CannonRequest[] }) => Promise<CannonResult>;

const RUNS = 3;
const RATE = 500;
const LATENCY_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const BATCH = 1000;
const INGEST_REQUESTS = Number(process.env.BENCH_INGEST_REQUESTS ?? 200);
const KEY = 'bench-key';
const auth = { authorization: `Bearer ${KEY}` };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** A free loopback port (so the server can log at warn: per-request info logs would be measured too). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function serve(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/lockstep.js', 'serve', '--port', String(port)], {
    env: { ...process.env, LOCKSTEP_DATA_DIR: dir, LOCKSTEP_API_KEYS: `${KEY}:write:bench`, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', LOCKSTEP_NEO4J_URI: '', LOCKSTEP_RATE_LIMIT: '100000000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode})`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return { child, url };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not start');
}

async function seed(url: string): Promise<string> {
  const g = generate({ scenario: 'basic', seed: 11, events: 50_000 });
  const all = [...events(g.world.store, prepare(g.world.store, 'time', 11))];
  for (let i = 0; i < all.length; i += 10_000) {
    const body = all.slice(i, i + 10_000).map((e) => JSON.stringify(e)).join('\n');
    const res = await fetch(`${url}/v1/events`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body });
    if (!res.ok) throw new Error(`seed ingest: ${res.status}`);
  }
  const started = (await (await fetch(`${url}/v1/scans`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{}' })).json()) as { id: string };
  for (;;) {
    const s = (await (await fetch(`${url}/v1/scans/${started.id}`, { headers: auth })).json()) as { status: string; error?: string };
    if (s.status === 'done') break;
    if (s.status !== 'queued' && s.status !== 'running') throw new Error(`seed scan ${s.status}: ${s.error}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const page = (await (await fetch(`${url}/v1/clusters?limit=1`, { headers: auth })).json()) as { items: { id: string; members: string[] }[] };
  if (!page.items.length) throw new Error('the seed scan flagged no cluster');
  process.stderr.write(`seeded ${all.length} events; cluster ${page.items[0].id} (${page.items[0].members.length} members)\n`);
  return page.items[0].id;
}

async function latencyRun(url: string, clusterId: string) {
  const r = await autocannon({ url: `${url}/v1/clusters/${encodeURIComponent(clusterId)}`, headers: auth, connections: 10, overallRate: RATE, duration: LATENCY_SECONDS });
  return { p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, non2xx: r.non2xx, errors: r.errors };
}

let nextId = 0;
function batchBody(): string {
  let s = '';
  const t0 = 1_750_000_000_000;
  for (let i = 0; i < BATCH; i++) {
    const n = nextId++;
    s += `{"id":"b${n}","account":"ba${n % 5000}","action":"share","target":"bt${n % 20000}","ts":${t0 + n * 37},"text":"bench event ${n}"}\n`;
  }
  return s;
}

async function ingested(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^lockstep_events_ingested_total (\d+)/m.exec(text)?.[1] ?? 0);
}

async function ingestRun(url: string) {
  const before = await ingested(url);
  const t = performance.now();
  const r = await autocannon({
    url: `${url}/v1/events`,
    connections: 4,
    amount: INGEST_REQUESTS,
    requests: [{ method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, setupRequest: (req) => ({ ...req, body: batchBody() }) }],
  });
  const seconds = (performance.now() - t) / 1000;
  const accepted = (await ingested(url)) - before;
  return { eventsPerSecond: accepted / seconds, accepted, seconds, non2xx: r.non2xx, errors: r.errors, p99: r.latency.p99 };
}

const dir = mkdtempSync(join(tmpdir(), 'lockstep-bench-api-'));
execFileSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
const { child, url } = await serve(dir);
try {
  const clusterId = await seed(url);
  await autocannon({ url: `${url}/v1/clusters/${encodeURIComponent(clusterId)}`, headers: auth, connections: 10, overallRate: RATE, duration: 2 }); // warm-up

  const lat = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await latencyRun(url, clusterId);
    process.stderr.write(`GET /v1/clusters/{id} run ${i + 1}: p50 ${r.p50} ms, p99 ${r.p99} ms, ${r.rps.toFixed(0)} req/s, non-2xx ${r.non2xx}, errors ${r.errors}\n`);
    lat.push(r);
  }
  const ing = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await ingestRun(url);
    process.stderr.write(`POST /v1/events run ${i + 1}: ${r.eventsPerSecond.toFixed(0)} events/s (${r.accepted} in ${r.seconds.toFixed(2)} s, request p99 ${r.p99} ms), non-2xx ${r.non2xx}, errors ${r.errors}\n`);
    ing.push(r);
  }
  const summary = {
    get: { rate: RATE, seconds: LATENCY_SECONDS, p50: lat.map((r) => r.p50), p99: lat.map((r) => r.p99), medianP50: median(lat.map((r) => r.p50)), medianP99: median(lat.map((r) => r.p99)) },
    ingest: { batch: BATCH, requests: INGEST_REQUESTS, eventsPerSecond: ing.map((r) => Math.round(r.eventsPerSecond)), median: Math.round(median(ing.map((r) => r.eventsPerSecond))) },
  };
  const pass = summary.get.medianP99 <= 50 && summary.ingest.median >= 50_000;
  console.log(JSON.stringify({ ...summary, bars: { p99Ms: 50, eventsPerSecond: 50_000 }, pass }, null, 2));
  process.exitCode = pass ? 0 : 1;
} finally {
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
