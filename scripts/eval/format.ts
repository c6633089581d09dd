import { median, TIMING_REACH_S, type AccountScores } from './metrics.js';
import type { RunResult } from './run.js';

/** Plain-text and markdown rendering of benchmark results: the median and the worst seed. */

/** Percentages; below 1% with two decimals, since the bars there are tenths of a percent. */
export const pct = (x: number): string => (Number.isNaN(x) ? '–' : (100 * x).toFixed(x !== 0 && Math.abs(x) < 0.01 ? 2 : 1) + '%');
export const num = (x: number, d = 3): string => (Number.isNaN(x) ? '–' : x.toFixed(d));

export const METRICS = ['f1', 'precision', 'recall', 'organicFpr', 'newsFpr', 'fanFpr', 'flaggedShare'] as const;
export type Metric = (typeof METRICS)[number];
type Row = Record<Metric, number>;

export interface Summary {
  scenario: string;
  size: string;
  seeds: number;
  failed: number;
  median: Row;
  /** The seed a detector does worst on: lowest F1; without campaigns, the most accounts flagged. */
  worst?: { seed: number; row: Row; quirks: string };
  /** Per campaign kind: median and lowest recall over seeds. */
  recallByKind: Record<string, { median: number; min: number }>;
  /** Median number of flagged clusters a found campaign of that kind was split into. */
  splitByKind: Record<string, number>;
  /**
   * The F1 reachable without flagging look-alikes (AccountScores.ceilingF1): median and lowest over
   * seeds, with the lowest seed. A bar above the lowest is out of any such detector's reach.
   */
  ceiling: { median: number; lowest: number; seed?: number; reachRecall: number };
  /** False clusters per scan (median, most) and the most any scan's flags claimed (Σ expectedFalse). */
  calibration: { falseMedian: number; falseMost: number; claimedMost: number };
}

/** A seed's figures; precision means nothing in a world without campaigns (shown as –). */
const rowOf = (s: AccountScores): Row => {
  const row = Object.fromEntries(METRICS.map((m) => [m, s[m]])) as Row;
  if (s.positives === 0) row.precision = NaN;
  // Campaigns there and none found: F1 is 0, not undefined.
  else if (Number.isNaN(row.f1)) row.f1 = 0;
  return row;
};

/** `stimulus/targets/resolution`, the export a run was rendered with. */
export const quirksLabel = (r: RunResult): string => `${r.quirks.stimulus}/${r.quirks.targets}/${r.quirks.resolution}`;

/** Lower is worse: F1 where there are campaigns (undefined F1 counts as 0), else minus the flagged share. */
export function badness(s: AccountScores): number {
  if (s.positives === 0) return -s.flaggedShare;
  return Number.isNaN(s.f1) ? 0 : s.f1;
}

export function summarise(scenario: string, size: string, runs: RunResult[]): Summary {
  const ok = runs.filter((r): r is RunResult & { scores: AccountScores } => !!r.scores);
  const rows = ok.map((r) => rowOf(r.scores));
  const med = Object.fromEntries(METRICS.map((m) => [m, median(rows.map((r) => r[m]))])) as Row;
  const worst = ok.slice().sort((a, b) => badness(a.scores) - badness(b.scores) || a.seed - b.seed)[0];
  const kinds = [...new Set(ok.flatMap((r) => Object.keys(r.scores.recallByKind)))].sort();
  const lowest = ok.filter((r) => !Number.isNaN(r.scores.ceilingF1)).sort((a, b) => a.scores.ceilingF1 - b.scores.ceilingF1 || a.seed - b.seed)[0];
  const recalls = (k: string) => ok.map((r) => r.scores.recallByKind[k]).filter((x) => x !== undefined && !Number.isNaN(x));
  return {
    scenario, size, seeds: runs.length, failed: runs.length - ok.length, median: med,
    worst: worst && { seed: worst.seed, row: rowOf(worst.scores), quirks: quirksLabel(worst) },
    recallByKind: Object.fromEntries(kinds.map((k) => [k, { median: median(recalls(k)), min: Math.min(...recalls(k)) }])),
    ceiling: { median: median(ok.map((r) => r.scores.ceilingF1)), lowest: lowest ? lowest.scores.ceilingF1 : NaN, seed: lowest?.seed, reachRecall: median(ok.map((r) => r.scores.reachRecall)) },
    splitByKind: Object.fromEntries(kinds.map((k) => [k, median(ok.flatMap((r) => r.scores.perCampaign.filter((c) => c.kind === k && c.clusters > 0).map((c) => c.clusters)))])),
    calibration: {
      falseMedian: median(ok.map((r) => r.scores.falseClusters)),
      falseMost: ok.length ? Math.max(...ok.map((r) => r.scores.falseClusters)) : NaN,
      claimedMost: ok.some((r) => !Number.isNaN(r.scores.claimedFalse)) ? Math.max(...ok.map((r) => r.scores.claimedFalse).filter((x) => !Number.isNaN(x))) : NaN,
    },
  };
}

/** Expected false flags, tiny or not: "2e-7", "0.3". */
const claim = (x: number): string => (Number.isNaN(x) ? '–' : x === 0 ? '0' : x < 0.01 ? x.toExponential(0) : x.toPrecision(2));

export function calibrationLine(s: Summary): string {
  const c = s.calibration;
  return `false clusters per scan: median ${num(c.falseMedian, 1)}, most ${c.falseMost}; the flags claimed at most ${claim(c.claimedMost)} (Σ expectedFalse)`;
}

/** Calibration table: false clusters per scan against what the flags claimed. */
export function calibrationMarkdown(detector: string, rows: Summary[]): string {
  return [
    '| scenario | size | detector | false clusters per scan: median / most | claimed (Σ expectedFalse), most in a scan |',
    '|---|---|---|---|---|',
    ...rows.map((s) => `| ${s.scenario} | ${s.size} | ${detector} | ${num(s.calibration.falseMedian, 1)} / ${s.calibration.falseMost} | ${claim(s.calibration.claimedMost)} |`),
  ].join('\n');
}

/** "F1 ceiling …": what finding every member within timing's reach (and text kinds) would score. */
export function ceilingLine(s: Summary): string {
  return `F1 ceiling (every member found but of pushes over ${TIMING_REACH_S / 60} min): median ${num(s.ceiling.median)}, lowest ${num(s.ceiling.lowest)}${s.ceiling.seed === undefined ? '' : ` (seed ${s.ceiling.seed})`}; recall of the members within reach: median ${num(s.ceiling.reachRecall)}`;
}

export function scoreLine(s: Pick<AccountScores, 'precision' | 'recall' | 'f1' | 'organicFpr' | 'newsFpr' | 'fanFpr' | 'flaggedShare'>): string {
  return `F1 ${num(s.f1)}  P ${num(s.precision)}  R ${num(s.recall)}  organic FPR ${pct(s.organicFpr)}  crowd FPR ${pct(s.newsFpr)}  fan FPR ${pct(s.fanFpr)}  flagged ${pct(s.flaggedShare)}`;
}

export function kindsLine(s: Summary): string {
  return Object.entries(s.recallByKind)
    .map(([k, v]) => `${k} ${num(v.median, 2)}${v.min < v.median ? ` (min ${num(v.min, 2)})` : ''}${Number.isNaN(s.splitByKind[k]) || s.splitByKind[k] === 1 ? '' : ` ÷${s.splitByKind[k]}`}`)
    .join(', ');
}

const cell = (m: Metric, x: number) => (m === 'f1' || m === 'precision' || m === 'recall' ? num(x) : pct(x));
/** "median / worst" for one metric. */
const pair = (s: Summary, m: Metric) => `${cell(m, s.median[m])} / ${s.worst ? cell(m, s.worst.row[m]) : '–'}`;

export function markdown(detector: string, rows: Summary[]): string {
  const head = [
    '| scenario | size | detector | F1 | F1 ceiling: median / lowest | precision | recall | organic FPR | crowd FPR | fan FPR | flagged | worst seed (export) | recall by kind: median (lowest) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const body = rows.map((s) =>
    `| ${s.scenario} | ${s.size} | ${detector} | ${pair(s, 'f1')} | ${num(s.ceiling.median)} / ${num(s.ceiling.lowest)} | ${pair(s, 'precision')} | ${pair(s, 'recall')} | ${pair(s, 'organicFpr')} | ${pair(s, 'newsFpr')} | ${pair(s, 'fanFpr')} | ${pair(s, 'flaggedShare')} | ${s.worst ? `${s.worst.seed} (${s.worst.quirks})` : '–'} | ${kindsLine(s) || '–'} |`);
  return [...head, ...body].join('\n');
}

/** One row of the real-data table: a data set, what is measured, and the figure. */
export interface RealRow {
  set: string;
  measure: string;
  value: string;
}

export function realMarkdown(detector: string, rows: RealRow[]): string {
  return ['| real data | detector | measure | result |', '|---|---|---|---|', ...rows.map((r) => `| ${r.set} | ${detector} | ${r.measure} | ${r.value} |`)].join('\n');
}
