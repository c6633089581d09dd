import type { EventTable } from '../../src/ingest/table.js';
import { tableFromEvents } from '../../src/ingest/table.js';
import type { ScanParams } from '../../src/detect/params.js';
import { events, generate, prepare, type Order, type ScenarioName, type Truth } from '../generator/index.js';
import { baselineClusters } from './baseline.js';
import { scoreAccounts, type AccountScores, type ClusterLike } from './metrics.js';

/** A detector under evaluation: a table in, flagged clusters out. */
export type Detector = (t: EventTable) => Promise<ClusterLike[]>;

export function lockstepDetector(params: Partial<ScanParams>): Detector {
  return async (t) => {
    // Imported lazily so the harness still loads while the pipeline is being written.
    const { scanTable } = await import('../../src/pipeline.js');
    return (await scanTable(t, params)).clusters;
  };
}

export const baselineDetector = (params: Partial<ScanParams>): Detector => async (t) =>
  baselineClusters(t, { windowS: params.window, minClusterSize: params.minClusterSize });

export interface RunResult {
  scenario: ScenarioName;
  seed: number;
  events: number;
  scores?: AccountScores;
  clusters?: number;
  error?: string;
  seconds: { generate: number; detect: number };
}

export async function evaluate(scenario: ScenarioName, seed: number, n: number | undefined, detect: Detector, order: Order = 'time'): Promise<RunResult> {
  const t0 = performance.now();
  const { world, truth } = generate({ scenario, seed, events: n });
  const table = tableFromEvents(events(world.store, prepare(world.store, order, seed)));
  const t1 = performance.now();
  try {
    const clusters = await detect(table);
    const t2 = performance.now();
    return { scenario, seed, events: table.size, scores: scoreAccounts(clusters, truth as Truth), clusters: clusters.length, seconds: { generate: (t1 - t0) / 1000, detect: (t2 - t1) / 1000 } };
  } catch (err) {
    return { scenario, seed, events: table.size, error: err instanceof Error ? err.message : String(err), seconds: { generate: (t1 - t0) / 1000, detect: (performance.now() - t1) / 1000 } };
  }
}
