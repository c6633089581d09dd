/**
 * How much of a community's verdict is the null's random draws: every community of a benchmark
 * world (Louvain as the scan runs it) scored under several independent draw streams, at the default
 * draws and at `--times` times as many. Prints, per world, the communities whose flag decision
 * (score ≥ threshold) differs between streams, and the spread of their scores.
 *
 *   npx tsx scripts/eval/draw-noise.ts [--seeds 301,302,303] [--scenarios mixed,cjk] [--sizes small] [--streams 4] [--times 8]
 *
 * Communities only, as tested whole (no parts, no rings): the question is the draws' share of a
 * score, not the scan's output.
 */
import { Command } from 'commander';
import { tableFromEvents } from '../../src/ingest/table.js';
import { drawExport, events, generate, prepare, SIZES, type BenchScenario, type SizeName } from '../generator/index.js';
import { resolveParams } from '../../src/detect/params.js';
import { leastSize } from '../../src/detect/regime.js';
import { inProcess } from '../../src/engine/in-process.js';
import { buildGraph } from '../../src/graph/build.js';
import { detectCommunities } from '../../src/detect/communities.js';
import { buildNullContext, clusterTiming } from '../../src/detect/cluster-test.js';
import { clusterVerdict } from '../../src/detect/score.js';
import { createRng } from '../../src/detect/rng.js';

const list = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean);
const o = new Command('draw-noise')
  .option('--seeds <list>', 'world seeds', '301,302,303')
  .option('--scenarios <list>', 'families', 'mixed,cjk,stealthy,basic')
  .option('--sizes <list>', 'sizes', 'small')
  .option('--streams <n>', 'independent draw streams per community', (v) => parseInt(v, 10), 4)
  .option('--times <n>', 'the larger draw count, as a multiple of the default', (v) => parseInt(v, 10), 8)
  .parse(process.argv)
  .opts<{ seeds: string; scenarios: string; sizes: string; streams: number; times: number }>();

const params = resolveParams({});
const paceLimit = params.window * Math.max(...params.scales);
const flips = [0, 0];
const near = [0, 0];
for (const size of list(o.sizes) as SizeName[])
  for (const scenario of list(o.scenarios) as BenchScenario[])
    for (const seed of list(o.seeds).map(Number)) {
      const quirks = drawExport(seed, {}, `${scenario}:${size}`);
      const { world, truth } = generate({ scenario, seed, randomised: true, accounts: SIZES[size] });
      const roleOf = new Map<string, string>();
      for (const g of [...truth.lookalikes, ...truth.campaigns]) for (const m of g.members) if (!roleOf.has(m)) roleOf.set(m, g.id.replace(/-\d+$/, ''));
      const table = tableFromEvents(events(world.store, prepare(world.store, 'time', seed, quirks)));
      const heavy = await inProcess(table, params, { threads: 1 });
      const communities = detectCommunities(buildGraph(heavy.edges, table.accountNames), { resolution: params.resolution, seed: params.seed, minSize: leastSize('population', params.minClusterSize) });
      const index = new Map(table.accountNames.map((n, i) => [n, i]));
      const ctx = buildNullContext(table, heavy.groups, heavy.weights, {}, heavy.text.specificLengths);
      const rows: string[] = [];
      communities.forEach((nodes, c) => {
        const members = nodes.map((x) => index.get(x)!);
        [1, o.times].forEach((times, k) => {
          const scores = Array.from({ length: o.streams }, (_, s) => {
            const t = clusterTiming(ctx, members, createRng(1000 * c + s), { window: params.window, draws: params.nullDraws, regime: 'population', drawScale: times });
            return clusterVerdict(t, communities.length, paceLimit).score;
          });
          const up = scores.filter((x) => x >= params.threshold).length;
          const lo = Math.min(...scores);
          const hi = Math.max(...scores);
          const isNear = hi >= params.threshold - 0.15 && lo < params.threshold + 0.15;
          if (isNear) near[k]++;
          if (up > 0 && up < scores.length) flips[k]++;
          const mix = new Map<string, number>();
          for (const x of nodes) mix.set(roleOf.get(x) ?? 'organic', (mix.get(roleOf.get(x) ?? 'organic') ?? 0) + 1);
          const who = [...mix].sort((a, b) => b[1] - a[1]).slice(0, 2).map(([r, n]) => `${r} ${n}`).join(', ');
          if (isNear) rows.push(`    community ${c} (${members.length}: ${who}) ×${times}: ${scores.map((x) => x.toFixed(3)).join(' ')}${up > 0 && up < scores.length ? '  (decision differs)' : ''}`);
        });
      });
      console.log(`${scenario} ${size} ${seed}: ${communities.length} communities`);
      for (const r of rows) console.log(r);
    }
console.log(`communities whose decision differs between ${o.streams} draw streams: ${flips[0]} at the default draws, ${flips[1]} at ×${o.times} (near the threshold, ±0.15: ${near[0]} / ${near[1]})`);
