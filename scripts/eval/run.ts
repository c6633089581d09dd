import type { EventTable } from '../../src/ingest/table.js';
import { tableFromEvents } from '../../src/ingest/table.js';
import type { ScanParams } from '../../src/detect/params.js';
import { CLEAN_EXPORT, drawExport, events, exportedTruth, generate, prepare, SIZES, type BenchScenario, type ExportQuirks, type Order, type SizeName } from '../generator/index.js';
import type { ScenarioConfig } from '../generator/scenarios.js';
import { baselineClusters } from './baseline.js';
import { scoreAccounts, type AccountScores, type ClusterLike } from './metrics.js';

/** A flagged cluster as the harness sees it; the report's score and summary when the detector has them. */
export interface FlaggedCluster extends ClusterLike {
  score?: number;
  summary?: string;
}

/** A detector under evaluation: a table in, flagged clusters out. */
export type Detector = (t: EventTable) => Promise<FlaggedCluster[]>;

export function lockstepDetector(params: Partial<ScanParams>): Detector {
  return async (t) => {
    // Imported lazily so the harness still loads while the pipeline is being written.
    const { scanTable } = await import('../../src/pipeline.js');
    // The calibration reads each flag's claim (statistics.expectedFalse) next to its members.
    return (await scanTable(t, params)).clusters.map((c) => ({ ...c, expectedFalse: c.statistics?.expectedFalse }));
  };
}

export const baselineDetector = (params: Partial<ScanParams>): Detector => async (t) =>
  baselineClusters(t, { windowS: params.window, minClusterSize: params.minClusterSize });

/** One benchmark world: a family, a size and a seed, rendered under per-seed export quirks. */
export interface Case {
  scenario: BenchScenario;
  size: SizeName;
  seed: number;
  /** Quirks pinned on the command line; the rest are drawn per seed, scenario and size. */
  quirks?: Partial<ExportQuirks>;
  order?: Order;
  /**
   * The fixed preset of the family instead (scenarios.ts: one setting per scenario, `events`
   * events, clean export): the benchmark before domain randomisation, kept for comparison.
   */
  fixed?: { events?: number };
  /** A behaviour the benchmark does not draw, switched on to probe one reading (PROBES). */
  probe?: Probe;
}

/**
 * Probes: organic behaviour outside the benchmark's draws, for measuring whether a rule leans on
 * something the generator always does. quotes-unshared: news readers who quote a headline do not
 * share the story (the commentary rule of the copying reading looks for that share).
 * headlines-pasted: the same readers paste the headline without quotation marks (texts are
 * compared without their quotations, src/graph/quotations.ts). shapes: every look-alike's reaction
 * delays and every campaign's pushes take a shape drawn per group (log-normal or uniform as
 * drawn, or Weibull, log-logistic; front-loaded, bell-shaped) at the same median and central 80%
 * width (scripts/generator/prng.ts): whether precision and recall lean on the shapes the benchmark
 * draws, as another generator's would differ.
 */
export const PROBES = ['quotes-unshared', 'headlines-pasted', 'shapes'] as const;
export type Probe = (typeof PROBES)[number];

/** The generator tweak that switches a probe on (none without one). */
export const probeTweak = (p: Probe | undefined) =>
  p === undefined
    ? undefined
    : p === 'shapes'
      ? (cfg: ScenarioConfig): ScenarioConfig => ({ ...cfg, shapes: true })
      : (cfg: ScenarioConfig): ScenarioConfig => ({ ...cfg, news: { ...cfg.news, quotesUnshared: true, quotesPasted: p === 'headlines-pasted' } });

export interface RunResult {
  scenario: BenchScenario;
  size: SizeName;
  seed: number;
  events: number;
  accounts: number;
  quirks: ExportQuirks;
  scores?: AccountScores;
  clusters?: number;
  error?: string;
  seconds: { generate: number; detect: number };
}

export const caseQuirks = (c: Case): ExportQuirks => drawExport(c.seed, c.quirks, `${c.scenario}:${c.size}`);

export async function evaluate(c: Case, detect: Detector): Promise<RunResult> {
  const t0 = performance.now();
  const quirks = c.fixed ? { ...CLEAN_EXPORT, ...c.quirks } : caseQuirks(c);
  const { world, truth } = c.fixed
    ? generate({ scenario: c.scenario, seed: c.seed, events: c.fixed.events })
    : generate({ scenario: c.scenario, seed: c.seed, randomised: true, accounts: SIZES[c.size], tweak: probeTweak(c.probe) });
  const rd = prepare(world.store, c.order ?? 'time', c.seed, quirks);
  const table = tableFromEvents(events(world.store, rd));
  const shown = exportedTruth(truth, world.store, rd);
  const t1 = performance.now();
  const base = { scenario: c.scenario, size: c.size, seed: c.seed, events: table.size, accounts: Object.keys(shown.roles).length, quirks };
  try {
    const clusters = await detect(table);
    const t2 = performance.now();
    return { ...base, scores: scoreAccounts(clusters, shown), clusters: clusters.length, seconds: { generate: (t1 - t0) / 1000, detect: (t2 - t1) / 1000 } };
  } catch (err) {
    return { ...base, error: err instanceof Error ? err.message : String(err), seconds: { generate: (t1 - t0) / 1000, detect: (performance.now() - t1) / 1000 } };
  }
}
