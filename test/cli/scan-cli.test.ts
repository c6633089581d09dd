/**
 * End to end: the real, built `lockstep scan` (dist/lockstep.js) on generated and hand-made files.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, generate, prepare, writeNdjson, type GeneratedEvent, type Truth } from '../../scripts/generator/index.js';
import type { Report } from '../../src/report/types.js';
import { reportErrors } from '../report/schema.js';
import { sharedDir } from '../../scripts/shared-dir.js';
import { ensureBuilt, lockstep as run, type Run } from '../support/cli.js';

const SHARED = sharedDir();
const COORTWEET = join(SHARED, 'data', 'coortweet-russian', 'russian_coord_tweets.csv');

const lockstep = (args: string[], stdin?: string | Buffer): Promise<Run> => run(args, { stdin });

const readReport = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Report;
const clustersOf = (r: Report) => r.clusters.map((c) => ({ id: c.id, members: c.members }));

function csvCell(v: string | number | undefined): string {
  if (v === undefined) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

let dir: string;
let genFile: string; // gzip NDJSON from the generator
let genLines: number;
let genEvents: GeneratedEvent[];
let truth: Truth;

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'lockstep-cli-'));
  const seed = 14;
  const g = generate({ scenario: 'basic', seed, events: 20_000 });
  truth = g.truth;
  const rd = prepare(g.world.store, 'time', seed);
  genFile = join(dir, 'basic.ndjson.gz');
  await writeNdjson(g.world.store, rd, genFile);
  genEvents = [...events(g.world.store, rd)];
  genLines = gunzipSync(readFileSync(genFile)).toString('utf8').split('\n').filter((l) => l.trim() !== '').length;
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('lockstep scan (built CLI)', () => {
  let report: Report;
  let run: Run;

  beforeAll(async () => {
    const out = join(dir, 'report.json');
    run = await lockstep(['scan', genFile, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    report = readReport(out);
  });

  it('scans a generated gzip NDJSON file into a report that validates against the contract', () => {
    expect(reportErrors(report)).toBe('');
    expect(report.stats.read).toBe(genLines);
    expect(report.stats.events + report.stats.rejected + report.stats.duplicates).toBe(report.stats.read);
    expect(report.stats.rejected).toBe(0);
    expect(report.stats.events).toBe(truth.events);
    expect(report.params.inputs).toEqual([genFile]);
    // It finds the planted campaigns (most of their members, few others).
    const positives = new Set(truth.campaigns.flatMap((c) => c.members));
    const flagged = report.clusters.flatMap((c) => c.members);
    expect(flagged.length).toBeGreaterThan(0);
    expect(flagged.filter((m) => positives.has(m)).length / flagged.length).toBeGreaterThanOrEqual(0.9);
  });

  it('prints the human summary on stderr and nothing on stdout when writing to --out', () => {
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${report.stats.read.toLocaleString('en')} records read`);
    expect(run.stderr).toMatch(new RegExp(`${report.stats.flagged} clusters? flagged`));
    for (const c of report.clusters.slice(0, 5)) expect(run.stderr).toContain(c.id);
  });

  it('writes the report to stdout without --out (same clusters)', async () => {
    const r = await lockstep(['scan', genFile, '--compact']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const fromStdout = JSON.parse(r.stdout) as Report;
    expect(reportErrors(fromStdout)).toBe('');
    expect(clustersOf(fromStdout)).toEqual(clustersOf(report));
    expect(r.stderr).toContain('records read');
  });

  it('reads stdin (-), plain or gzip, with the same result', async () => {
    const plain = gunzipSync(readFileSync(genFile));
    const r = await lockstep(['scan', '-', '--quiet'], plain);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const fromStdin = JSON.parse(r.stdout) as Report;
    expect(reportErrors(fromStdin)).toBe('');
    expect(fromStdin.stats.events).toBe(report.stats.events);
    expect(clustersOf(fromStdin)).toEqual(clustersOf(report));
    const gz = await lockstep(['scan', '-', '--quiet', '--compact'], readFileSync(genFile));
    expect(gz.code, gz.stderr).toBe(0);
    expect(clustersOf(JSON.parse(gz.stdout) as Report)).toEqual(clustersOf(report));
  });

  it('reads CSV (quoted text with commas, quotes and newlines) to the same events and clusters', async () => {
    const csvFile = join(dir, 'basic.csv');
    const rows = ['id,account,action,target,ts,text'];
    for (const e of genEvents) rows.push([e.id, e.account, e.action, e.target, new Date(e.ts).toISOString(), e.text].map(csvCell).join(','));
    writeFileSync(csvFile, rows.join('\n') + '\n');
    const out = join(dir, 'csv-report.json');
    const r = await lockstep(['scan', csvFile, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const fromCsv = readReport(out);
    expect(reportErrors(fromCsv)).toBe('');
    expect(fromCsv.stats).toMatchObject({ read: genEvents.length, events: report.stats.events, rejected: 0, accounts: report.stats.accounts });
    expect(clustersOf(fromCsv)).toEqual(clustersOf(report));
  });
});

describe('lockstep scan: bad input', () => {
  const T0 = Date.parse('2024-05-01T00:00:00Z');
  let file: string;
  const badLines: number[] = [];
  let total = 0;

  beforeAll(() => {
    // 30 valid events, one repeated id, and 25 invalid records of several kinds at known lines.
    const lines: string[] = [];
    const bad = [
      'this is not json',
      JSON.stringify({ id: 'x', action: 'share', target: 't', ts: T0 }), // no account
      JSON.stringify({ id: 'y', account: 'a', action: 'share', target: 't', ts: 'yesterday' }),
      JSON.stringify({ id: 'z', account: 'a', action: 'share', ts: T0 }), // share needs a target
      '[1, 2, 3]',
    ];
    let v = 0;
    for (let k = 0; k < 56; k++) {
      if (k % 2 === 1 && badLines.length < 25) {
        lines.push(bad[badLines.length % bad.length]);
        badLines.push(lines.length);
      } else if (k === 40) {
        lines.push(JSON.stringify({ id: 'ev0', account: 'dup', action: 'share', target: 'item0', ts: T0 })); // repeats ev0's id
      } else {
        lines.push(JSON.stringify({ id: `ev${v}`, account: `acct${v % 7}`, action: 'share', target: `item${v % 5}`, ts: T0 + v * 10_000 }));
        v++;
      }
    }
    total = lines.length;
    file = join(dir, 'bad.ndjson');
    writeFileSync(file, lines.join('\n') + '\n');
    expect(badLines).toHaveLength(25);
  });

  it('goes on past bad lines: exit 0, rejects counted and listed with line numbers, all of them in --rejects', async () => {
    const out = join(dir, 'bad-report.json');
    const rejectsFile = join(dir, 'rejects.ndjson');
    const r = await lockstep(['scan', file, '--out', out, '--rejects', rejectsFile]);
    expect(r.code, r.stderr).toBe(0);
    const rep = readReport(out);
    expect(reportErrors(rep)).toBe('');
    expect(rep.stats).toMatchObject({ read: total, rejected: 25, duplicates: 1, events: total - 26 });
    expect(rep.rejects!.length).toBe(20); // the report keeps the first 20
    expect(rep.rejects!.map((x) => x.line)).toEqual(badLines.slice(0, 20));
    for (const x of rep.rejects!) {
      expect(x.source).toBe(file);
      expect(x.reason.length).toBeGreaterThan(0);
    }
    const all = readFileSync(rejectsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { source: string; line: number; reason: string });
    expect(all.map((x) => x.line)).toEqual(badLines);
    expect(all.every((x) => x.source === file && x.reason.length > 0)).toBe(true);
    expect(all[1].reason).toMatch(/account/);
    expect(all[2].reason).toMatch(/ts/);
    expect(all[3].reason).toMatch(/target/);
    expect(r.stderr).toContain('25 rejected');
    expect(r.stderr).toContain('1 duplicates');
  });

  it('--strict stops at the first bad line: exit 2 and a message naming file:line', async () => {
    const out = join(dir, 'strict-report.json');
    const r = await lockstep(['scan', file, '--strict', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file}:${badLines[0]}`);
    expect(r.stderr).toMatch(/strict/);
    expect(existsSync(out)).toBe(false);
  });

  it('a missing file: exit 1 with a clear message, no stack trace', async () => {
    const missing = join(dir, 'no-such-file.ndjson');
    const r = await lockstep(['scan', missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(missing);
    expect(r.stderr).toMatch(/cannot read|no such file|ENOENT/i);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('no input at all: exit 1 with a hint', async () => {
    const r = await lockstep(['scan']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no input/);
  });
});

describe('lockstep scan --regime', () => {
  it('an unknown regime: exit 1 naming the allowed ones', async () => {
    const r = await lockstep(['scan', '--regime', 'bogus', '-']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bogus/);
    expect(r.stderr).toMatch(/auto.*population.*slice/);
  });

  it('auto reads a slice of suspects from the IRA month; population is used as asked; both reported', async () => {
    const ira = join(SHARED, 'data', 'ira-2016-10', 'events.ndjson.gz');
    if (!existsSync(ira)) throw new Error(`shared data not found at ${ira}: set LOCKSTEP_SHARED_DIR`);
    const auto = await lockstep(['scan', ira, '--quiet', '--compact']);
    expect(auto.code, auto.stderr).toBe(0);
    const a = JSON.parse(auto.stdout) as Report;
    expect(a.params.regime).toBe('auto');
    expect(a.stats.regime?.used).toBe('slice');
    expect(a.stats.regime?.closedShare).toBeGreaterThan(0.6);
    expect(a.stats.timeResolution).toBe('min');
    const forced = await lockstep(['scan', ira, '--regime', 'population', '--quiet', '--compact']);
    expect(forced.code, forced.stderr).toBe(0);
    const p = JSON.parse(forced.stdout) as Report;
    expect(p.stats.regime).toEqual({ used: 'population', closedShare: a.stats.regime?.closedShare });
    // Against independent reactions an all-troll slice has none to be measured by: far fewer flags.
    expect(p.stats.flaggedAccounts).toBeLessThan(a.stats.flaggedAccounts);
  });
});

describe('lockstep scan --help', () => {
  it('lists every flag', async () => {
    const r = await lockstep(['scan', '--help']);
    expect(r.code).toBe(0);
    for (const flag of ['--window', '--threshold', '--format', '--map', '--rejects', '--strict', '--seed', '--out', '--regime']) expect(r.stdout, flag).toContain(flag);
    expect(r.stdout).toMatch(/Exit codes/);
  });
});

describe('lockstep scan --map coortweet', () => {
  it('reads a 200-row slice of the CooRTweet Russian data and reports the right event count', async () => {
    if (!existsSync(COORTWEET)) throw new Error(`shared data not found at ${COORTWEET}: set LOCKSTEP_SHARED_DIR to the shared directory (the one holding data/coortweet-russian/)`);
    const text = readFileSync(COORTWEET, 'utf8');
    const lines = text.split('\n');
    const slice = lines.slice(0, 201).join('\n') + '\n'; // header + 200 rows
    const file = join(dir, 'coortweet-200.csv');
    writeFileSync(file, slice);
    // Independently: rows and distinct content ids (the scan dedupes by id, which is content_id).
    const rows = parse(slice, { columns: true }) as { content_id: string; account_id: string }[];
    expect(rows).toHaveLength(200);
    const distinct = new Set(rows.map((r) => r.content_id)).size;
    const accounts = new Set(rows.map((r) => r.account_id)).size;

    const out = join(dir, 'coortweet-report.json');
    const r = await lockstep(['scan', file, '--map', 'coortweet', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const rep = readReport(out);
    expect(reportErrors(rep)).toBe('');
    expect(rep.stats).toMatchObject({ read: 200, events: distinct, rejected: 0, duplicates: 200 - distinct, accounts });
    expect(rep.params.map).toBe('coortweet');
  });
});
