import { describe, expect, it } from 'vitest';
import { createRng, delaySampler, lognormal, pushOffset, DELAY_SHAPES, PUSH_SHAPES, type Rng } from '../../scripts/generator/prng.js';
import { CLEAN_EXPORT, events, generate, prepare } from '../../scripts/generator/index.js';
import { probeTweak } from '../../scripts/eval/run.js';

// The shapes probe (npm run eval -- --probe shapes): look-alike delays and campaign pushes of other
// shapes at the median and central 80% width the benchmark drew, so only the shape differs.

const quantile = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const sorted = (n: number, draw: (r: Rng) => number, seed = 7) => {
  const r = createRng(seed);
  return Array.from({ length: n }, () => draw(r)).sort((a, b) => a - b);
};

describe('delay shapes', () => {
  for (const sigma of [0.5, 1, 1.5]) {
    const ref = sorted(100_000, (r) => lognormal(r, 600, sigma));
    const refWidth = quantile(ref, 0.9) - quantile(ref, 0.1);
    for (const shape of DELAY_SHAPES) {
      it(`${shape} at log-sd ${sigma}: the log-normal's median and 10–90% width`, () => {
        const xs = sorted(100_000, (r) => delaySampler(shape, sigma)(r, 600));
        expect(quantile(xs, 0.5)).toBeGreaterThan(600 * 0.97);
        expect(quantile(xs, 0.5)).toBeLessThan(600 * 1.03);
        const width = quantile(xs, 0.9) - quantile(xs, 0.1);
        expect(width / refWidth).toBeGreaterThan(0.95);
        expect(width / refWidth).toBeLessThan(1.05);
      });
    }
  }

  it('other shapes differ from the log-normal where it matters: how tight the core is for its width', () => {
    // Central 50% over central 80%: a Weibull crowd bunches nearer its median than a log-normal one.
    const ratio = (xs: number[]) => (quantile(xs, 0.75) - quantile(xs, 0.25)) / (quantile(xs, 0.9) - quantile(xs, 0.1));
    const logn = ratio(sorted(50_000, (r) => delaySampler('lognormal', 1)(r, 600)));
    const weib = ratio(sorted(50_000, (r) => delaySampler('weibull', 1)(r, 600)));
    expect(Math.abs(weib - logn)).toBeGreaterThan(0.02);
  });

  it('every shape consumes two draws, so a world drawn with it keeps every other draw', () => {
    for (const shape of DELAY_SHAPES) {
      const a = createRng(3);
      const b = createRng(3);
      delaySampler(shape, 0.8)(a, 100);
      b();
      b();
      expect(a()).toBe(b());
    }
    // The log-normal sampler is the benchmark's own draw.
    expect(delaySampler('lognormal', 0.8)(createRng(5), 100)).toBe(lognormal(createRng(5), 100, 0.8));
  });
});

describe('push shapes', () => {
  for (const shape of PUSH_SHAPES) {
    it(`${shape}: the uniform push's central 80% width, one draw each`, () => {
      const xs = sorted(50_000, pushOffset(shape, 300_000));
      const width = quantile(xs, 0.9) - quantile(xs, 0.1);
      expect(width).toBeGreaterThan(0.95 * 240_000);
      expect(width).toBeLessThan(1.05 * 240_000);
      expect(xs[0]).toBeGreaterThanOrEqual(0);
      const a = createRng(9);
      const b = createRng(9);
      pushOffset(shape, 1000)(a);
      b();
      expect(a()).toBe(b());
    });
  }
});

describe('the shapes probe', () => {
  const world = (probe: boolean) => generate({ scenario: 'mixed', seed: 21, randomised: true, accounts: 3_000, tweak: probeTweak(probe ? 'shapes' : undefined) });

  it('draws a shape per group, records it in the truth, and leaves the benchmark as it was without it', () => {
    const plain = world(false);
    const probed = world(true);
    expect(plain.truth.lookalikes.some((g) => 'shape' in (g.params ?? {}))).toBe(false);
    expect(plain.truth.campaigns.some((g) => 'pushShape' in (g.params ?? {}))).toBe(false);
    const shapes = new Set(probed.truth.lookalikes.map((g) => g.params?.shape).filter(Boolean));
    const pushes = new Set(probed.truth.campaigns.map((g) => g.params?.pushShape));
    expect(shapes.size).toBeGreaterThan(1);
    expect(pushes.size).toBeGreaterThan(1);
    // The same groups and nearly the same accounts (events moved out of the span are dropped, and
    // the cover and background fill that follow the events kept then draw differently).
    expect(probed.truth.campaigns.map((g) => g.id)).toEqual(plain.truth.campaigns.map((g) => g.id));
    expect(probed.truth.lookalikes.map((g) => g.id)).toEqual(plain.truth.lookalikes.map((g) => g.id));
    const names = Object.keys(plain.truth.roles);
    const same = names.filter((n) => probed.truth.roles[n] === plain.truth.roles[n]).length;
    expect(same / names.length).toBeGreaterThan(0.9);
    const times = (g: ReturnType<typeof world>) => [...events(g.world.store, prepare(g.world.store, 'time', 21, CLEAN_EXPORT))].map((e) => e.ts);
    const a = times(plain);
    const b = times(probed);
    expect(a.some((t, i) => t !== b[i])).toBe(true);
  });
});
