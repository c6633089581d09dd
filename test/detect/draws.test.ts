import { describe, expect, it } from 'vitest';
import { drawIndices, expNormals } from '../../src/detect/draws.js';
import { createRng } from '../../src/detect/rng.js';
import { NORMALS } from '../../src/detect/stats.js';

describe('sorted log-normal draws', () => {
  it('give the same sorted draws, from the same random numbers, as drawing each value and sorting', () => {
    const sigma = 0.5;
    const table = expNormals(sigma);
    expect(table.ascending).toBe(true);
    for (const m of [1, 2, 5, 32, 33, 200]) {
      const direct = createRng(m);
      const viaIndex = createRng(m);
      const idx = new Int32Array(m);
      for (let d = 0; d < 20; d++) {
        const t0 = 1.7e12 + d * 12_345;
        const median = 1000 + 7919 * d;
        const res = [1, 1000, 60_000][d % 3];
        const phase = direct() * res;
        expect(viaIndex() * res).toBe(phase);
        const quantise = (t: number) => (res <= 1 ? t : Math.floor((t + phase) / res) * res);
        const want = Float64Array.from({ length: m }, () => Math.max(t0, quantise(t0 + median * Math.exp(sigma * NORMALS[(direct() * 4096) | 0])))).sort();
        drawIndices(viaIndex, idx);
        const got = Float64Array.from(idx, (i) => Math.max(t0, quantise(t0 + median * table.values[i])));
        expect(got).toEqual(want);
      }
      expect(viaIndex()).toBe(direct()); // the same numbers consumed
    }
  });
});
