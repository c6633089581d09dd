import { describe, expect, it } from 'vitest';
import { communitiesAside } from '../../src/detect/communities-aside.js';
import { detectCommunities } from '../../src/detect/communities.js';
import { buildGraph } from '../../src/graph/build.js';
import type { EdgeList } from '../../src/graph/coaction.js';

describe('communitiesAside', () => {
  it('finds in a worker, and in this thread, the communities of the graph keyed by name, and runs the other work meanwhile', async () => {
    // Planted groups of 30 with dense insides and sparse links between them: 12,000+ edges.
    let s = 7;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const n = 3000;
    const seen = new Set<number>();
    const a: number[] = [];
    const b: number[] = [];
    const w: number[] = [];
    const add = (x: number, y: number, weight: number) => {
      const lo = Math.min(x, y);
      const hi = Math.max(x, y);
      if (lo === hi || seen.has(lo * n + hi)) return;
      seen.add(lo * n + hi);
      a.push(lo);
      b.push(hi);
      w.push(weight);
    };
    for (let v = 0; v < n; v++) {
      const base = v - (v % 30);
      for (let q = 0; q < 5; q++) add(v, base + Math.floor(rnd() * 30), 1 + rnd());
      add(v, Math.floor(rnd() * n), 0.1);
    }
    const ord = a.map((_, i) => i).sort((x, y) => a[x] - a[y] || b[x] - b[y]);
    const edges: EdgeList = { a: Int32Array.from(ord, (i) => a[i]), b: Int32Array.from(ord, (i) => b[i]), weight: Float64Array.from(ord, (i) => w[i]), groups: Float32Array.from(ord, () => 2), size: ord.length };
    expect(edges.size).toBeGreaterThan(10_000);
    const names = Array.from({ length: n }, (_, i) => `acct${i}`);
    const opts = { resolution: 1, seed: 3, minSize: 3 };
    const here = detectCommunities(buildGraph(edges, names), opts);
    expect(here.length).toBeGreaterThan(50);
    let ran = false;
    const aside = await communitiesAside(edges, names, opts, 2, () => {
      ran = true;
      return 42;
    });
    expect(aside.value).toBe(42);
    expect(ran).toBe(true);
    expect(aside.communities).toEqual(here);
    // In this thread too: Louvain on the graph keyed by account numbers, named and ordered as above.
    expect((await communitiesAside(edges, names, opts, 1, () => 0)).communities).toEqual(here);
  }, 60_000);
});
