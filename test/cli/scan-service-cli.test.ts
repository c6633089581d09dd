/** The scan service through `lockstep scan`: flags from the parameter table, the one time parser, --store. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, generate, prepare, writeNdjson } from '../../scripts/generator/index.js';
import type { Report } from '../../src/report/types.js';
import { openEmbeddedStore } from '../../src/store/embedded/index.js';
import { ensureBuilt, lockstep } from '../support/cli.js';

let dir: string;
let file: string;
let start: string;

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'lockstep-svc-'));
  const g = generate({ scenario: 'basic', seed: 33, events: 8000 });
  const rd = prepare(g.world.store, 'time', 33);
  file = join(dir, 'day.ndjson.gz');
  await writeNdjson(g.world.store, rd, file);
  start = g.truth.start.slice(0, 10);
  const store = await openEmbeddedStore(join(dir, 'store'));
  await store.appendEvents([...events(g.world.store, rd)]);
  await store.close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lockstep scan and the scan service', () => {
  it('refuses --from/--to without a zone instead of reading them in the local zone', async () => {
    const r = await lockstep(['scan', file, '--from', `${start}T10:00:00`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/with a zone/);
  });

  it('--null-draws and --max-evidence reach the pipeline; out-of-range values are refused as the API refuses them', async () => {
    const r = await lockstep(['scan', file, '--null-draws', '20', '--max-evidence', '2', '--out', join(dir, 'r.json'), '-q']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as Report;
    expect(report.params).toMatchObject({ nullDraws: 20, maxEvidence: 2 });
    expect(report.clusters.length).toBeGreaterThan(0);
    for (const c of report.clusters) expect(c.evidence.length).toBeLessThanOrEqual(2);
    const bad = await lockstep(['scan', file, '--null-draws', '0']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/--null-draws/);
  });

  it('--store scans an embedded store in a date range and --save writes the clusters back; same clusters as the file', async () => {
    const fromFile = await lockstep(['scan', file, '--from', start, '--compact', '-q']);
    const fromStore = await lockstep(['scan', '--store', join(dir, 'store'), '--from', start, '--save', '--compact']);
    expect(fromStore.code, fromStore.stderr).toBe(0);
    const a = JSON.parse(fromFile.stdout) as Report;
    const b = JSON.parse(fromStore.stdout) as Report;
    expect(b.params.from).toBe(`${start}T00:00:00.000Z`);
    expect(b.clusters.map((c) => c.id)).toEqual(a.clusters.map((c) => c.id));
    expect(fromStore.stderr).toMatch(/saved \d+ clusters/);
    const store = await openEmbeddedStore(join(dir, 'store'));
    try {
      expect((await store.listClusters({})).items.map((c) => c.id).sort()).toEqual(b.clusters.map((c) => c.id).sort());
    } finally {
      await store.close();
    }
  });
});
