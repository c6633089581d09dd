/**
 * Evaluation harness: generates scenarios from evaluation seeds (not the development seeds 1–3 and 101–103),
 * runs a detector (the real scan, or the co-share baseline) and scores it against the truth;
 * then scores the real IRA slice (lockstep accounts flagged, category purity, NMI).
 *
 *   npm run eval -- [--detector lockstep|baseline] [--scenarios mixed,organic,cjk,stealthy,basic]
 *     [--seeds 211,212,213] [--events 200000] [--verbose] [--markdown] [--no-ira]
 *     [--window 60 --threshold 0.5 --resolution 1 --fanout 32 --min-cluster-size 3 --scan-seed 42]
 */
import { Command, Option } from 'commander';
import type { ScanParams } from '../src/detect/params.js';
import { tableFromEvents } from '../src/ingest/table.js';
import { SCENARIOS, type ScenarioName, type Order } from './generator/index.js';
import { baselineDetector, evaluate, lockstepDetector, type Detector, type RunResult } from './eval/run.js';
import { kindsLine, markdown, num, pct, scoreLine, summarise, type Summary } from './eval/format.js';
import { loadIra } from './eval/ira.js';
import { lockstepAccounts, nmi, purity } from './eval/metrics.js';

const list = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
const program = new Command('eval')
  .addOption(new Option('--detector <name>', 'detector').choices(['lockstep', 'baseline']).default('lockstep'))
  .option('--scenarios <list>', 'comma-separated scenarios', list, ['mixed', 'organic', 'cjk', 'stealthy', 'basic'])
  .option('--seeds <list>', 'comma-separated evaluation seeds', (v) => list(v).map(Number), [211, 212, 213])
  .option('--events <n>', 'events per scenario (default per scenario, ~200k)', (v) => parseInt(v, 10))
  .addOption(new Option('--order <order>', 'event order fed to the table').choices(['time', 'shuffle']).default('time'))
  .option('--verbose', 'per-seed rows and per-campaign recall/splits')
  .option('--markdown', 'print a markdown table too')
  .option('--no-ira', 'skip the real-data (IRA) section')
  .option('--window <s>', 'scan window (s)', Number)
  .option('--threshold <x>', 'scan threshold', Number)
  .option('--resolution <x>', 'Louvain resolution', Number)
  .option('--fanout <n>', 'pairing fan-out', Number)
  .option('--min-cluster-size <n>', 'smallest cluster', Number)
  .option('--scan-seed <n>', 'scan seed', Number)
  .parse(process.argv);

const o = program.opts<{
  detector: 'lockstep' | 'baseline'; scenarios: string[]; seeds: number[]; events?: number; order: Order; verbose?: boolean; markdown?: boolean; ira: boolean;
  window?: number; threshold?: number; resolution?: number; fanout?: number; minClusterSize?: number; scanSeed?: number;
}>();
for (const s of o.scenarios) if (!(SCENARIOS as readonly string[]).includes(s)) program.error(`unknown scenario "${s}" (known: ${SCENARIOS.join(', ')})`);
const params: Partial<ScanParams> = { window: o.window, threshold: o.threshold, resolution: o.resolution, fanout: o.fanout, minClusterSize: o.minClusterSize, seed: o.scanSeed };
for (const k of Object.keys(params) as (keyof ScanParams)[]) if (params[k] === undefined) delete params[k];
const detect: Detector = o.detector === 'baseline' ? baselineDetector(params) : lockstepDetector(params);
const out = (s = '') => process.stdout.write(s + '\n');

out(`detector: ${o.detector}  seeds: ${o.seeds.join(',')}  events: ${o.events ?? 'default'}  params: ${JSON.stringify(params)}`);
const summaries: Summary[] = [];
for (const sc of o.scenarios as ScenarioName[]) {
  const runs: RunResult[] = [];
  for (const seed of o.seeds) {
    const r = await evaluate(sc, seed, o.events, detect, o.order);
    runs.push(r);
    if (r.error) out(`  ${sc} seed ${seed}: FAILED: ${r.error}`);
    else if (o.verbose && r.scores) {
      out(`  ${sc} seed ${seed}: ${r.events} events, ${r.clusters} clusters, ${r.scores.flagged} flagged  ${scoreLine(r.scores)}  (gen ${r.seconds.generate.toFixed(1)} s, detect ${r.seconds.detect.toFixed(1)} s)`);
      for (const c of r.scores.perCampaign) out(`      ${c.id.padEnd(22)} ${String(c.size).padStart(4)} members  recall ${num(c.recall, 2)}  clusters ${c.clusters}`);
    }
  }
  const s = summarise(sc, runs);
  summaries.push(s);
  if (s.failed === s.seeds) { out(`${sc}: all ${s.seeds} seeds failed`); continue; }
  out(`${sc.padEnd(9)} ${scoreLine(s)}${s.failed ? `  (${s.failed} seeds failed)` : ''}`);
  if (Object.keys(s.recallByKind).length) out(`          recall by kind (÷ median clusters per found campaign): ${kindsLine(s)}`);
}
if (o.markdown) out('\n' + markdown(o.detector, summaries.filter((s) => s.failed < s.seeds)));

if (o.ira) {
  const ira = await loadIra();
  if (!ira) out('\nIRA: data not found (set LOCKSTEP_SHARED_DIR)');
  else {
    const shares = ira.events.filter((e) => e.action === 'share' && e.target !== undefined).map((e) => ({ account: e.account, target: e.target!, ts: e.ts }));
    const lock = lockstepAccounts(shares, 60, 2);
    try {
      const clusters = await detect(tableFromEvents(ira.events));
      const flagged = new Set(clusters.flatMap((c) => c.members));
      const hit = [...lock].filter((a) => flagged.has(a)).length;
      out(`\nIRA 2016-10 (${ira.events.length} events, ${Object.keys(ira.labels).length} labelled accounts): ${clusters.length} clusters, ${flagged.size} accounts flagged`);
      out(`  lockstep accounts (≥2 co-shares within 60 s with one account): ${lock.size}; flagged ${hit} (${pct(hit / lock.size)})`);
      out(`  category purity ${num(purity(clusters, ira.labels))}  NMI ${num(nmi(clusters, ira.labels))}`);
    } catch (err) {
      out(`\nIRA: scan FAILED: ${err instanceof Error ? err.message : String(err)} (lockstep accounts: ${lock.size})`);
    }
  }
}
