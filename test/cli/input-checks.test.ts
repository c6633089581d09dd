/**
 * Never silently wrong (issue 14), through the real, built CLI: the unit of numeric times is
 * inferred and said, implausible times and mostly-rejected inputs are refused with their own exit
 * codes, CRLF files get the right line numbers, and a --map that does not fit the header is named.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { events, generate, prepare, type GeneratedEvent } from '../../scripts/generator/index.js';
import type { Report } from '../../src/report/types.js';
import { reportErrors } from '../report/schema.js';
import { ensureBuilt, lockstep, ROOT } from '../support/cli.js';

let dir: string;
let evs: GeneratedEvent[];

const clustersOf = (r: Report) => r.clusters.map((c) => ({ id: c.id, members: c.members }));
const readReport = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Report;
const cell = (v: string | number | undefined) => (v === undefined ? '' : /[",\n\r]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

/** The generated events as CSV, with `ts` written by `time` (from whole seconds, so every unit is exact). */
function csv(name: string, time: (seconds: number) => string | number): string {
  const rows = ['id,account,action,target,ts,text'];
  for (const e of evs) rows.push([e.id, e.account, e.action, e.target, time(Math.floor(e.ts / 1000)), e.text].map(cell).join(','));
  const f = join(dir, name);
  writeFileSync(f, rows.join('\n') + '\n');
  return f;
}

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'lockstep-input-'));
  const g = generate({ scenario: 'basic', seed: 21, events: 20_000 });
  evs = [...events(g.world.store, prepare(g.world.store, 'time', 21))];
}, 300_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('numeric times: the unit is inferred and said', () => {
  it('a Unix-seconds CSV without ts-unit gives the same clusters as with ts-unit=s (and as ISO times), and says it inferred seconds', async () => {
    const seconds = csv('seconds.csv', (s) => s);
    const iso = csv('iso.csv', (s) => new Date(s * 1000).toISOString());
    const micro = csv('micro.csv', (s) => `${s}000000`);
    const run = async (file: string, ...extra: string[]) => {
      const out = join(dir, `${Math.random().toString(36).slice(2)}.json`);
      const r = await lockstep(['scan', file, '--out', out, ...extra]);
      expect(r.code, r.stderr).toBe(0);
      const report = readReport(out);
      expect(reportErrors(report)).toBe('');
      return { r, report };
    };
    const inferred = await run(seconds);
    const stated = await run(seconds, '--map', 'ts-unit=s');
    const fromIso = await run(iso);
    const fromMicro = await run(micro);

    expect(inferred.report.stats).toMatchObject({ read: evs.length, rejected: 0, tsUnit: { inferred: true, counts: { s: evs.length } } });
    expect(inferred.report.clusters.length).toBeGreaterThan(0);
    expect(clustersOf(inferred.report)).toEqual(clustersOf(stated.report));
    expect(clustersOf(inferred.report)).toEqual(clustersOf(fromIso.report));
    expect(clustersOf(fromMicro.report)).toEqual(clustersOf(fromIso.report));
    // The clusters are dated when the events happened, not in 1970.
    expect(inferred.report.clusters[0].firstSeen).toBe(fromIso.report.clusters[0].firstSeen);
    expect(inferred.report.clusters[0].firstSeen!.slice(0, 4)).toBe(new Date(evs[0].ts).toISOString().slice(0, 4));

    expect(inferred.r.stderr).toMatch(/numeric ts read as Unix seconds \(inferred/);
    expect(fromMicro.r.stderr).toMatch(/numeric ts read as epoch microseconds \(inferred/);
    expect(stated.r.stderr).not.toMatch(/inferred/);
    expect(stated.report.stats.tsUnit).toEqual({ inferred: false, counts: { s: evs.length } });
    expect(fromIso.r.stderr).not.toMatch(/numeric ts/);
    expect(fromIso.report.stats.tsUnit).toBeUndefined();
  });

  it.each([
    ['1970 (Unix seconds read right, but 1970)', (i: number) => 1_700_000 + i * 60],
    ['2099 (ISO)', (i: number) => new Date(Date.UTC(2099, 0, 1) + i * 60_000).toISOString()],
  ])('a file of %s timestamps is refused: exit 3, one clear message, no report', async (name, ts) => {
    const f = join(dir, `${name.slice(0, 4)}.ndjson`);
    writeFileSync(f, Array.from({ length: 50 }, (_, i) => JSON.stringify({ account: `a${i % 5}`, action: 'share', target: `t${i % 3}`, ts: ts(i) })).join('\n') + '\n');
    const out = join(dir, `${name.slice(0, 4)}-report.json`);
    const r = await lockstep(['scan', f, '--out', out]);
    expect(r.code, r.stderr).toBe(3);
    expect(r.stderr).toMatch(/refused: 50 of 50 records \(100%\) have times outside the plausible range/);
    expect(r.stderr).toMatch(/2000-01-01 to \d{4}-\d\d-\d\d/);
    expect(r.stderr).toContain('--allow-any-time');
    expect(r.stderr).toContain(`${f}:1`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(out)).toBe(false);
    // Allowed, the same file scans.
    const allowed = await lockstep(['scan', f, '--out', out, '--allow-any-time']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(readReport(out).stats).toMatchObject({ read: 50, events: 50, rejected: 0 });
  });

  it('a few implausible times among good ones are rejects (counted, listed by reason), not a refusal', async () => {
    const f = join(dir, 'few-bad-times.ndjson');
    const lines = Array.from({ length: 20 }, (_, i) => JSON.stringify({ account: `a${i % 5}`, action: 'share', target: `t${i % 3}`, ts: 1_709_251_200 + i }));
    lines[4] = JSON.stringify({ account: 'z', action: 'share', target: 't', ts: 0 });
    writeFileSync(f, lines.join('\n') + '\n');
    const r = await lockstep(['scan', f, '--compact']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.stats).toMatchObject({ read: 20, events: 19, rejected: 1 });
    expect(report.rejects![0]).toMatchObject({ line: 5 });
    expect(report.rejects![0].reason).toMatch(/outside the plausible range .*got 0 read as Unix seconds \(inferred from its size\) = 1970-01-01T00:00:00.000Z/);
    expect(r.stderr).toMatch(/rejects by reason/);
    expect(r.stderr).toMatch(/1 × field "ts" is outside the plausible range/);
  });
});

describe('mostly rejected input', () => {
  it('a file with every record rejected exits 4 with the top reasons and their counts on stderr', async () => {
    const f = join(dir, 'all-bad.ndjson');
    const lines = [
      ...Array.from({ length: 7 }, (_, i) => JSON.stringify({ account: `a${i}`, action: 'share', ts: '2024-03-01T00:00:00Z' })), // no target
      ...Array.from({ length: 3 }, (_, i) => JSON.stringify({ account: `b${i}`, action: 'like', target: 't', ts: 'yesterday' })),
      'not json',
    ];
    writeFileSync(f, lines.join('\n') + '\n');
    const out = join(dir, 'all-bad.json');
    const r = await lockstep(['scan', f, '--out', out]);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/refused: 11 of 11 records \(100%\) were rejected/);
    const reasons = r.stderr.split('\n').filter((l) => l.includes(' × '));
    expect(reasons[0]).toMatch(/^ {2}7 × missing field "target" \(required for action "share"\) \(first at .*all-bad\.ndjson:1\)/);
    expect(reasons[1]).toMatch(/^ {2}3 × field "ts" must be .* \(first at .*:8, got "yesterday"\)/);
    expect(reasons[2]).toMatch(/^ {2}1 × invalid JSON/);
    expect(existsSync(out)).toBe(false);
    // --max-rejected 1 never refuses: the (empty) scan goes through.
    const lenient = await lockstep(['scan', f, '--max-rejected', '1', '--quiet']);
    expect(lenient.code, lenient.stderr).toBe(0);
    expect((JSON.parse(lenient.stdout) as Report).stats).toMatchObject({ read: 11, rejected: 11, events: 0 });
  });

  it('just over half rejected is refused; exactly half is not (the rule: more than --max-rejected, default 0.5)', async () => {
    const make = (bad: number, good: number) => {
      const f = join(dir, `half-${bad}-${good}.ndjson`);
      const lines = [
        ...Array.from({ length: good }, (_, i) => JSON.stringify({ account: `a${i}`, action: 'post', ts: '2024-03-01T00:00:00Z' })),
        ...Array.from({ length: bad }, () => '{}'),
      ];
      writeFileSync(f, lines.join('\n') + '\n');
      return f;
    };
    expect((await lockstep(['scan', make(5, 5), '-q'])).code).toBe(0);
    expect((await lockstep(['scan', make(6, 5), '-q'])).code).toBe(4);
  });
});

describe('CSV layout', () => {
  it("a CRLF CSV's rejects carry the right line numbers (quoted CRLF, blank lines and LF lines mixed in)", async () => {
    const rows = [
      'id,account,action,target,ts,text', // 1
      'e1,alice,share,p1,2024-03-01T00:00:00Z,ok', // 2
      'e2,bob,share,,2024-03-01T00:00:00Z,no target', // 3: reject
      'e3,carol,share,p1,2024-03-01T00:00:00Z,"two\r\nlines"', // 4-5
      'e4,dan,share,p1,yesterday,bad time', // 6: reject
      '', // 7
      'e5,erin,share,p1,2024-03-01T00:00:00Z,ok', // 8
      'e6,fay,share,p1', // 9: reject (too few cells)
    ];
    // CRLF everywhere, except an LF-only line ending after line 8 (Excel output edited elsewhere).
    const text = rows.slice(0, 7).join('\r\n') + '\n' + rows[7] + '\r\n' + 'e7,gus,share,,2024-03-01T00:00:00Z,x\r\n'; // 10: reject
    const f = join(dir, 'crlf.csv');
    writeFileSync(f, text);
    const rejectsFile = join(dir, 'crlf-rejects.ndjson');
    const r = await lockstep(['scan', f, '--rejects', rejectsFile, '--quiet', '--max-rejected', '1']);
    expect(r.code, r.stderr).toBe(0);
    const rejects = readFileSync(rejectsFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { line: number; reason: string });
    expect(rejects.map((x) => x.line)).toEqual([3, 6, 9, 10]);
    expect(rejects[0].reason).toMatch(/target/);
    expect(rejects[1].reason).toMatch(/ts/);
    expect(rejects[2].reason).toMatch(/columns/);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.stats).toMatchObject({ read: 7, events: 3, rejected: 4 });
  });

  it('a --map naming a column the header lacks is refused before reading: exit 1, the missing column and close matches named', async () => {
    const f = join(dir, 'export.csv');
    writeFileSync(f, 'tweet_id,user_id,kind,object_id,created_at\n1,u1,share,p1,1709251200\n');
    const r = await lockstep(['scan', f, '--map', 'account=userid,ts=created_at,target=object_id,action=kind']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('--map account=userid: no column "userid"; did you mean account=user_id?');
    expect(r.stderr).toContain('Columns: tweet_id, user_id, kind, object_id, created_at');
    const unmapped = await lockstep(['scan', f]);
    expect(unmapped.code).toBe(1);
    expect(unmapped.stderr).toMatch(/no column "account" for the required field account; did you mean account=user_id\?/);
    expect(unmapped.stderr).toMatch(/no column "ts" .*did you mean ts=created_at\?/);
    const fixed = await lockstep(['scan', f, '--map', 'account=user_id,ts=created_at,target=object_id,action=kind,id=tweet_id', '--quiet']);
    expect(fixed.code, fixed.stderr).toBe(0);
  });
});

describe('other CLI corners', () => {
  it('--version prints the package version', async () => {
    const r = await lockstep(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('with --from/--to, stats.events counts the events scanned and outsideRange the rest', async () => {
    const f = join(dir, 'range.ndjson');
    const t0 = Date.parse('2024-03-01T00:00:00Z');
    writeFileSync(f, Array.from({ length: 10 }, (_, i) => JSON.stringify({ account: `a${i}`, action: 'post', ts: t0 + i * 3_600_000 })).join('\n') + '\n');
    const r = await lockstep(['scan', f, '--from', '2024-03-01T02:00:00Z', '--to', '2024-03-01T05:00:00Z', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.stats).toMatchObject({ read: 10, events: 4, accounts: 4, outsideRange: 6, rejected: 0, duplicates: 0 });
    const said = await lockstep(['scan', f, '--from', '2024-03-01T02:00:00Z', '--to', '2024-03-01T05:00:00Z']);
    expect(said.stderr).toMatch(/10 records read: 4 events, 0 rejected, 0 duplicates, 6 outside --from\/--to; 4 accounts\./);

    // A range that misses every event is refused (exit 4, no report), saying where the events are.
    const out = join(dir, 'range-miss.json');
    const miss = await lockstep(['scan', f, '--from', '2024-03-02', '--to', '2024-03-03', '--out', out]);
    expect(miss.code, miss.stderr).toBe(4);
    expect(miss.stderr).toContain("refused: none of the 10 valid events is inside --from/--to: the input's events span 2024-03-01T00:00:00.000Z to 2024-03-01T09:00:00.000Z");
    expect(existsSync(out)).toBe(false);
    const allowed = await lockstep(['scan', f, '--from', '2024-03-02', '--to', '2024-03-03', '--out', out, '--allow-empty', '-q']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(readReport(out).stats).toMatchObject({ read: 10, events: 0, outsideRange: 10 });
  });
});

describe('an empty input, and the commands around scan', () => {
  it('an input with no records is refused (exit 4, no report) unless --allow-empty, in every format', async () => {
    const cases: [string, string][] = [
      ['empty.ndjson', ''],
      ['blank.ndjson', '\n\n  \n'],
      ['header.csv', 'account,action,target,ts\n'],
      ['empty-array.json', '[]'],
    ];
    for (const [name, content] of cases) {
      const f = join(dir, name);
      writeFileSync(f, content);
      const out = join(dir, `${name}.report.json`);
      const r = await lockstep(['scan', f, '--out', out]);
      expect(r.code, `${name}: ${r.stderr}`).toBe(4);
      expect(r.stderr).toMatch(/refused: no records were read .*--allow-empty/);
      expect(existsSync(out)).toBe(false);
      const allowed = await lockstep(['scan', f, '--out', out, '--allow-empty', '-q']);
      expect(allowed.code, `${name}: ${allowed.stderr}`).toBe(0);
      expect(readReport(out)).toMatchObject({ stats: { read: 0, events: 0 }, clusters: [] });
    }
  });

  it('daily judges the day as scan does, before storing anything: refused days store and scan nothing', async () => {
    const store = join(dir, 'daily-store');
    const good = join(dir, 'daily-good.ndjson');
    const day = new Date(evs[0].ts).toISOString().slice(0, 10);
    writeFileSync(good, evs.filter((e) => new Date(e.ts).toISOString().startsWith(day)).map((e) => JSON.stringify(e)).join('\n') + '\n');
    const first = await lockstep(['daily', '--store', store, '--day', day, good]);
    expect(first.code, first.stderr).toBe(10); // the day's campaigns are new operations
    const stored = readFileSync(join(store, 'events.ndjson'), 'utf8');

    // A day file of 1970 times (a wrong unit): exit 3 with scan's message; nothing stored, no scan saved.
    const wrongUnit = join(dir, 'daily-1970.ndjson');
    writeFileSync(wrongUnit, Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `w${i}`, account: `a${i % 5}`, action: 'share', target: `t${i % 3}`, ts: 1_700_000 + i })).join('\n') + '\n');
    const next = new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
    const refused = await lockstep(['daily', '--store', store, '--day', next, wrongUnit]);
    expect(refused.code, refused.stderr).toBe(3);
    expect(refused.stderr).toMatch(/refused: 40 of 40 records \(100%\) have times outside the plausible range/);
    expect(refused.stderr).not.toMatch(/lockstep daily /); // no summary line: the run did not happen
    expect(readFileSync(join(store, 'events.ndjson'), 'utf8')).toBe(stored);
    expect(existsSync(join(store, 'scans', `daily-${next}.json`))).toBe(false);

    // An empty day file: exit 4 (as JSON with --log-format json), or a run with --allow-empty.
    const empty = join(dir, 'daily-empty.ndjson');
    writeFileSync(empty, '');
    const json = await lockstep(['daily', '--store', store, '--day', next, empty, '--log-format', 'json']);
    expect(json.code, json.stderr).toBe(4);
    expect(JSON.parse(json.stderr.trim())).toMatchObject({ level: 'error', day: next, msg: expect.stringMatching(/^refused: no records were read/) });
    const allowed = await lockstep(['daily', '--store', store, '--day', next, empty, '--allow-empty']);
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stderr).toMatch(new RegExp(`lockstep daily ${next}: ingested 0 events`));

    // What was read is said: in text logs before the summary line, in JSON logs inside it.
    const seconds = join(dir, 'daily-seconds.ndjson');
    writeFileSync(seconds, [...Array.from({ length: 9 }, (_, i) => JSON.stringify({ id: `s${i}`, account: `a${i % 3}`, action: 'share', target: 't', ts: Math.floor(Date.parse(next) / 1000) + 60 * i })), 'not json'].join('\n') + '\n');
    const text = await lockstep(['daily', '--store', store, '--day', next, seconds]);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^lockstep: numeric ts read as Unix seconds \(inferred/);
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}1 × invalid JSON/));
    expect(lines.at(-1)).toMatch(new RegExp(`^lockstep daily ${next}: ingested 9 events \\(0 duplicates, 1 rejected\\)`));
    const logged = await lockstep(['daily', '--store', store, '--day', next, seconds, '--log-format', 'json']);
    expect(logged.code, logged.stderr).toBe(0);
    expect(logged.stderr.trim().split('\n')).toHaveLength(1);
    const summary = JSON.parse(logged.stderr) as { notes: string[]; ingested: { rejected: number } };
    expect(summary.ingested.rejected).toBe(1);
    expect(summary.notes[0]).toMatch(/^numeric ts read as Unix seconds/);
    expect(summary.notes).toContainEqual(expect.stringMatching(/1 × invalid JSON/));
  });

  it('export refuses a mostly rejected or empty input as scan does, and writes nothing', async () => {
    const bad = join(dir, 'export-1970.ndjson');
    writeFileSync(bad, Array.from({ length: 30 }, (_, i) => JSON.stringify({ account: `a${i % 5}`, action: 'share', target: `t${i % 3}`, ts: 1_700_000 + i })).join('\n') + '\n');
    for (const format of ['coortweet', 'csv']) {
      const out = join(dir, `export-1970.${format}.out`);
      const r = await lockstep(['export', bad, '--format', format, '--out', out]);
      expect(r.code, `${format}: ${r.stderr}`).toBe(3);
      expect(r.stderr).toMatch(/refused: 30 of 30 records/);
      expect(existsSync(out)).toBe(false);
    }
    const empty = join(dir, 'export-empty.ndjson');
    writeFileSync(empty, '');
    const r = await lockstep(['export', empty, '--format', 'coortweet']);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stdout).toBe('');
  });
});
