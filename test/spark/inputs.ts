// The Spark tests' inputs: the bundled sample day and small domain-randomised evaluation worlds,
// three dev seeds per scenario, each under its seed's export quirks as `npm run eval` draws them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { BENCH_SCENARIOS, drawExport, generate, prepare, writeNdjson, type BenchScenario } from '../../scripts/generator/index.js';
import { SEED_SETS } from '../../scripts/eval/seeds.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SAMPLE = join(ROOT, 'fixtures', 'sample-day.ndjson.gz');
/** Small worlds keep the Spark run short: about 1,500 acting accounts, a few campaigns each. */
export const ACCOUNTS = 1_500;

export interface Input {
  name: string;
  path: string;
}

export async function makeInputs(dir: string): Promise<Input[]> {
  const out: Input[] = [{ name: 'sample-day', path: SAMPLE }];
  for (const scenario of BENCH_SCENARIOS) for (const seed of SEED_SETS.dev) out.push(await worldInput(dir, scenario, seed));
  return out;
}

/** One small world, written once into `dir`. */
export async function worldInput(dir: string, scenario: BenchScenario, seed: number): Promise<Input> {
  const path = join(dir, `${scenario}-${seed}.ndjson.gz`);
  if (!existsSync(path)) {
    const { world } = generate({ scenario, seed, randomised: true, accounts: ACCOUNTS });
    await writeNdjson(world.store, prepare(world.store, 'time', seed, drawExport(seed, {}, `${scenario}:small`)), path, { level: 1 });
  }
  return { name: `${scenario}-${seed}`, path };
}

if (process.argv[1]?.endsWith('inputs.ts')) {
  const t0 = performance.now();
  const inputs = await makeInputs(process.argv[2] ?? '/tmp/lockstep-spark-inputs');
  console.log(inputs.map((i) => i.path).join('\n'), `\n${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
