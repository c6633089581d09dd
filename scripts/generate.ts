/**
 * Generates a scenario's events (NDJSON, gzip if the path ends in .gz) and its ground truth.
 *
 *   npm run generate -- --scenario mixed --seed 7 --events 200000 \
 *     --out fixtures/x.ndjson.gz --truth fixtures/x.truth.json [--days 2] [--order time|shuffle]
 *
 * Truth format: see scripts/generator/types.ts.
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { generate, prepare, writeNdjson, SCENARIOS, type ScenarioName, type Order } from './generator/index.js';

const program = new Command('generate')
  .addOption(new Option('--scenario <name>', 'preset').choices(SCENARIOS as unknown as string[]).default('mixed'))
  .option('--seed <n>', 'PRNG seed', (v) => parseInt(v, 10), 1)
  .option('--events <n>', 'approximate event count (default per scenario)', (v) => parseInt(v, 10))
  .option('--days <n>', 'days of activity (default from scenario and size)', (v) => parseInt(v, 10))
  .addOption(new Option('--order <order>', 'output order').choices(['time', 'shuffle']).default('time'))
  .option('--level <n>', 'gzip level', (v) => parseInt(v, 10), 6)
  .requiredOption('--out <file>', 'events file (.ndjson or .ndjson.gz)')
  .option('--truth <file>', 'ground-truth JSON (default: <out>.truth.json)')
  .parse(process.argv);

const o = program.opts<{ scenario: ScenarioName; seed: number; events?: number; days?: number; order: Order; level: number; out: string; truth?: string }>();
const t0 = performance.now();
const { world, truth } = generate({ scenario: o.scenario, seed: o.seed, events: o.events, days: o.days });
const t1 = performance.now();
await writeNdjson(world.store, prepare(world.store, o.order, o.seed), o.out, { level: o.level });
const t2 = performance.now();
const truthPath = o.truth ?? o.out.replace(/\.ndjson(\.gz)?$/, '') + '.truth.json';
writeFileSync(truthPath, JSON.stringify(truth, null, 1) + '\n');
const campaignMembers = new Set(truth.campaigns.flatMap((c) => c.members)).size;
process.stderr.write(
  `${o.scenario} seed ${o.seed}: ${truth.events} events, ${Object.keys(truth.roles).length} accounts, ` +
    `${truth.campaigns.length} campaigns (${campaignMembers} members) → ${o.out}, ${truthPath}\n` +
    `generate ${((t1 - t0) / 1000).toFixed(2)} s, write ${((t2 - t1) / 1000).toFixed(2)} s\n`,
);
