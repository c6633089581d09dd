/**
 * Generates a scenario's events (NDJSON, gzip if the path ends in .gz) and its ground truth.
 *
 *   npm run generate -- --scenario mixed --seed 7 --events 200000 \
 *     --out fixtures/x.ndjson.gz --truth fixtures/x.truth.json [--days 2] [--order time|shuffle]
 *
 * Benchmark worlds (domain-randomised, as `npm run eval` scores them):
 *
 *   npm run generate -- --randomised --scenario stealthy --seed 301 --size small|large --out x.ndjson.gz
 *     [--export linked|unlinked|absent|random] [--targets fine|coarse|random] [--resolution ms|s|min|random]
 *     [--probe quotes-unshared|headlines-pasted|shapes]
 *
 * Export quirks default to the clean export for the fixed presets (linked, fine, ms) and to the
 * per-seed draw the evaluation uses for randomised worlds. Truth format: scripts/generator/types.ts.
 */
import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import {
  CLEAN_EXPORT, GRAINS, isClean, RESOLUTIONS, SCENARIOS, SIZES, STIMULI, drawExport, exportedTruth, generate, prepare, writeNdjson,
  type ExportQuirks, type Order, type ScenarioName, type SizeName,
} from './generator/index.js';
import { PROBES, probeTweak, type Probe } from './eval/run.js';

const program = new Command('generate')
  .addOption(new Option('--scenario <name>', 'preset').choices(SCENARIOS as unknown as string[]).default('mixed'))
  .option('--seed <n>', 'PRNG seed', (v) => parseInt(v, 10), 1)
  .option('--events <n>', 'approximate event count (fixed presets; default per scenario)', (v) => parseInt(v, 10))
  .option('--days <n>', 'days of activity (default from scenario and size)', (v) => parseInt(v, 10))
  .option('--randomised', 'a domain-randomised benchmark world (scripts/generator/domains.ts)')
  .addOption(new Option('--size <size>', 'randomised world size (small ≈ 6k accounts, large ≈ 100k)').choices(Object.keys(SIZES)).default('small'))
  .addOption(new Option('--export <stimulus>', 'stimulus posts: linked, unlinked, absent, or random (per seed)').choices([...STIMULI, 'random']))
  .addOption(new Option('--targets <grain>', 'targets: fine (post, URL), coarse (author account, domain), or random').choices([...GRAINS, 'random']))
  .addOption(new Option('--resolution <r>', 'timestamps: ms, s, min, or random').choices([...RESOLUTIONS, 'random']))
  .addOption(new Option('--probe <name>', 'organic behaviour the benchmark does not draw, as `npm run eval -- --probe` scores it').choices([...PROBES]))
  .addOption(new Option('--order <order>', 'output order').choices(['time', 'shuffle']).default('time'))
  .option('--level <n>', 'gzip level', (v) => parseInt(v, 10), 6)
  .requiredOption('--out <file>', 'events file (.ndjson or .ndjson.gz)')
  .option('--truth <file>', 'ground-truth JSON (default: <out>.truth.json)')
  .parse(process.argv);

const o = program.opts<{
  scenario: ScenarioName; seed: number; events?: number; days?: number; randomised?: boolean; size: SizeName;
  export?: string; targets?: string; resolution?: string; probe?: Probe; order: Order; level: number; out: string; truth?: string;
}>();

/** Quirks: pinned values win; the rest are random per seed (randomised worlds) or clean (fixed presets). */
function quirks(): ExportQuirks {
  const pinned: Partial<ExportQuirks> = {};
  if (o.export && o.export !== 'random') pinned.stimulus = o.export as ExportQuirks['stimulus'];
  if (o.targets && o.targets !== 'random') pinned.targets = o.targets as ExportQuirks['targets'];
  if (o.resolution && o.resolution !== 'random') pinned.resolution = o.resolution as ExportQuirks['resolution'];
  const drawn = drawExport(o.seed, pinned, `${o.scenario}:${o.size}`);
  if (o.randomised) return drawn;
  const random = (v?: string) => v === 'random';
  return {
    ...CLEAN_EXPORT, ...pinned, salt: drawn.salt,
    ...(random(o.export) && { stimulus: drawn.stimulus }),
    ...(random(o.targets) && { targets: drawn.targets, accountStyle: drawn.accountStyle }),
    ...(random(o.resolution) && { resolution: drawn.resolution }),
  };
}

const t0 = performance.now();
const { world, truth } = generate({ scenario: o.scenario, seed: o.seed, events: o.events, days: o.days, randomised: o.randomised, accounts: SIZES[o.size], tweak: probeTweak(o.probe) });
const t1 = performance.now();
const rd = prepare(world.store, o.order, o.seed, quirks());
await writeNdjson(world.store, rd, o.out, { level: o.level });
const t2 = performance.now();
const truthPath = o.truth ?? o.out.replace(/\.ndjson(\.gz)?$/, '') + '.truth.json';
// The fixed presets' truth stays as it always was (the sample fixture regenerates byte-identically).
const shown = o.randomised || !isClean(rd.quirks) ? exportedTruth(truth, world.store, rd) : truth;
writeFileSync(truthPath, JSON.stringify(shown, null, 1) + '\n');
const campaignMembers = new Set(shown.campaigns.flatMap((c) => c.members)).size;
process.stderr.write(
  `${o.scenario}${o.randomised ? ` (randomised, ${o.size})` : ''} seed ${o.seed}: ${shown.events} events, ${Object.keys(shown.roles).length} accounts, ` +
    `${shown.campaigns.length} campaigns (${campaignMembers} members), export ${rd.quirks.stimulus}/${rd.quirks.targets}/${rd.quirks.resolution} → ${o.out}, ${truthPath}\n` +
    `generate ${((t1 - t0) / 1000).toFixed(2)} s, write ${((t2 - t1) / 1000).toFixed(2)} s\n`,
);
