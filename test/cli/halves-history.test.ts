/**
 * `lockstep scan --history` on the two halves of one generated day, in turn: campaigns acting in both
 * halves keep their operationId, a campaign acting only in the second half is new. Seed 303 is the
 * development seed (a slow campaign and a cell there, caught in different subsets per half, set the
 * overlap threshold at 30%); seed 606 is held back: run only once the thresholds were fixed.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/types.js';
import { clusterOf, found } from '../support/campaigns.js';
import { ensureBuilt, lockstep } from '../support/cli.js';
import { DAY, generateWorld, onlyBetween, writeHalves, type Campaign } from '../support/multi-day.js';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'lockstep-halves-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Everyone lives in UTC+2 or UTC+3, so operators' office hours (9-19 local) straddle noon UTC and
// campaigns push in both halves; with the default worldwide mix most pushes fall in one half.
const TZ = [[2, 0.5], [3, 0.5]] as const;

describe.each([
  { seed: 303, label: 'development seed' },
  { seed: 606, label: 'held-back seed' },
])('two halves of one day, one history ($label $seed)', ({ seed }) => {
  let both: Campaign[];
  let late: Campaign;
  const reports: Report[] = [];

  beforeAll(async () => {
    const here = join(dir, `seed-${seed}`);
    mkdirSync(here);
    const w = generateWorld({ seed, events: 150_000, days: 1, tz: TZ });
    // The late campaign: one detection finds in the unmodified second half.
    const plainSecond = writeHalves(here, w, w.all, 'plain-')[1];
    const scanned = await lockstep(['scan', plainSecond, '--compact', '-q']);
    expect(scanned.code, scanned.stderr).toBe(0);
    late = found(JSON.parse(scanned.stdout) as Report, w.truth.campaigns, ['amplification', 'botfarm', 'report_brigade'])[0];
    expect(late, 'a campaign detection finds in the second half').toBeDefined();
    const files = writeHalves(here, w, onlyBetween(w.all, late, w.start + DAY / 2, w.start + DAY));
    both = w.truth.campaigns.filter((c) => c !== late);
    for (const [i, file] of files.entries()) {
      const out = join(here, `half-${i + 1}.json`);
      const r = await lockstep(['scan', file, '--history', join(here, 'history'), '--out', out, '-q']);
      expect(r.code, r.stderr).toBe(0);
      reports.push(JSON.parse(readFileSync(out, 'utf8')) as Report);
    }
  }, 300_000);

  it('at least 90% of the campaigns found in both halves keep their operationId', () => {
    // Half a day is thin evidence: detection finds a campaign in both halves only when it pushed
    // enough in each. Those are the ones the history can carry on, so they are the denominator.
    const inBoth = both.map((c) => ({ c, first: clusterOf(reports[0], c.members), second: clusterOf(reports[1], c.members) })).filter((x) => x.first && x.second);
    expect(inBoth.length).toBeGreaterThanOrEqual(2);
    const kept = inBoth.filter((x) => x.first!.operationId === x.second!.operationId);
    expect(kept.length / inBoth.length, inBoth.filter((x) => !kept.includes(x)).map((x) => x.c.id).join(', ')).toBeGreaterThanOrEqual(0.9);
    for (const x of kept) expect(x.second!.lineage!.status).not.toBe('new');
  });

  it('the campaign acting only in the second half is new, and listed so in changes', () => {
    expect(clusterOf(reports[0], late.members)).toBeUndefined();
    const cluster = clusterOf(reports[1], late.members);
    expect(cluster, `${late.id} found in the second half`).toBeDefined();
    expect(cluster!.lineage).toEqual({ status: 'new', previous: [] });
    expect(reports[1].changes!.new.map((n) => n.operationId)).toContain(cluster!.operationId);
  });
});
