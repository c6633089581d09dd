// The synchrony timeline's data: one row per top shared target, one mark per member action.
import type { Evidence } from '../report/types.js';

export interface TimelineMark {
  account: string;
  /** Epoch ms. */
  t: number;
  /** Seconds after the first member action in this row. */
  rel: number;
}

export interface TimelineRow {
  target: string;
  action: string;
  signal: string;
  /** Non-member accounts doing the same (the organic background). */
  others: number;
  start: number;
  spreadSeconds: number;
  marks: TimelineMark[];
}

export interface TimelineModel {
  rows: TimelineRow[];
  /** Distinct members with at least one plotted action. */
  members: number;
  marks: number;
  t0: number;
  t1: number;
  /** Largest in-row spread, seconds. */
  maxRel: number;
}

/** Rows for the evidence with the most member actions (tightest spread breaks ties). */
export function buildTimeline(evidence: readonly Evidence[], maxRows = 12): TimelineModel {
  const ranked = [...evidence].sort(
    (a, b) => b.members.length - a.members.length || a.spreadSeconds - b.spreadSeconds || (a.target < b.target ? -1 : 1),
  );
  const rows: TimelineRow[] = [];
  const accounts = new Set<string>();
  let t0 = Infinity;
  let t1 = -Infinity;
  let maxRel = 0;
  let marks = 0;
  for (const ev of ranked.slice(0, maxRows)) {
    const times = ev.members.map((m) => ({ account: m.account, t: Date.parse(m.ts) })).filter((m) => !Number.isNaN(m.t));
    if (times.length === 0) continue;
    const start = Math.min(...times.map((m) => m.t));
    const rowMarks = times.map((m) => ({ ...m, rel: (m.t - start) / 1000 })).sort((a, b) => a.t - b.t);
    for (const m of rowMarks) {
      accounts.add(m.account);
      t0 = Math.min(t0, m.t);
      t1 = Math.max(t1, m.t);
      maxRel = Math.max(maxRel, m.rel);
    }
    marks += rowMarks.length;
    rows.push({
      target: ev.target, action: ev.action, signal: ev.signal, others: ev.others ?? 0,
      start, spreadSeconds: ev.spreadSeconds, marks: rowMarks,
    });
  }
  if (rows.length === 0) { t0 = 0; t1 = 0; }
  return { rows, members: accounts.size, marks, t0, t1, maxRel };
}

/** "Nice" axis ticks over [lo, hi]: about `count` round numbers. */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
  return ticks;
}

/** Ticks for a clock axis (epoch ms), at round seconds/minutes/hours. */
export function timeTicks(lo: number, hi: number, count = 6): number[] {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400].map((s) => s * 1000);
  const raw = (hi - lo) / count;
  const step = steps.find((s) => s >= raw) ?? 86400_000;
  const ticks: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) ticks.push(v);
  return ticks;
}
