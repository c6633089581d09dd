// Draws the synchrony timeline on a canvas: one row per top shared target, one tick per member
// action. "Aligned" mode puts each row's median member action at 0 so bursts line up, on an axis
// clipped to the members' bursts (timeline-axis.ts): actions far outside sit in compressed margins
// with a count. "Clock" mode shows real UTC time. The organic background (non-members on the
// same target) is the strip on the right: grey ticks for non-member actions around the burst, the
// members' burst as a coloured band on the same scale, and the count.
import { hidpiContext } from './dom.js';
import { fmtClock, fmtDuration, fmtOffset } from './format.js';
import { signalColor } from './signals.js';
import { contextStrip, niceTicks, tickStep, timeTicks, type TimelineModel, type TimelineRow } from './timeline.js';
import { brokenScale, clipAxis, type AxisClip } from './timeline-axis.js';

export type TimelineMode = 'aligned' | 'clock';

const LABEL_W = 118;
const ORGANIC_W = 112;
/** Width of the organic context strip inside the organic column; the count is written after it. */
const STRIP_W = 40;
const MAX_ROW_H = 32;
const MIN_ROW_H = 14;
const AXIS_H = 38;
const PAD_T = 6;
/** Width of each compressed margin for off-scale actions. */
const MARGIN_W = 40;

interface Hit { x: number; y: number; row: TimelineRow; mark: TimelineRow['marks'][number] }

/** What the drawn axis shows, for tests and the caption. */
export interface AxisInfo {
  mode: TimelineMode;
  /** The linear range (seconds from the burst's median in aligned mode, epoch ms in clock mode). */
  lo: number;
  hi: number;
  ticks: number;
  /** Aligned mode: member actions drawn in the compressed margins. */
  before: number;
  after: number;
}

export interface DrawnTimeline {
  hitTest: (x: number, y: number) => Hit | null;
  axis: AxisInfo;
}

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Renders into `canvas`; returns a hit test (mouse position to nearest mark) and the axis drawn. */
export function drawTimeline(canvas: HTMLCanvasElement, model: TimelineModel, mode: TimelineMode, width: number, fitHeight = Infinity): DrawnTimeline {
  // Rows shrink (down to a minimum) so the whole plot fits the panel without scrolling.
  const ROW_H = Math.max(MIN_ROW_H, Math.min(MAX_ROW_H, Math.floor((fitHeight - PAD_T - AXIS_H) / Math.max(1, model.rows.length))));
  const height = PAD_T + model.rows.length * ROW_H + AXIS_H;
  const ctx = hidpiContext(canvas, width, height);
  ctx.clearRect(0, 0, width, height);

  const plotL = LABEL_W;
  const plotR = Math.max(plotL + 20, width - ORGANIC_W - 8);
  const axisY = PAD_T + model.rows.length * ROW_H;

  let clip: AxisClip;
  let xOf: (v: number) => number;
  let l = plotL;
  let r = plotR;
  let ticks: number[];
  let label: (t: number) => string;
  if (mode === 'aligned') {
    clip = clipAxis(model.rows.flatMap((row) => row.marks.map((m) => m.rel)));
    const s = brokenScale(clip, plotL, plotR, MARGIN_W);
    ({ l, r } = s);
    xOf = s.x;
    // At least three labelled ticks: ask niceTicks for more until the clipped range holds them.
    const room = Math.max(3, Math.floor((r - l) / 60));
    ticks = [];
    for (let want = room; want <= 3 * room && ticks.length < 3; want++) ticks = niceTicks(clip.lo, clip.hi, want).filter((t) => t >= clip.lo && t <= clip.hi);
    label = fmtOffset;
  } else {
    const lo = model.t0;
    const hi = Math.max(model.t1, model.t0 + 1000);
    clip = { lo, hi, before: 0, after: 0, min: lo, max: hi };
    xOf = (t) => plotL + ((t - lo) / (hi - lo)) * (plotR - plotL);
    // HH:MM labels need about 40 px each.
    ticks = timeTicks(lo, hi, Math.max(3, Math.floor((plotR - plotL) / 40)), 3);
    const step = tickStep(ticks);
    label = (t) => fmtClock(t, step);
  }
  const valueOf = (m: TimelineRow['marks'][number]): number => (mode === 'aligned' ? m.rel : m.t);

  // Grid and tick labels.
  ctx.strokeStyle = '#e6e9ef';
  ctx.fillStyle = '#5b6475';
  ctx.textAlign = 'center';
  for (const t of ticks) {
    const x = xOf(t);
    ctx.beginPath();
    ctx.moveTo(x, PAD_T);
    ctx.lineTo(x, axisY);
    ctx.stroke();
    ctx.fillText(label(t), x, axisY + 10);
  }

  const maxOthers = Math.max(1, ...model.rows.map((row) => row.others));
  const hits: Hit[] = [];
  model.rows.forEach((row, i) => {
    const y = PAD_T + i * ROW_H;
    const cy = y + ROW_H / 2;
    if (i % 2 === 0) {
      ctx.fillStyle = '#f7f8fa';
      ctx.fillRect(0, y, width, ROW_H);
    }
    // Organic background, right of the plot: the context strip (non-members around the burst and
    // the members' band on one scale) when the report carries the times, else a bar of the count.
    const sx = plotR + 8;
    const strip = contextStrip(row);
    if (strip) {
      ctx.fillStyle = '#eef0f4';
      ctx.fillRect(sx, y + 3, STRIP_W, ROW_H - 6);
      ctx.strokeStyle = 'rgba(90,98,112,0.55)';
      ctx.lineWidth = 1;
      for (const f of strip.organic) {
        const x = sx + 0.5 + f * (STRIP_W - 1);
        ctx.beginPath();
        ctx.moveTo(x, y + 4);
        ctx.lineTo(x, y + ROW_H - 4);
        ctx.stroke();
      }
      ctx.fillStyle = signalColor(row.signal);
      const b0 = sx + strip.band[0] * (STRIP_W - 2);
      ctx.fillRect(b0, y + 2, Math.max(2, (strip.band[1] - strip.band[0]) * (STRIP_W - 2)), ROW_H - 4);
    } else if (row.others > 0) {
      ctx.fillStyle = 'rgba(120,128,140,0.35)';
      ctx.fillRect(sx, y + 3, Math.max(2, STRIP_W * (row.others / maxOthers)), ROW_H - 6);
    }
    ctx.fillStyle = 'rgba(60,66,78,0.9)';
    ctx.textAlign = 'left';
    // With the strip, the count and the span it shows ("+120 · 2.4 h"); the caption says what they are.
    const count = row.others > 0 ? `+${row.others}${strip ? '' : ' organic'}` : 'no organic';
    ctx.fillText(strip ? `${count} · ${fmtDuration(strip.spanSeconds)}` : count, strip || row.others > 0 ? sx + STRIP_W + 4 : sx + 2, cy);
    ctx.fillStyle = '#1b2333';
    ctx.fillText(shorten(`${row.action} ${row.target}`, 17), 6, cy);
    const color = signalColor(row.signal);
    ctx.strokeStyle = color;
    ctx.globalAlpha = 0.75;
    ctx.lineWidth = 2;
    for (const m of row.marks) {
      const x = xOf(valueOf(m));
      ctx.beginPath();
      ctx.moveTo(x, y + 3);
      ctx.lineTo(x, y + ROW_H - 3);
      ctx.stroke();
      hits.push({ x, y: cy, row, mark: m });
    }
    ctx.globalAlpha = 1;
    ctx.lineWidth = 1;
  });

  // Compressed margins: shaded, with a break on the axis and a count of what they hold.
  ctx.strokeStyle = '#9aa3b2';
  ctx.beginPath();
  ctx.moveTo(l, axisY);
  ctx.lineTo(r, axisY);
  ctx.stroke();
  const margin = (x0: number, x1: number, text: string, align: CanvasTextAlign, tx: number): void => {
    ctx.fillStyle = 'rgba(154,163,178,0.16)';
    ctx.fillRect(x0, PAD_T, x1 - x0, axisY - PAD_T);
    ctx.strokeStyle = '#9aa3b2';
    ctx.setLineDash([3, 3]);
    ctx.beginPath();
    ctx.moveTo(x0, axisY);
    ctx.lineTo(x1, axisY);
    ctx.stroke();
    ctx.setLineDash([]);
    const bx = align === 'left' ? x1 : x0;
    ctx.beginPath(); // the break: two short slashes
    ctx.moveTo(bx - 4, axisY + 4); ctx.lineTo(bx, axisY - 4);
    ctx.moveTo(bx, axisY + 4); ctx.lineTo(bx + 4, axisY - 4);
    ctx.stroke();
    ctx.fillStyle = '#5b6475';
    ctx.textAlign = align;
    ctx.fillText(text, tx, axisY + 25);
  };
  if (mode === 'aligned' && clip.before > 0) {
    margin(plotL, l, `◂ ${clip.before} earlier, up to ${fmtDuration(Math.max(0, -clip.min))} before`, 'left', plotL);
  }
  if (mode === 'aligned' && clip.after > 0) {
    margin(r, plotR, `${clip.after} later, up to ${fmtDuration(Math.max(0, clip.max))} after ▸`, 'right', plotR);
  }

  return {
    axis: { mode, lo: clip.lo, hi: clip.hi, ticks: ticks.length, before: clip.before, after: clip.after },
    hitTest: (x, y) => {
      let best: Hit | null = null;
      let bd = 64; // within 8px
      for (const hit of hits) {
        if (Math.abs(hit.y - y) > ROW_H / 2) continue;
        const d = (hit.x - x) ** 2;
        if (d < bd) { bd = d; best = hit; }
      }
      return best;
    },
  };
}
