/**
 * The nightly job end to end: three generated days through the real `lockstep daily`, then the same
 * store and history through the HTTP API (operations, a scan, an export, a review).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseApiKeys } from '../../src/api/keys.js';
import { createLogger } from '../../src/api/logger.js';
import { startServer, type RunningServer } from '../../src/api/server.js';
import { DAILY_EXIT, type DailySummary } from '../../src/cli/daily.js';
import type { Report, ReportCluster } from '../../src/report/types.js';
import { openEmbeddedStore } from '../../src/store/embedded/index.js';
import { reportErrors } from '../report/schema.js';
import { clusterOf, found } from '../support/campaigns.js';
import { ensureBuilt, lockstep, type Run } from '../support/cli.js';
import { DAY, generateWorld, onlyBetween, writeDays, type Campaign, type World } from '../support/multi-day.js';

/** --alert-threshold of the runs (the new campaign is cast from those detection scores above it). */
const ALERT = 0.6;
let dir: string;
let world: World;
let files: string[];
let days: string[];
let stopped: Campaign;
let started: Campaign;
/** Campaigns acting on every day (all but the stopped and the started one). */
let persisting: Campaign[];
const runs: { run: Run; summary: DailySummary; report: Report }[] = [];

async function daily(i: number, extra: string[] = []): Promise<{ run: Run; summary: DailySummary; report: Report }> {
  const day = days[i];
  const summaryFile = join(dir, `summary-${day}.json`);
  const out = join(dir, `report-${day}.json`);
  const run = await lockstep(['daily', '--store', join(dir, 'store'), '--day', day, files[i], '--look-back', '2d', '--alert-threshold', String(ALERT), '--summary-json', summaryFile, '--out', out, ...extra]);
  expect(run.code === DAILY_EXIT.ok || run.code === DAILY_EXIT.newOperationAlert, run.stderr).toBe(true);
  return { run, summary: JSON.parse(readFileSync(summaryFile, 'utf8')) as DailySummary, report: JSON.parse(readFileSync(out, 'utf8')) as Report };
}

async function scanFile(file: string): Promise<Report> {
  const r = await lockstep(['scan', file, '--compact', '-q']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Report;
}

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'lockstep-daily-'));
  world = generateWorld({ seed: 21, events: 150_000, days: 3 });
  // Cast from campaigns detection finds in the unmodified days: the stopped one on day 1, the new one
  // on day 3 (so a miss would be detection's recall, which is not what this tests).
  const plain = writeDays(dir, world, world.all, 3, 'plain-');
  const campaigns = world.truth.campaigns;
  stopped = found(await scanFile(plain.files[0]), campaigns, ['amplification', 'botfarm', 'brigade'])[0];
  const day3 = await scanFile(plain.files[2]);
  const score = (c: Campaign) => clusterOf(day3, c.members)!.score;
  started = found(day3, campaigns.filter((c) => c !== stopped)).sort((a, b) => score(b) - score(a)).filter((c) => score(c) >= ALERT + 0.1)[0];
  expect(stopped, 'a campaign detection finds on day 1').toBeDefined();
  expect(started, 'another campaign detection finds on day 3').toBeDefined();
  persisting = campaigns.filter((c) => c !== stopped && c !== started);
  const modified = onlyBetween(onlyBetween(world.all, stopped, world.start, world.start + DAY), started, world.start + 2 * DAY, world.start + 3 * DAY);
  ({ files, days } = writeDays(dir, world, modified, 3));
  for (let i = 0; i < 3; i++) runs.push(await daily(i));
}, 600_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lockstep daily over three days', () => {
  it('reports validate against the contract and carry operationId and lineage on every cluster', () => {
    for (const { report } of runs) {
      expect(reportErrors(report)).toBe('');
      for (const c of report.clusters) {
        expect(c.operationId).toMatch(/^o_/);
        expect(['new', 'continuing', 'grown', 'shrunk', 'merged', 'split']).toContain(c.lineage!.status);
      }
      expect(report.changes).toBeDefined();
    }
  });

  it('prints one summary line per run and exits 10 exactly when a new operation scores at least the alert threshold', () => {
    for (const { run, summary } of runs) {
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(new RegExp(`^lockstep daily ${summary.day}: .* exit ${summary.exitCode};`));
      expect(run.code).toBe(summary.exitCode);
      expect(summary.exitCode).toBe(summary.newOperations.some((n) => n.score >= ALERT) ? DAILY_EXIT.newOperationAlert : DAILY_EXIT.ok);
    }
    expect(runs[0].summary.newOperations.length).toBe(runs[0].report.clusters.length); // day 1: everything is new
  });

  it('every campaign acting on all days (and found on all days) keeps its operationId on days 2 and 3', () => {
    const everyDay = persisting.filter((c) => runs.every((r) => clusterOf(r.report, c.members)));
    expect(everyDay.length).toBeGreaterThanOrEqual(2);
    for (const c of everyDay) {
      const ids = runs.map((r) => clusterOf(r.report, c.members)!.operationId);
      expect(ids, c.id).toEqual([ids[0], ids[0], ids[0]]);
    }
  });

  it('the campaign that stopped after day 1 is listed as not seen; the one starting on day 3 is new, and the exit code says so', () => {
    const gone = clusterOf(runs[0].report, stopped.members)!;
    expect(gone, 'stopped campaign found on day 1').toBeDefined();
    expect(clusterOf(runs[2].report, stopped.members)).toBeUndefined();
    // Day 2 still looks back at day 1, so the first scan without it is day 2 or day 3.
    const miss = runs.findIndex((r) => !clusterOf(r.report, stopped.members));
    expect(runs[miss].report.changes!.notSeen.map((n) => n.operationId)).toContain(gone.operationId);
    expect(runs[miss].summary.notSeen).toContain(gone.operationId);

    const fresh = clusterOf(runs[2].report, started.members)!;
    expect(fresh, 'new campaign found on day 3').toBeDefined();
    expect(fresh.lineage!.status).toBe('new');
    expect(runs[2].report.changes!.new.map((n) => n.operationId)).toContain(fresh.operationId);
    expect(fresh.score, 'the new campaign scores above the alert threshold').toBeGreaterThanOrEqual(ALERT);
    expect(runs[2].summary.alerts.map((a) => a.operationId)).toContain(fresh.operationId);
    expect(runs[2].run.code).toBe(DAILY_EXIT.newOperationAlert);
  });

  it('re-running day 3 is idempotent: nothing stored twice, same operations, same exit code (and --threads 1 changes nothing)', async () => {
    const again = await daily(2, ['--threads', '1']);
    expect(again.summary.ingested.accepted).toBe(0);
    expect(again.summary.ingested.duplicates).toBe(again.summary.ingested.read);
    expect(again.run.code).toBe(runs[2].run.code);
    const ops = (r: Report) => r.clusters.map((c) => `${c.id}:${c.operationId}:${c.lineage!.status}`).sort();
    expect(ops(again.report)).toEqual(ops(runs[2].report));
    const history = JSON.parse(readFileSync(join(dir, 'store', 'history', 'history.json'), 'utf8')) as { scans: { key: string }[] };
    expect(history.scans.map((s) => s.key)).toEqual(days.map((d) => `daily:${d}`));
  });

  it('--log-format json writes the summary as one JSON line; --keep-days prunes old events', async () => {
    const r = await lockstep(['daily', '--store', join(dir, 'store'), '--day', days[2], '--look-back', '2d', '--log-format', 'json', '--keep-days', '2']);
    expect([DAILY_EXIT.ok, DAILY_EXIT.newOperationAlert]).toContain(r.code);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const log = JSON.parse(lines[0]) as DailySummary & { msg: string; level: string };
    expect(log.msg).toBe('lockstep daily');
    expect(log.pruned).toBeGreaterThan(0); // day 1's events
    const store = await openEmbeddedStore(join(dir, 'store'));
    try {
      let early = 0;
      for await (const b of store.readEvents({ to: Date.parse(`${days[1]}T00:00:00Z`) - 1 })) early += b.length;
      expect(early).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('bad usage: exit 1 with a message (zoneless --day, missing store)', async () => {
    const r = await lockstep(['daily', '--store', join(dir, 'store'), '--day', '2024-03-06T00:00:00']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/YYYY-MM-DD/);
    const j = await lockstep(['daily', '--store', join(dir, 'store'), '--day', 'yesterday', '--log-format', 'json']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stderr.trim()).level).toBe('error');
    const t = await lockstep(['daily', '--store', join(dir, 'store'), '--day', days[2], '--threads', '0']);
    expect(t.code).toBe(1);
    expect(t.stderr).toMatch(/--threads/);
  });
});

describe('the same history through the HTTP API', () => {
  let server: RunningServer;
  const READ = { authorization: 'Bearer r-key' };
  const WRITE = { authorization: 'Bearer w-key', 'content-type': 'application/json' };
  const get = async (path: string) => {
    const res = await fetch(server.url + path, { headers: READ });
    expect(res.status, path).toBe(200);
    return res.json() as Promise<any>;
  };

  beforeAll(async () => {
    const storeDir = join(dir, 'store');
    server = await startServer({ keys: parseApiKeys('w-key:write:alice,r-key:read'), logger: createLogger('silent'), store: await openEmbeddedStore(storeDir), historyDir: join(storeDir, 'history'), port: 0, host: '127.0.0.1' });
  });
  afterAll(() => server?.close());

  it('GET /v1/operations lists operations with their sightings; ?since and ?status filter', async () => {
    const { items } = await get('/v1/operations');
    const everyDay = persisting.filter((c) => runs.every((r) => clusterOf(r.report, c.members))).map((c) => clusterOf(runs[0].report, c.members)!.operationId);
    for (const id of everyDay) expect(items.find((o: any) => o.id === id)?.scans, id).toBe(3);
    const newId = clusterOf(runs[2].report, started.members)!.operationId!;
    const op = items.find((o: any) => o.id === newId);
    expect(op).toMatchObject({ status: 'new', scans: 1, reviewed: false });
    const since = await get(`/v1/operations?since=${encodeURIComponent(op.firstSeenAt)}`);
    expect(since.items.map((o: any) => o.id)).toContain(newId);
    expect(since.items.map((o: any) => o.id)).not.toContain(everyDay[0]);
    const fresh = await get('/v1/operations?status=new');
    expect(fresh.items.every((o: any) => o.status === 'new')).toBe(true);
    const bad = await fetch(`${server.url}/v1/operations?since=2024-03-04T00:00:00`, { headers: READ });
    expect(bad.status).toBe(400);
  });

  it('GET /v1/operations/{id}: clusters scan by scan, members joining and leaving', async () => {
    const c = persisting.find((p) => runs.every((r) => clusterOf(r.report, p.members)))!;
    const id = clusterOf(runs[0].report, c.members)!.operationId!;
    const op = await get(`/v1/operations/${id}`);
    expect(op.steps.map((s: any) => s.scan)).toEqual(days.map((d) => `daily:${d}`));
    expect(op.steps[0].joined.length).toBe(op.steps[0].size);
    for (const s of op.steps) expect(s.clusters.length).toBeGreaterThan(0);
    expect((await fetch(`${server.url}/v1/operations/o_nope`, { headers: READ })).status).toBe(404);
  });

  it('an API scan is tracked too: operations carry on, confirmed members are called out; clusters export as GEXF', async () => {
    const campaign = persisting.find((p) => runs.every((r) => clusterOf(r.report, p.members)))!;
    const target = clusterOf(runs[2].report, campaign.members)!;
    const review = await fetch(`${server.url}/v1/clusters/${target.id}/review`, { method: 'PUT', headers: WRITE, body: JSON.stringify({ state: 'confirmed' }) });
    expect(review.status).toBe(200);
    const started = await fetch(`${server.url}/v1/scans`, { method: 'POST', headers: WRITE, body: JSON.stringify({ from: `${days[1]}T00:00:00Z`, to: `${days[2]}T23:59:59.999Z` }) });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    let scan: any;
    for (let i = 0; i < 600 && scan?.status !== 'done'; i++) {
      scan = await get(`/v1/scans/${id}`);
      if (scan.status === 'failed') throw new Error(scan.error);
      if (scan.status !== 'done') await new Promise((r) => setTimeout(r, 200));
    }
    const report = scan.report as Report;
    expect(reportErrors(report)).toBe('');
    const again = clusterOf(report, campaign.members)!;
    expect(again.operationId).toBe(target.operationId);
    expect(report.changes!.previousScan!.key).toBe(`daily:${days[2]}`);
    expect(report.changes!.confirmedMembers.find((c) => c.confirmedClusterId === target.id)?.members.length).toBeGreaterThan(0);
    expect((await get(`/v1/operations?reviewed=true`)).items.map((o: any) => o.id)).toContain(target.operationId);

    const res = await fetch(`${server.url}/v1/clusters/${again.id}/export?format=gexf`, { headers: READ });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/gexf/);
    const g = parseGexf(Graph, await res.text());
    expect(g.nodes().sort()).toEqual([...again.members].sort());
    expect(g.getNodeAttribute(again.members[0], 'operation')).toBe(target.operationId);
    expect((await fetch(`${server.url}/v1/clusters/${again.id}/export?format=pdf`, { headers: READ })).status).toBe(400);
  }, 300_000);
});
