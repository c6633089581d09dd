// The aligned timeline's x axis. One stray action (a member acting 79 min before the burst, or a
// late straggler) must not stretch a 35 s burst into a 1-px sliver: the axis spans a robust range
// of the member actions, and what lies beyond is drawn in narrow compressed margins with a count.

export interface AxisClip {
  /** The linearly drawn range. */
  lo: number;
  hi: number;
  /** Values below lo / above hi, and the farthest of each (for "up to …" labels). */
  before: number;
  after: number;
  min: number;
  max: number;
}

export interface ClipOptions {
  /** Quantile kept on each side (0.02: the 2nd–98th percentile). */
  q?: number;
  /** Padding on each side, as a share of the kept span. */
  pad?: number;
  /** Smallest kept span, in the values' unit. */
  minSpan?: number;
}

/** Linear-interpolated quantile of an ascending array. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const at = (sorted.length - 1) * Math.min(1, Math.max(0, q));
  const i = Math.floor(at);
  return sorted[i] + (sorted[Math.min(i + 1, sorted.length - 1)] - sorted[i]) * (at - i);
}

/**
 * The robust range of `values`: the q..1-q quantiles plus padding. A side is clipped only when
 * its outliers reach well beyond (more than half the kept span); otherwise the axis simply
 * extends to them, so ordinary data gets an ordinary axis.
 */
export function clipAxis(values: readonly number[], opts: ClipOptions = {}): AxisClip {
  const { q = 0.02, pad = 0.08, minSpan = 2 } = opts;
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (v.length === 0) return { lo: 0, hi: minSpan, before: 0, after: 0, min: 0, max: 0 };
  const min = v[0];
  const max = v[v.length - 1];
  const qlo = quantile(v, q);
  const qhi = quantile(v, 1 - q);
  const span = Math.max(qhi - qlo, minSpan);
  const p = span * pad;
  const clipLow = qlo - min > span / 2;
  const clipHigh = max - qhi > span / 2;
  const lo = clipLow ? qlo - p : min - p;
  const hi = clipHigh ? qhi + p : Math.max(max + p, lo + minSpan);
  let before = 0;
  let after = 0;
  for (const x of v) { if (x < lo) before++; else if (x > hi) after++; }
  return { lo, hi, before, after, min, max };
}

/** Maps a value to x: linear over [lo, hi]; log-compressed into `margin` px beyond either end. */
export function brokenScale(clip: AxisClip, x0: number, x1: number, margin: number): { x: (v: number) => number; l: number; r: number } {
  const l = x0 + (clip.before > 0 ? margin : 0);
  const r = x1 - (clip.after > 0 ? margin : 0);
  const w = Math.max(1, r - l);
  const span = clip.hi - clip.lo || 1;
  const gap = 4; // px between the margin's marks and the break
  const x = (v: number): number => {
    if (v < clip.lo) {
      const f = Math.log1p(clip.lo - v) / Math.log1p(Math.max(clip.lo - clip.min, 1e-9));
      return l - gap - f * Math.max(0, l - x0 - 2 * gap);
    }
    if (v > clip.hi) {
      const f = Math.log1p(v - clip.hi) / Math.log1p(Math.max(clip.max - clip.hi, 1e-9));
      return r + gap + f * Math.max(0, x1 - r - 2 * gap);
    }
    return l + ((v - clip.lo) / span) * w;
  };
  return { x, l, r };
}
