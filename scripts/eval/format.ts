import { median, type AccountScores } from './metrics.js';
import type { RunResult } from './run.js';

/** Plain-text and markdown rendering of evaluation results (medians over seeds). */

export const pct = (x: number): string => (Number.isNaN(x) ? '–' : (100 * x).toFixed(1) + '%');
export const num = (x: number, d = 3): string => (Number.isNaN(x) ? '–' : x.toFixed(d));

export interface Summary {
  scenario: string;
  seeds: number;
  failed: number;
  precision: number;
  recall: number;
  f1: number;
  organicFpr: number;
  newsFpr: number;
  fanFpr: number;
  recallByKind: Record<string, number>;
  /** Median number of flagged clusters a campaign of that kind was split into (found campaigns only). */
  splitByKind: Record<string, number>;
}

export function summarise(scenario: string, runs: RunResult[]): Summary {
  const ok = runs.map((r) => r.scores).filter((s): s is AccountScores => !!s);
  const m = (f: (s: AccountScores) => number) => median(ok.map(f));
  const kinds = [...new Set(ok.flatMap((s) => Object.keys(s.recallByKind)))].sort();
  return {
    scenario, seeds: runs.length, failed: runs.length - ok.length,
    precision: m((s) => s.precision), recall: m((s) => s.recall), f1: m((s) => s.f1),
    organicFpr: m((s) => s.organicFpr), newsFpr: m((s) => s.newsFpr), fanFpr: m((s) => s.fanFpr),
    recallByKind: Object.fromEntries(kinds.map((k) => [k, median(ok.map((s) => s.recallByKind[k] ?? NaN))])),
    splitByKind: Object.fromEntries(kinds.map((k) => [k, median(ok.flatMap((s) => s.perCampaign.filter((c) => c.kind === k && c.clusters > 0).map((c) => c.clusters)))])),
  };
}

export function scoreLine(s: Pick<AccountScores, 'precision' | 'recall' | 'f1' | 'organicFpr' | 'newsFpr' | 'fanFpr'>): string {
  return `P ${num(s.precision)}  R ${num(s.recall)}  F1 ${num(s.f1)}  organic FPR ${pct(s.organicFpr)}  news FPR ${pct(s.newsFpr)}  fan FPR ${pct(s.fanFpr)}`;
}

export function kindsLine(s: Summary): string {
  return Object.keys(s.recallByKind).map((k) => `${k} ${num(s.recallByKind[k], 2)}${Number.isNaN(s.splitByKind[k]) ? '' : ` (÷${s.splitByKind[k]})`}`).join(', ');
}

export function markdown(detector: string, rows: Summary[]): string {
  const head = '| scenario | detector | precision | recall | F1 | organic FPR | news FPR | fan FPR | recall by kind (median clusters per campaign) |\n|---|---|---|---|---|---|---|---|---|';
  const body = rows.map((s) => `| ${s.scenario} | ${detector} | ${num(s.precision)} | ${num(s.recall)} | ${num(s.f1)} | ${pct(s.organicFpr)} | ${pct(s.newsFpr)} | ${pct(s.fanFpr)} | ${kindsLine(s) || '–'} |`);
  return [head, ...body].join('\n');
}
