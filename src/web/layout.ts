// A small Fruchterman–Reingold layout: cheap enough for 500 members in a few tens of
// milliseconds, deterministic (no Math.random) so the same cluster always looks the same.

export interface LayoutInput {
  /** Node count; nodes are 0..n-1. */
  n: number;
  /** Edge endpoints and weights as parallel arrays. */
  sources: ArrayLike<number>;
  targets: ArrayLike<number>;
  weights: ArrayLike<number>;
  iterations?: number;
}

/** Pairwise-repulsion work budget: larger graphs get fewer iterations so the cost stays bounded. */
const WORK_BUDGET = 40_000_000;

/** Returns interleaved x,y positions in roughly [-1, 1]. */
export function forceLayout(input: LayoutInput): Float64Array {
  const { n, sources, targets, weights } = input;
  const pos = new Float64Array(2 * n);
  // Phyllotaxis start: evenly spread, no overlaps, no symmetry for forces to get stuck on.
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (let i = 0; i < n; i++) {
    const r = Math.sqrt((i + 0.5) / Math.max(n, 1));
    pos[2 * i] = r * Math.cos(i * golden);
    pos[2 * i + 1] = r * Math.sin(i * golden);
  }
  if (n < 2) return pos;

  const wanted = input.iterations ?? 80;
  const iterations = Math.max(5, Math.min(wanted, Math.floor(WORK_BUDGET / (n * n))));
  let maxW = 0;
  for (let e = 0; e < weights.length; e++) maxW = Math.max(maxW, weights[e]);
  const k = Math.sqrt(4 / n); // ideal distance for a 2x2 area
  const k2 = k * k;
  const disp = new Float64Array(2 * n);
  let temp = 0.1;
  const cool = temp / (iterations + 1);

  for (let it = 0; it < iterations; it++) {
    disp.fill(0);
    for (let i = 0; i < n; i++) {
      const xi = pos[2 * i];
      const yi = pos[2 * i + 1];
      for (let j = i + 1; j < n; j++) {
        const dx = xi - pos[2 * j];
        const dy = yi - pos[2 * j + 1];
        const d2 = dx * dx + dy * dy + 1e-9;
        const f = k2 / d2; // k²/d, applied along (dx,dy)/d
        disp[2 * i] += dx * f;
        disp[2 * i + 1] += dy * f;
        disp[2 * j] -= dx * f;
        disp[2 * j + 1] -= dy * f;
      }
    }
    for (let e = 0; e < sources.length; e++) {
      const a = sources[e];
      const b = targets[e];
      if (a === b) continue;
      const dx = pos[2 * a] - pos[2 * b];
      const dy = pos[2 * a + 1] - pos[2 * b + 1];
      const d = Math.sqrt(dx * dx + dy * dy) + 1e-9;
      const w = maxW > 0 ? 0.2 + 0.8 * (weights[e] / maxW) : 1;
      const f = (d / k) * w; // d²/k along the unit vector
      disp[2 * a] -= dx * f;
      disp[2 * a + 1] -= dy * f;
      disp[2 * b] += dx * f;
      disp[2 * b + 1] += dy * f;
    }
    for (let i = 0; i < n; i++) {
      const dx = disp[2 * i];
      const dy = disp[2 * i + 1];
      const len = Math.sqrt(dx * dx + dy * dy) + 1e-12;
      const step = Math.min(len, temp);
      // A weak pull to the centre keeps disconnected members from drifting away.
      pos[2 * i] += (dx / len) * step - pos[2 * i] * 0.01;
      pos[2 * i + 1] += (dy / len) * step - pos[2 * i + 1] * 0.01;
    }
    temp -= cool;
  }
  equaliseRadii(pos, n);
  return pos;
}

/**
 * Dense clusters collapse into a small blob while unlinked members drift to a far ring. Keeping
 * each node's angle and its rank by distance, but spacing the ranks so the disk is evenly filled,
 * makes every member visible and keeps neighbours near each other.
 */
export function equaliseRadii(pos: Float64Array, n: number): void {
  let cx = 0;
  let cy = 0;
  for (let i = 0; i < n; i++) { cx += pos[2 * i]; cy += pos[2 * i + 1]; }
  cx /= n;
  cy /= n;
  const dist = Float64Array.from({ length: n }, (_, i) => Math.hypot(pos[2 * i] - cx, pos[2 * i + 1] - cy));
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => dist[a] - dist[b] || a - b);
  order.forEach((i, rank) => {
    const r = Math.sqrt((rank + 0.5) / n);
    const d = dist[i] || 1;
    const ux = dist[i] ? (pos[2 * i] - cx) / d : Math.cos(i);
    const uy = dist[i] ? (pos[2 * i + 1] - cy) / d : Math.sin(i);
    pos[2 * i] = r * ux;
    pos[2 * i + 1] = r * uy;
  });
}
