import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDir } from '../../scripts/eval/ira.js';
import { buildNullContext, clusterTiming } from '../../src/detect/cluster-test.js';
import { DEFAULT_PARAMS } from '../../src/detect/params.js';
import { groupRng } from '../../src/detect/rings.js';
import { clusterVerdict } from '../../src/detect/score.js';
import { inProcess } from '../../src/engine/in-process.js';
import { ingestSources } from '../../src/ingest/ingest.js';
import { scanTable } from '../../src/pipeline.js';

const P = DEFAULT_PARAMS;

describe('Twitter15/16 (real, mostly organic retweet cascades)', () => {
  it('flags at most 0.3% of accounts, and every flag stands by itself: its members, tested alone, score half the threshold or more', async () => {
    const path = join(sharedDir(), 'data', 'twitter15-16', 'events.ndjson.gz');
    if (!existsSync(path)) throw new Error(`Twitter15/16 not found at ${path}: set LOCKSTEP_SHARED_DIR`);
    const { table } = await ingestSources([path]);
    const report = await scanTable(table);
    expect(report.stats.regime?.used).toBe('population');
    expect(report.stats.flaggedAccounts! / report.stats.accounts!).toBeLessThanOrEqual(0.003);
    expect(report.clusters.length).toBeGreaterThan(0); // the automation clusters (README)
    // A community of 1,991 scores 1.0 on pairs retweeting at the millisecond of dozens of others; its
    // core, picked for being in those pairs, was reported as "8 accounts … within < 1 s" though it
    // scores 0.12 alone. Each flag is retested here on its members only, against the scan's tests.
    const heavy = await inProcess(table, { ...P });
    const ctx = buildNullContext(table, heavy.groups, heavy.weights, {}, heavy.text.specificLengths);
    const index = new Map(table.accountNames.map((n, i) => [n, i]));
    const paceLimit = P.window * Math.max(...P.scales);
    for (const c of report.clusters) {
      const members = c.members.map((m) => index.get(m)!).sort((a, b) => a - b);
      const t = clusterTiming(ctx, members, groupRng(P.seed, table.accountNames, members), { window: P.window, draws: P.nullDraws, regime: 'population' });
      expect(clusterVerdict(t, report.stats.communities!, paceLimit).score, `${c.id}: ${c.summary}`).toBeGreaterThanOrEqual(0.5 * P.threshold);
    }
  }, 180_000);
});
