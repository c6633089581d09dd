/** `lockstep export` through the real CLI: CooRTweet's reference edge lists byte for byte, and the cluster formats. */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Graph from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, prepare, writeNdjson } from '../../scripts/generator/index.js';
import { sharedDir } from '../../scripts/shared-dir.js';
import type { Report } from '../../src/report/types.js';
import { ensureBuilt, lockstep } from '../support/cli.js';

const DATA = join(sharedDir(), 'data', 'coortweet-russian');
const INPUT = join(DATA, 'russian_coord_tweets.csv');
let dir: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'lockstep-export-'));
  if (!existsSync(INPUT)) throw new Error(`shared data not found at ${INPUT}: set LOCKSTEP_SHARED_DIR`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('lockstep export --format coortweet', () => {
  for (const W of [10, 60]) {
    for (const M of [1, 2]) {
      it(`--window ${W} --min-participation ${M} writes CooRTweet's reference edge list byte for byte`, async () => {
        const out = join(dir, `edges-${W}-${M}.csv`);
        const r = await lockstep(['export', INPUT, '--map', 'coortweet', '--format', 'coortweet', '--window', String(W), '--min-participation', String(M), '--out', out]);
        expect(r.code, r.stderr).toBe(0);
        const want = readFileSync(join(DATA, `russian_coortweet_tw${W}_mp${M}_allweights_edges.csv`), 'utf8');
        const got = readFileSync(out, 'utf8');
        expect(got.split('\n').length).toBe(want.split('\n').length);
        expect(got === want).toBe(true);
      });
    }
  }

  it('refuses a report as the source (the edge list needs the events)', async () => {
    const r = await lockstep(['export', '--report', join(dir, 'x.json'), '--format', 'coortweet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/needs the events/);
  });
});

describe('lockstep export of flagged clusters', () => {
  let events: string;
  let report: Report;
  beforeAll(async () => {
    const g = generate({ scenario: 'basic', seed: 31, events: 8000 });
    events = join(dir, 'basic.ndjson.gz');
    await writeNdjson(g.world.store, prepare(g.world.store, 'time', 31), events);
    const r = await lockstep(['scan', events, '--out', join(dir, 'report.json'), '-q']);
    expect(r.code, r.stderr).toBe(0);
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;
    expect(report.clusters.length).toBeGreaterThan(0);
  }, 120_000);

  it('gexf from events (on one thread) and from the saved report: the same graph, one node per flagged member', async () => {
    const a = await lockstep(['export', events, '--format', 'gexf', '--threads', '1', '--out', join(dir, 'a.gexf')]);
    const b = await lockstep(['export', '--report', join(dir, 'report.json'), '--format', 'gexf', '--out', join(dir, 'b.gexf')]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const ga = parseGexf(Graph, readFileSync(join(dir, 'a.gexf'), 'utf8'));
    const gb = parseGexf(Graph, readFileSync(join(dir, 'b.gexf'), 'utf8'));
    const members = report.clusters.flatMap((c) => c.members);
    expect(ga.order).toBe(members.length);
    expect(gb.nodes().sort()).toEqual(ga.nodes().sort());
    expect(gb.size).toBe(ga.size);
    const c0 = report.clusters[0];
    expect(ga.getNodeAttributes(c0.members[0])).toMatchObject({ cluster: c0.id, score: c0.score, review: 'unreviewed' });
  });

  it('csv to stdout: one row per member', async () => {
    const r = await lockstep(['export', '--report', join(dir, 'report.json'), '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const rows = parseCsv(r.stdout, { columns: true }) as Record<string, string>[];
    expect(rows.map((x) => x.account)).toEqual(report.clusters.flatMap((c) => c.members));
  });

  it('graphml writes a GraphML document', async () => {
    const r = await lockstep(['export', '--report', join(dir, 'report.json'), '--format', 'graphml']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('<graphml');
  });

  it('an unknown format or two sources: exit 1 with a message', async () => {
    const bad = await lockstep(['export', events, '--format', 'pdf']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/coortweet, gexf, graphml, csv/);
    writeFileSync(join(dir, 'r2.json'), '{}');
    const two = await lockstep(['export', events, '--report', join(dir, 'r2.json'), '--format', 'csv']);
    expect(two.code).toBe(1);
    expect(two.stderr).toMatch(/exactly one of/);
    const threads = await lockstep(['export', events, '--format', 'csv', '--threads', '0']);
    expect(threads.code).toBe(1);
    expect(threads.stderr).toMatch(/--threads/);
  });
});
