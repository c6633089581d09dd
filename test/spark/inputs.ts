// The Spark tests' inputs: the bundled sample day and small domain-randomised evaluation worlds,
// one dev seed per scenario, each under its seed's export quirks as `npm run eval` draws them.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { drawExport, generate, prepare, writeNdjson, type BenchScenario } from '../../scripts/generator/index.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const SAMPLE = join(ROOT, 'fixtures', 'sample-day.ndjson.gz');
/** Small worlds keep the Spark run short: about 1,500 acting accounts, a few campaigns each. */
export const ACCOUNTS = 1_500;

/**
 * Texts with quotations for the ports' sample tests (src/graph/quotations.ts): dropped where there
 * are words outside them, kept where not; unclosed marks, apostrophes and empty quotes.
 */
export const QUOTATION_SAMPLES = [
  '对我们有什么影响：「央行宣布进入紧急状态」 🇺🇸',
  'big if true: "Mayor resigns over the bridge budget scandal"',
  '"Mayor resigns over the bridge budget scandal"',
  '@outlet “Mayor resigns” https://n.example/1',
  'a 5" screen and 『未闭合 and “x” ＂y＂ «z» 《书名》 left',
  "don't 'quote' me “on this” 😀 please",
  '「」 empty quotes then words',
];

export interface Input {
  name: string;
  path: string;
}

/**
 * One dev seed per scenario, chosen so that the five worlds hold every export quirk the benchmark
 * draws (stimulus linked / unlinked / absent, fine and coarse targets, times to the ms, s and
 * minute, bare and @-prefixed account names), both regimes (mixed-301 reads as a slice, the others
 * as populations) and a flag in every coordinated scenario; spark-engine.test.ts checks all three.
 * Three seeds of each (15 worlds) cost the Spark test about 800 s of a CI run, and the engines'
 * equality does not depend on the seed beyond these.
 */
export const WORLDS: readonly { scenario: BenchScenario; seed: number }[] = [
  { scenario: 'mixed', seed: 301 }, // read as a slice: the lockstep cells' path
  { scenario: 'organic', seed: 301 },
  { scenario: 'cjk', seed: 302 },
  { scenario: 'stealthy', seed: 303 },
  { scenario: 'basic', seed: 302 },
];

/** The export quirks a world is rendered under (as `npm run eval` draws them for a small world). */
export const quirksOf = (w: { scenario: BenchScenario; seed: number }) => drawExport(w.seed, {}, `${w.scenario}:small`);

export async function makeInputs(dir: string): Promise<Input[]> {
  const out: Input[] = [{ name: 'sample-day', path: SAMPLE }];
  for (const w of WORLDS) out.push(await worldInput(dir, w.scenario, w.seed));
  return out;
}

/** One small world, written once into `dir`. */
export async function worldInput(dir: string, scenario: BenchScenario, seed: number): Promise<Input> {
  const path = join(dir, `${scenario}-${seed}.ndjson.gz`);
  if (!existsSync(path)) {
    const { world } = generate({ scenario, seed, randomised: true, accounts: ACCOUNTS });
    await writeNdjson(world.store, prepare(world.store, 'time', seed, quirksOf({ scenario, seed })), path, { level: 1 });
  }
  return { name: `${scenario}-${seed}`, path };
}

if (process.argv[1]?.endsWith('inputs.ts')) {
  const t0 = performance.now();
  const inputs = await makeInputs(process.argv[2] ?? '/tmp/lockstep-spark-inputs');
  console.log(inputs.map((i) => i.path).join('\n'), `\n${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
