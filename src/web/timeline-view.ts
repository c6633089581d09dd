// Draws the synchrony timeline on a canvas: one row per top shared target, one tick per member
// action. "Aligned" mode puts each row's first member action at 0 so bursts line up; "clock"
// mode shows real UTC time. The organic background (non-members on the same target) is faded.
import { hidpiContext } from './dom.js';
import { fmtClock, fmtDuration } from './format.js';
import { signalColor } from './signals.js';
import { niceTicks, timeTicks, type TimelineModel, type TimelineRow } from './timeline.js';

export type TimelineMode = 'aligned' | 'clock';

const LABEL_W = 150;
const ORGANIC_W = 96;
const MAX_ROW_H = 26;
const MIN_ROW_H = 14;
const AXIS_H = 26;
const PAD_T = 6;

interface Hit { x: number; y: number; row: TimelineRow; mark: TimelineRow['marks'][number] }

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Renders into `canvas` and returns a function mapping a mouse position to the nearest mark. */
export function drawTimeline(canvas: HTMLCanvasElement, model: TimelineModel, mode: TimelineMode, width: number, fitHeight = Infinity): (x: number, y: number) => Hit | null {
  // Rows shrink (down to a minimum) so the whole plot fits the panel without scrolling.
  const ROW_H = Math.max(MIN_ROW_H, Math.min(MAX_ROW_H, Math.floor((fitHeight - PAD_T - AXIS_H) / Math.max(1, model.rows.length))));
  const height = PAD_T + model.rows.length * ROW_H + AXIS_H;
  const ctx = hidpiContext(canvas, width, height);
  ctx.clearRect(0, 0, width, height);

  const plotL = LABEL_W;
  const plotR = width - ORGANIC_W - 8;
  const plotW = Math.max(20, plotR - plotL);
  const [lo, hi] = mode === 'aligned' ? [0, Math.max(model.maxRel, 1) * 1.05] : [model.t0, Math.max(model.t1, model.t0 + 1000)];
  const span = hi - lo;
  const xOf = (m: TimelineRow['marks'][number]): number => plotL + (((mode === 'aligned' ? m.rel : m.t) - lo) / span) * plotW;

  // Grid and axis.
  const ticks = mode === 'aligned' ? niceTicks(lo, hi, Math.max(3, Math.floor(plotW / 80))) : timeTicks(lo, hi, Math.max(3, Math.floor(plotW / 90)));
  const axisY = PAD_T + model.rows.length * ROW_H;
  ctx.strokeStyle = '#e6e9ef';
  ctx.fillStyle = '#5b6475';
  ctx.textAlign = 'center';
  for (const t of ticks) {
    const x = plotL + ((t - lo) / span) * plotW;
    ctx.beginPath();
    ctx.moveTo(x, PAD_T);
    ctx.lineTo(x, axisY);
    ctx.stroke();
    ctx.fillText(mode === 'aligned' ? `+${fmtDuration(t)}` : fmtClock(t), x, axisY + 12);
  }

  const maxOthers = Math.max(1, ...model.rows.map((r) => r.others));
  const hits: Hit[] = [];
  model.rows.forEach((row, i) => {
    const y = PAD_T + i * ROW_H;
    const cy = y + ROW_H / 2;
    if (i % 2 === 0) {
      ctx.fillStyle = '#f7f8fa';
      ctx.fillRect(0, y, width, ROW_H);
    }
    // Organic background: faded bar and count, to the right of the plot.
    if (row.others > 0) {
      ctx.fillStyle = 'rgba(120,128,140,0.18)';
      ctx.fillRect(plotR + 8, y + 3, (ORGANIC_W - 8) * (row.others / maxOthers), ROW_H - 6);
    }
    ctx.fillStyle = 'rgba(90,98,112,0.75)';
    ctx.textAlign = 'left';
    ctx.fillText(row.others > 0 ? `+${row.others} organic` : '0 organic', plotR + 12, cy);
    ctx.fillStyle = '#1b2333';
    ctx.fillText(shorten(`${row.action} ${row.target}`, 22), 6, cy);
    const color = signalColor(row.signal);
    ctx.strokeStyle = color;
    ctx.globalAlpha = 0.75;
    ctx.lineWidth = 2;
    for (const m of row.marks) {
      const x = xOf(m);
      ctx.beginPath();
      ctx.moveTo(x, y + 3);
      ctx.lineTo(x, y + ROW_H - 3);
      ctx.stroke();
      hits.push({ x, y: cy, row, mark: m });
    }
    ctx.globalAlpha = 1;
    ctx.lineWidth = 1;
  });
  ctx.strokeStyle = '#9aa3b2';
  ctx.beginPath();
  ctx.moveTo(plotL, axisY);
  ctx.lineTo(plotR, axisY);
  ctx.stroke();

  return (x, y) => {
    let best: Hit | null = null;
    let bd = 64; // within 8px
    for (const hit of hits) {
      if (Math.abs(hit.y - y) > ROW_H / 2) continue;
      const d = (hit.x - x) ** 2;
      if (d < bd) { bd = d; best = hit; }
    }
    return best;
  };
}
