import { describe, expect, it } from 'vitest';
import { loadIra } from '../../scripts/eval/ira.js';
import { lockstepAccounts } from '../../scripts/eval/metrics.js';
import { events, generate, prepare } from '../../scripts/generator/index.js';
import { tableFromEvents } from '../../src/ingest/table.js';
import { scanTable } from '../../src/pipeline.js';
import type { Report } from '../../src/report/types.js';

const flaggedAccounts = (r: Report) => new Set(r.clusters.flatMap((c) => c.members));

describe('null model: population for a platform day, independent for a slice of suspects', () => {
  it('auto keeps the population null on a generated platform day (mixed, seed 31)', async () => {
    const { world } = generate({ scenario: 'mixed', seed: 31, events: 100_000 });
    const report = await scanTable(tableFromEvents(events(world.store, prepare(world.store, 'time', 31))));
    expect(report.stats.nullModel?.used).toBe('population');
    expect(report.stats.nullModel?.populationFlaggedShare).toBeLessThan(0.2);
  });

  it('auto switches to the independent null on the IRA slice (all trolls), and it flags what the population null cannot', async () => {
    const ira = await loadIra();
    if (!ira) throw new Error('IRA data not found under the shared directory: set LOCKSTEP_SHARED_DIR');
    const table = tableFromEvents(ira.events);
    const auto = await scanTable(table);
    const population = await scanTable(table, { nullModel: 'population' });
    expect(auto.stats.nullModel?.used).toBe('independent');
    expect(auto.stats.nullModel?.populationFlaggedShare).toBeGreaterThanOrEqual(0.2);
    expect(population.stats.nullModel).toEqual({ used: 'population', populationFlaggedShare: auto.stats.nullModel?.populationFlaggedShare });
    const shares = ira.events.filter((e) => e.action === 'share' && e.target !== undefined).map((e) => ({ account: e.account, target: e.target!, ts: e.ts }));
    const lock = [...lockstepAccounts(shares, 60, 2)];
    const covered = (r: Report) => lock.filter((a) => flaggedAccounts(r).has(a)).length / lock.length;
    expect(covered(auto)).toBeGreaterThan(covered(population) + 0.2);
    // Clusters still keep the operators' categories apart.
    for (const c of auto.clusters) {
      const counts = new Map<string, number>();
      for (const m of c.members) counts.set(ira.labels[m], (counts.get(ira.labels[m]) ?? 0) + 1);
      expect(Math.max(...counts.values()) / c.members.length, c.id).toBeGreaterThanOrEqual(0.8);
    }
  });
});
