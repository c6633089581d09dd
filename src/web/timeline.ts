// The synchrony timeline's data: one row per top shared target, one mark per member action.
import type { Evidence } from '../report/types.js';

export interface TimelineMark {
  account: string;
  /** Epoch ms. */
  t: number;
  /** Seconds from the row's median member action (negative: before it). */
  rel: number;
}

export interface TimelineRow {
  target: string;
  action: string;
  signal: string;
  /** Non-member accounts doing the same (the organic background). */
  others: number;
  /** Epoch ms of non-member actions around the burst (the report's othersAround), ascending. */
  around: number[];
  start: number;
  /** Epoch ms of the row's median member action: the aligned view's 0. A median, not the first
   *  action, so one early member does not shift the whole burst. */
  anchor: number;
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
  /** Extreme rel values over all rows, seconds. */
  minRel: number;
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
  let minRel = 0;
  let maxRel = 0;
  let marks = 0;
  for (const ev of ranked.slice(0, maxRows)) {
    const times = ev.members.map((m) => ({ account: m.account, t: Date.parse(m.ts) })).filter((m) => !Number.isNaN(m.t));
    if (times.length === 0) continue;
    const sorted = times.map((m) => m.t).sort((a, b) => a - b);
    const start = sorted[0];
    const mid = sorted.length >> 1;
    const anchor = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    const rowMarks = times.map((m) => ({ ...m, rel: (m.t - anchor) / 1000 })).sort((a, b) => a.t - b.t);
    for (const m of rowMarks) {
      accounts.add(m.account);
      t0 = Math.min(t0, m.t);
      t1 = Math.max(t1, m.t);
      minRel = Math.min(minRel, m.rel);
      maxRel = Math.max(maxRel, m.rel);
    }
    marks += rowMarks.length;
    const around = (ev.othersAround ?? []).map(Date.parse).filter((t) => !Number.isNaN(t)).sort((a, b) => a - b);
    rows.push({
      target: ev.target, action: ev.action, signal: ev.signal, others: ev.others ?? 0, around,
      start, anchor, spreadSeconds: ev.spreadSeconds, marks: rowMarks,
    });
  }
  if (rows.length === 0) { t0 = 0; t1 = 0; }
  return { rows, members: accounts.size, marks, t0, t1, minRel, maxRel };
}

/**
 * The organic context strip of a row: where, on a common scale, the non-member actions around the
 * burst fall (0..1) and where the members' burst sits. The strip spans the members and the organic
 * actions together, so a 35 s burst among reactions spread over two hours reads as a thin band.
 */
export function contextStrip(row: Pick<TimelineRow, 'around' | 'marks'>): { organic: number[]; band: [number, number]; spanSeconds: number } | null {
  if (row.around.length === 0 || row.marks.length === 0) return null;
  const first = row.marks[0].t;
  const last = row.marks[row.marks.length - 1].t;
  const lo = Math.min(first, row.around[0]);
  const hi = Math.max(last, row.around[row.around.length - 1]);
  const w = hi - lo || 1;
  return { organic: row.around.map((t) => (t - lo) / w), band: [(first - lo) / w, (last - lo) / w], spanSeconds: (hi - lo) / 1000 };
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

const CLOCK_STEPS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/**
 * Ticks for a clock axis (epoch ms) at round seconds/minutes/hours: the finest round step giving
 * at most `count` ticks, but never fewer than `minTicks` when the span allows (a day's axis with
 * one label tells the analyst nothing).
 */
export function timeTicks(lo: number, hi: number, count = 6, minTicks = 3): number[] {
  if (!(hi > lo)) return [lo];
  const at = (step: number): number[] => {
    const ticks: number[] = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) ticks.push(v);
    return ticks;
  };
  const steps = CLOCK_STEPS_S.map((s) => s * 1000);
  let i = steps.findIndex((s) => (hi - lo) / s <= count);
  if (i < 0) i = steps.length - 1;
  let ticks = at(steps[i]);
  while (ticks.length < minTicks && i > 0) ticks = at(steps[--i]);
  return ticks;
}

/** The step between clock ticks, ms (0 for fewer than two). */
export function tickStep(ticks: readonly number[]): number {
  return ticks.length > 1 ? ticks[1] - ticks[0] : 0;
}
