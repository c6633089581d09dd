/**
 * Why a campaign was (not) flagged: for each campaign of one benchmark world, the communities its
 * members landed in (Louvain on the pruned graph), what else is in them, and each community's
 * verdict as the scan reads it (score, deciding reading, p, tightness, bursts, the nulls that
 * decided each shared episode, and the first episodes' widths against their nulls).
 *
 *   npx tsx scripts/eval/why-missed.ts <family> <small|large> <seed> [campaign-id-substring]
 *   npx tsx scripts/eval/why-missed.ts mixed small 301 slow
 *
 * Dev seeds only: looking at held-out worlds this closely fits the detector to them.
 */
import { tableFromEvents } from '../../src/ingest/table.js';
import { BENCH_SCENARIOS, drawExport, events, generate, prepare, SIZES, type BenchScenario, type SizeName } from '../generator/index.js';
import { resolveParams } from '../../src/detect/params.js';
import { leastSize } from '../../src/detect/regime.js';
import { inProcess } from '../../src/engine/in-process.js';
import { buildGraph } from '../../src/graph/build.js';
import { detectCommunities } from '../../src/detect/communities.js';
import { buildNullContext, clusterTiming } from '../../src/detect/cluster-test.js';
import { clusterVerdict } from '../../src/detect/score.js';
import { createRng } from '../../src/detect/rng.js';
import { SEED_SETS } from './seeds.js';

const [scenario, size, seedArg, only] = process.argv.slice(2);
const seed = Number(seedArg);
if (!(BENCH_SCENARIOS as readonly string[]).includes(scenario) || !(size in SIZES) || !Number.isInteger(seed)) {
  console.error('usage: why-missed.ts <family> <small|large> <seed> [campaign-id-substring]');
  process.exit(1);
}
if ((SEED_SETS.holdout as readonly number[]).includes(seed)) console.error(`why-missed: seed ${seed} is a held-out seed: what you learn here no longer measures generalisation`);

const quirks = drawExport(seed, {}, `${scenario}:${size}`);
const { world, truth } = generate({ scenario: scenario as BenchScenario, seed, randomised: true, accounts: SIZES[size as SizeName] });
const table = tableFromEvents(events(world.store, prepare(world.store, 'time', seed, quirks)));
const params = resolveParams({});
const heavy = await inProcess(table, params, { threads: 1 });
const communities = detectCommunities(buildGraph(heavy.edges, table.accountNames), { resolution: params.resolution, seed: params.seed, minSize: leastSize('population', params.minClusterSize) });
const index = new Map(table.accountNames.map((n, i) => [n, i]));
const ctx = buildNullContext(table, heavy.groups, heavy.weights, {}, heavy.text.specificLengths);
const paceLimit = params.window * Math.max(...params.scales);
const roleOf = new Map<string, string>();
for (const g of [...truth.lookalikes, ...truth.campaigns]) for (const m of g.members) if (!roleOf.has(m)) roleOf.set(m, g.id.replace(/-\d+$/, ''));

console.log(`${scenario} ${size} seed ${seed}, export ${JSON.stringify(quirks)}: ${table.size} events, ${heavy.edges.size} edges, ${communities.length} communities`);
for (const c of truth.campaigns) {
  if (only && !c.id.includes(only)) continue;
  const set = new Set(c.members);
  const hits = communities.map((nodes, k) => ({ k, nodes, n: nodes.filter((x) => set.has(x)).length })).filter((h) => h.n > 0).sort((a, b) => b.n - a.n);
  console.log(`\n${c.id}: ${c.members.filter((m) => index.has(m)).length} members in the data, ${hits.reduce((s, h) => s + h.n, 0)} in communities; ${JSON.stringify(c.params)}`);
  for (const h of hits.slice(0, 4)) {
    const t = clusterTiming(ctx, h.nodes.map((x) => index.get(x)!), createRng(1), { window: params.window, draws: params.nullDraws, regime: 'population' });
    const v = clusterVerdict(t, communities.length, paceLimit);
    const mix = new Map<string, number>();
    const tally = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
    for (const x of h.nodes) tally(mix, roleOf.get(x) ?? 'organic');
    const tests = new Map<string, number>();
    for (const g of t.groups) tally(tests, `${g.test}${g.burst ? '*' : ''}`);
    console.log(`  community ${h.k}: ${h.n} of ${h.nodes.length} [${[...mix].map(([r, n]) => `${r} ${n}`).join(', ')}]: score ${v.score.toFixed(3)} (${v.reading}), p ${t.pValue.toExponential(1)}, tightness ${t.tightness.toFixed(2)}, bursts ${t.bursts}/${t.burstEligible}, typical ${t.typicalSpan.toFixed(0)} s, copying ${t.copying.families} families (−log10 p ${t.copying.log10p.toFixed(1)})`);
    console.log(`    deciding nulls (* = burst): ${[...tests].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    console.log(`    episodes (members/outsiders width/null s z): ${t.groups.slice(0, 10).map((g) => `${g.events.length}/${g.others} ${g.span.toFixed(0)}/${g.nullSpan.toFixed(0)} ${g.z.toFixed(1)}`).join(', ')}`);
  }
}
