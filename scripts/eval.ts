/**
 * Evaluation harness. The benchmark: every family (mixed, organic, cjk, stealthy, basic) at two
 * sizes (~6k and ~100k accounts), domain-randomised per seed and rendered under per-seed export
 * quirks, scanned and scored at account level (median and worst seed). Then the real-data
 * regression: Twitter15/16 (organic), three IRA months (trolls), the CooRTweet reference.
 *
 *   npm run eval -- [--seeds dev|holdout|301,302] [--sizes small,large] [--scenarios mixed,stealthy]
 *     [--detector lockstep|baseline] [--export linked|unlinked|absent] [--targets fine|coarse]
 *     [--time-resolution ms|s|min] [--probe quotes-unshared|headlines-pasted|shapes] [--fixed [--events 200000]] [--verbose] [--markdown] [--no-real] [--real twitter,ira,coortweet] [--no-bench]
 *     [--window 60 --threshold 0.5 --resolution 1 --fanout 32 --min-cluster-size 3 --scan-seed 42]
 *
 * The held-out seeds are for final checks only (scripts/eval/seeds.ts).
 */
import { Command, Option } from 'commander';
import type { ScanParams } from '../src/detect/params.js';
import { BENCH_SCENARIOS, GRAINS, RESOLUTIONS, STIMULI, SIZES, type BenchScenario, type ExportQuirks, type Order, type SizeName } from './generator/index.js';
import { baselineDetector, evaluate, lockstepDetector, PROBES, type Detector, type Probe, type RunResult } from './eval/run.js';
import { calibrationLine, calibrationMarkdown, ceilingLine, kindsLine, markdown, num, pct, quirksLabel, realMarkdown, scoreLine, summarise, type RealRow, type Summary } from './eval/format.js';
import { parseSeeds } from './eval/seeds.js';
import { recallByWidth, type AccountScores } from './eval/metrics.js';
import { coortweet, iraMonth, TWITTER_EXPORTS, twitter1516 } from './eval/real.js';
import { IRA_MONTHS } from './eval/ira.js';

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
const REAL = ['twitter', 'ira', 'coortweet'] as const;
const program = new Command('eval')
  .addOption(new Option('--detector <name>', 'detector').choices(['lockstep', 'baseline']).default('lockstep'))
  .option('--scenarios <list>', 'comma-separated families', list, [...BENCH_SCENARIOS])
  .option('--sizes <list>', 'comma-separated sizes (small ≈ 6k accounts, large ≈ 100k)', list, ['small', 'large'])
  .option('--seeds <set>', 'dev, holdout (final checks only) or a comma-separated list', 'dev')
  .addOption(new Option('--export <stimulus>', 'pin the stimulus export (default: drawn per seed)').choices([...STIMULI]))
  .addOption(new Option('--targets <grain>', 'pin the target grain (default: drawn per seed)').choices([...GRAINS]))
  .addOption(new Option('--time-resolution <r>', 'pin the time resolution (default: drawn per seed)').choices([...RESOLUTIONS]))
  .addOption(new Option('--order <order>', 'event order fed to the table').choices(['time', 'shuffle']).default('time'))
  .option('--fixed', 'the fixed presets (one setting per scenario, clean export; the pre-randomisation benchmark) instead')
  .option('--events <n>', 'events per world with --fixed (default ~200k)', (v) => parseInt(v, 10))
  .addOption(new Option('--probe <name>', 'organic behaviour the benchmark does not draw (quotes-unshared: readers quote headlines without sharing the story; headlines-pasted: the same, without quotation marks; shapes: delays and pushes of other shapes at the same widths)').choices([...PROBES]))
  .option('--verbose', 'per-seed rows and per-campaign recall/splits')
  .option('--markdown', 'print the markdown table too')
  .option('--no-real', 'skip the real-data regression')
  .option('--no-bench', 'skip the generated benchmark (real data only)')
  .option('--real <list>', `which real sets (${REAL.join(', ')})`, list, [...REAL])
  .option('--window <s>', 'scan window (s)', Number)
  .option('--threshold <x>', 'scan threshold', Number)
  .option('--resolution <x>', 'Louvain resolution', Number)
  .option('--fanout <n>', 'pairing fan-out', Number)
  .option('--min-cluster-size <n>', 'smallest cluster', Number)
  .option('--scan-seed <n>', 'scan seed', Number)
  .parse(process.argv);

const o = program.opts<{
  detector: 'lockstep' | 'baseline'; scenarios: string[]; sizes: string[]; seeds: string; export?: ExportQuirks['stimulus']; targets?: ExportQuirks['targets'];
  timeResolution?: ExportQuirks['resolution']; order: Order; fixed?: boolean; probe?: Probe; events?: number; verbose?: boolean; markdown?: boolean; real: boolean | string[]; bench: boolean;
  window?: number; threshold?: number; resolution?: number; fanout?: number; minClusterSize?: number; scanSeed?: number;
}>();
for (const s of o.scenarios) if (!(BENCH_SCENARIOS as readonly string[]).includes(s)) program.error(`unknown scenario "${s}" (known: ${BENCH_SCENARIOS.join(', ')})`);
for (const s of o.sizes) if (!(s in SIZES)) program.error(`unknown size "${s}" (known: ${Object.keys(SIZES).join(', ')})`);
let seeds: number[] = [];
try { seeds = parseSeeds(o.seeds); } catch (err) { program.error((err as Error).message); }
// commander gives `real: false` for --no-real and the list for --real.
const realSets = o.real === false ? [] : o.real === true ? [...REAL] : o.real;
for (const s of realSets) if (!(REAL as readonly string[]).includes(s)) program.error(`unknown real set "${s}" (known: ${REAL.join(', ')})`);

const params: Partial<ScanParams> = { window: o.window, threshold: o.threshold, resolution: o.resolution, fanout: o.fanout, minClusterSize: o.minClusterSize, seed: o.scanSeed };
for (const k of Object.keys(params) as (keyof ScanParams)[]) if (params[k] === undefined) delete params[k];
const pinned: Partial<ExportQuirks> = {};
if (o.export) pinned.stimulus = o.export;
if (o.targets) pinned.targets = o.targets;
if (o.timeResolution) pinned.resolution = o.timeResolution;
const detect: Detector = o.detector === 'baseline' ? baselineDetector(params) : lockstepDetector(params);
const out = (s = '') => process.stdout.write(s + '\n');
const started = performance.now();

out(`${o.fixed ? 'FIXED PRESETS  ' : ''}detector: ${o.detector}  seeds: ${o.seeds} (${seeds.join(',')})  sizes: ${o.sizes.join(',')}  export: ${JSON.stringify(pinned)}${o.probe ? `  probe: ${o.probe}` : ''}  params: ${JSON.stringify(params)}`);
const summaries: Summary[] = [];
const allScores: AccountScores[] = [];
// The fixed presets have one size (--events).
const sizes = (!o.bench ? [] : o.fixed ? ['small'] : o.sizes) as SizeName[];
for (const size of sizes) {
  for (const sc of o.scenarios as BenchScenario[]) {
    const runs: RunResult[] = [];
    for (const seed of seeds) {
      const r = await evaluate({ scenario: sc, size, seed, quirks: pinned, order: o.order, fixed: o.fixed ? { events: o.events } : undefined, probe: o.probe }, detect);
      runs.push(r);
      if (r.scores) allScores.push(r.scores);
      if (r.error) out(`  ${sc} ${size} seed ${seed}: FAILED: ${r.error}`);
      else if (o.verbose && r.scores) {
        out(`  ${sc} ${size} seed ${seed} [${quirksLabel(r)}]: ${r.events} events, ${r.accounts} accounts, ${r.clusters} clusters, ${r.scores.flagged} flagged  ${scoreLine(r.scores)}  (gen ${r.seconds.generate.toFixed(1)} s, detect ${r.seconds.detect.toFixed(1)} s)`);
        for (const c of r.scores.perCampaign) out(`      ${c.id.padEnd(22)} ${String(c.size).padStart(4)} members  recall ${num(c.recall, 2)}  clusters ${c.clusters}${c.spreadS !== undefined ? `  push ${c.spreadS.toFixed(0)} s` : ''}`);
      }
    }
    const s = summarise(sc, size, runs);
    summaries.push(s);
    if (s.failed === s.seeds) { out(`${sc} ${size}: all ${s.seeds} seeds failed`); continue; }
    out(`${`${sc} ${size}`.padEnd(15)} median  ${scoreLine(s.median)}${s.failed ? `  (${s.failed} seeds failed)` : ''}`);
    if (s.worst) out(`${''.padEnd(15)} worst   ${scoreLine(s.worst.row)}  (seed ${s.worst.seed}, ${s.worst.quirks})`);
    if (Object.keys(s.recallByKind).length) out(`${''.padEnd(15)} recall by kind: ${kindsLine(s)}`);
    if (!Number.isNaN(s.ceiling.median)) out(`${''.padEnd(15)} ${ceilingLine(s)}`);
    out(`${''.padEnd(15)} ${calibrationLine(s)}`);
  }
}
if (allScores.length) {
  const widths = recallByWidth(allScores);
  out(`\nrecall by push width (every campaign of every world above, members pooled): ${widths.map((w) => `${w.label} ${num(w.found / w.size, 2)} (${w.found}/${w.size})`).join(', ')}`);
}
if (o.markdown && summaries.length) {
  const ok = summaries.filter((s) => s.failed < s.seeds);
  out('\n' + markdown(o.detector, ok) + '\n\n' + calibrationMarkdown(o.detector, ok));
}
const benchSeconds = (performance.now() - started) / 1000;

/** Runs one real set; a failure is reported and the harness goes on (null), missing data is undefined. */
const safely = async <T>(name: string, f: () => Promise<T | undefined>): Promise<T | undefined | null> => {
  try {
    return await f();
  } catch (err) {
    out(`\n${name}: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    return null;
  }
};

const realRows: RealRow[] = [];
if (realSets.includes('twitter')) {
  // As shipped, then under the benchmark's export quirks: real organic crowds with coarse targets
  // and without their stimulus, which is where a detector fitted to clean exports flags crowds.
  for (const quirk of TWITTER_EXPORTS) {
    const name = quirk === 'as-given' ? 'Twitter15/16' : `Twitter15/16, ${quirk}`;
    const t = await safely(name, () => twitter1516(detect, quirk));
    if (t === undefined) {
      out('\nTwitter15/16: data not found (set LOCKSTEP_SHARED_DIR)');
      break;
    }
    if (!t) continue;
    out(`\n${name} (${t.events} events, ${t.accounts} accounts; organic): ${t.clusters.length} clusters, ${t.flaggedAccounts} accounts flagged (${pct(t.flaggedShare)}) in ${t.seconds.toFixed(1)} s`);
    // Every cluster with its summary; a detector without summaries (the baseline) gets its sizes on one line.
    if (t.clusters.some((c) => c.summary)) for (const c of t.clusters) out(`  ${String(c.members.length).padStart(5)} accounts  score ${c.score === undefined ? '–' : num(c.score, 2)}  ${c.summary ?? ''}`);
    else if (t.clusters.length) out(`  sizes: ${t.clusters.map((c) => c.members.length).sort((x, y) => y - x).join(', ')}`);
    realRows.push({ set: `${name} (organic)`, measure: 'accounts flagged (clusters)', value: `${pct(t.flaggedShare)}: ${t.flaggedAccounts} of ${t.accounts} (${t.clusters.length})` });
  }
}
if (realSets.includes('ira')) {
  out('');
  for (const month of IRA_MONTHS) {
    const r = await safely(`IRA ${month}`, () => iraMonth(month, detect));
    if (r === undefined) out(`IRA ${month}: data not found`);
    else if (r) {
      out(`IRA ${month} (${r.events} events, ${r.accounts} accounts; all trolls): ${r.clusters} clusters, ${r.flaggedAccounts} accounts flagged; ` +
        `lockstep accounts ${r.lockstepFlagged}/${r.lockstep} flagged (${pct(r.recall)}); purity ${num(r.purity)}; NMI ${num(r.nmi)} (${r.seconds.toFixed(1)} s)`);
      realRows.push({ set: `IRA ${month}`, measure: 'lockstep recall; purity; NMI', value: `${pct(r.recall)} (${r.lockstepFlagged}/${r.lockstep}); ${num(r.purity)}; ${num(r.nmi)}` });
    }
  }
}
if (realSets.includes('coortweet')) {
  const checks = await safely('CooRTweet', () => coortweet());
  if (checks === undefined) out('\nCooRTweet: data not found');
  else if (checks) {
    out(`\nCooRTweet reference edge lists (src/graph/coortweet.ts): ${checks.every((c) => c.exact) ? 'all reproduced exactly' : 'MISMATCH'}`);
    for (const c of checks) out(`  W ${c.window} s, M ${c.minParticipation}: ${c.got}/${c.expected} edges${c.exact ? ', exact' : `, ${c.mismatches} differ`}`);
    realRows.push({ set: 'CooRTweet (Russian retweets)', measure: 'reference edge lists reproduced', value: checks.map((c) => `W${c.window} M${c.minParticipation} ${c.got}/${c.expected}${c.exact ? ' exact' : ' MISMATCH'}`).join(', ') });
  }
}
if (o.markdown && realRows.length) out('\n' + realMarkdown(o.detector, realRows));
out(`\ntotal ${((performance.now() - started) / 1000).toFixed(0)} s (benchmark ${benchSeconds.toFixed(0)} s)`);
