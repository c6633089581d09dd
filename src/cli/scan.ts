import { createWriteStream } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Command } from 'commander';
import { InputRejectedError } from '../ingest/index.js';
import { openNeo4jStore, redactUri } from '../store/neo4j/index.js';
import type { Report } from '../report/types.js';
import type { Store } from '../store/types.js';
import { openEmbeddedStore } from '../store/embedded/index.js';
import { FileHistory } from '../history/file-history.js';
import { inputOptions, ingestOptions, rangeOf, rangeOptions, type InputFlags, type RangeFlags } from '../scan/cli-flags.js';
import { paramOptions, paramsFromFlags } from '../scan/params.js';
import { runScan as runScanService, type ScanRequest } from '../scan/service.js';
import type { ScanSource } from '../scan/source.js';
import { InputError } from './errors.js';
import { judgeInput, judgeRead, noteLines, tsUnitStats } from './input-verdict.js';
import { createProgress } from './progress.js';
import { formatSummary } from './summary.js';
import { maxMemoryOption, threadsOption } from './exec-flags.js';
import { MemoryBudget } from '../exec/memory.js';
import { engineFromFlags, engineOptions, sparkScanFromFlags, type EngineFlags } from '../engine/cli-flags.js';
import { scanOnSpark } from '../engine/spark-scan.js';

export interface ScanFlags extends InputFlags, RangeFlags, EngineFlags {
  out?: string;
  compact?: boolean;
  quiet?: boolean;
  progress?: boolean;
  neo4j?: string | boolean;
  neo4jUser?: string;
  save?: boolean;
  store?: string;
  history?: string;
  [param: string]: unknown;
}

export function registerScan(program: Command): void {
  const cmd = program
    .command('scan')
    .description('Scan activity for coordinated clusters and write a report (JSON, see the README).')
    .argument('[inputs...]', 'event files (NDJSON, CSV or JSON array, optionally .gz), or - for stdin')
    .option('-o, --out <file>', 'write the report here (default: stdout)');
  for (const o of [...inputOptions(), ...paramOptions(), ...rangeOptions(), ...engineOptions()]) cmd.addOption(o);
  cmd
    .option('--history <dir>', 'scan history: give clusters an operationId and lineage against earlier scans, add "changes" to the report, and record this scan')
    .option('--store <dir>', 'scan events in an embedded store directory (what lockstep serve and daily keep) instead of files')
    .option('--neo4j [uri]', 'scan events stored in Neo4j instead of files (default URI: $LOCKSTEP_NEO4J_URI; password from $LOCKSTEP_NEO4J_PASSWORD)')
    .option('--neo4j-user <user>', 'Neo4j user (default: $LOCKSTEP_NEO4J_USER or neo4j)')
    .option('--save', 'with --neo4j or --store: write the flagged clusters back to the store (linked to their members and this scan)')
    .addOption(threadsOption())
    .addOption(maxMemoryOption())
    .option('--compact', 'write the report as one line of JSON')
    .option('-q, --quiet', 'no summary on stderr')
    .option('--no-progress', 'no progress bar even on a terminal')
    .addHelpText(
      'after',
      `
Numeric times: the unit is inferred from each value's size (seconds, ms, µs or ns) unless --map
ts-unit=… states it; stderr says which unit was inferred. Times before 2000-01-01 or after tomorrow
are rejects unless --allow-any-time.
Exit codes: 0 ok, 1 usage or internal error (also: --map names columns the CSV header lacks),
2 invalid input under --strict, 3 refused: more than --max-rejected (default half) of the records
have times outside the plausible range, 4 refused: more than --max-rejected of the records were
rejected for other reasons (the top reasons are printed).
Examples:
  lockstep scan fixtures/sample-day.ndjson.gz --out report.json
  zcat day.csv.gz | lockstep scan - --format csv --rejects rejects.ndjson
  lockstep scan russian_coord_tweets.csv --map coortweet --window 60
  lockstep scan day2.ndjson.gz --history ./history --out day2.json
  lockstep scan --store ./data --from 2024-03-04 --to 2024-03-05 --history ./data/history --save
  lockstep scan day.ndjson.gz --engine spark --spark-master spark://spark-master:7077
  lockstep scan --neo4j bolt://localhost:7687 --from 2024-03-01T00:00:00Z --to 2024-03-02T00:00:00Z --save`,
    )
    .action(async (inputs: string[], flags: ScanFlags) => {
      await runScan(inputs, flags);
    });
}

/** Opens the Neo4j store `--neo4j [uri]` names. */
export async function neo4jFromFlags(flags: { neo4j?: string | boolean; neo4jUser?: string }): Promise<{ store: Store; label: string }> {
  const uri = typeof flags.neo4j === 'string' ? flags.neo4j : process.env.LOCKSTEP_NEO4J_URI;
  if (!uri) throw new Error('--neo4j needs a URI (or set LOCKSTEP_NEO4J_URI)');
  const store = await openNeo4jStore({ uri, user: flags.neo4jUser ?? process.env.LOCKSTEP_NEO4J_USER ?? 'neo4j', password: process.env.LOCKSTEP_NEO4J_PASSWORD ?? '' });
  return { store, label: redactUri(uri) };
}

export async function runScan(inputs: string[], flags: ScanFlags): Promise<void> {
  const started = performance.now();
  const stores = (flags.neo4j !== undefined ? 1 : 0) + (flags.store !== undefined ? 1 : 0);
  if (!stores && flags.save) throw new Error('--save writes clusters to a store: use it with --neo4j or --store');
  if (stores + (inputs.length ? 1 : 0) > 1) throw new Error('give one of: input files, --store, --neo4j');
  if (!stores && !inputs.length) throw new Error('no input: give one or more files, or - for stdin (see lockstep scan --help)');
  const range = rangeOf(flags);
  const engine = engineFromFlags(flags, stores ? [] : inputs);
  const sparkScan = sparkScanFromFlags(flags, stores ? [] : inputs);
  const progress = createProgress(flags.progress !== false && Boolean(process.stderr.isTTY));
  const budget = typeof flags.maxMemory === 'number' ? new MemoryBudget(flags.maxMemory) : undefined;
  budget?.watch();
  const neo = flags.neo4j !== undefined ? await neo4jFromFlags(flags) : flags.store !== undefined ? { store: await openEmbeddedStore(flags.store), label: flags.store } : undefined;
  try {
    // A bad mapping is a usage error: its message reaches stderr through main's handler (exit 1).
    const onReadProgress = (s: Parameters<typeof progress.read>[0]) => {
      budget?.check('while reading');
      progress.read(s);
    };
    const source: ScanSource = neo ? { kind: 'store', store: neo.store, label: neo.label } : { kind: 'files', inputs, ingest: ingestOptions(flags, onReadProgress) };
    // Notes about the input (inferred time units, rejects) go on stderr just before the summary; an
    // input mostly rejected is refused (exit 3 or 4) before the pipeline runs.
    let notes = '';
    let ingestedTime: Parameters<typeof tsUnitStats>[0];
    const req: ScanRequest = {
      source,
      range,
      params: paramsFromFlags(flags),
      threads: flags.threads as number | undefined,
      memoryBudget: budget?.limit,
      engine,
      onStage: (s) => {
        budget?.check(`before the ${s} stage`);
        progress.stage(s);
      },
      onRead: (ingested) => {
        budget?.admit(ingested.table.size);
        if (source.kind !== 'files') return;
        ingestedTime = ingested.time;
        const verdict = judgeRead(ingested, flags);
        notes = noteLines(verdict.notes);
        if (verdict.refusal) {
          progress.stop();
          process.stderr.write(notes);
          throw verdict.refusal;
        }
      },
    };
    if (sparkScan) {
      // No event is read here: the job's counts are judged as ingestion's would be (no reasons: the job counts rejects only).
      req.remote = (params, o) =>
        scanOnSpark(inputs, params, {
          ...o,
          spark: sparkScan,
          onFirstPhase: (job) => {
            const verdict = judgeInput(job, [], undefined, flags.maxRejected, undefined, flags.allowEmpty);
            if (verdict.refusal) {
              progress.stop();
              throw verdict.refusal;
            }
          },
        });
    }
    if (flags.history) req.history = { history: await FileHistory.open(flags.history), key: `scan-${new Date().toISOString()}-${process.pid}` };
    let report: Report;
    try {
      report = await runScanService(req);
    } catch (err) {
      if (err instanceof InputRejectedError) throw new InputError(`invalid input (--strict): ${err.message}`);
      throw err;
    } finally {
      progress.stop();
    }
    if (flags.map) report.params.map = flags.map;
    report.params.duplicates = flags.duplicates;
    const units = ingestedTime && tsUnitStats(ingestedTime);
    if (units) report.stats.tsUnit = units;
    const json = flags.compact ? JSON.stringify(report) : JSON.stringify(report, null, 2);
    await writeOut(flags.out, json + '\n');
    if (!flags.quiet) process.stderr.write(notes + formatSummary(report, (performance.now() - started) / 1000));
    if (neo && flags.save) {
      const scanId = `scan-${report.generatedAt}-${clusterHash(report)}`;
      await neo.store.saveScan(scanId, report);
      if (!flags.quiet) process.stderr.write(`lockstep: saved ${report.clusters.length} clusters to ${neo.label} as scan ${scanId}\n`);
    }
  } finally {
    budget?.stop();
    await neo?.store.close();
  }
}

function clusterHash(report: Report): string {
  return createHash('sha1').update(report.clusters.map((c) => c.id).join(',') + JSON.stringify(report.params)).digest('hex').slice(0, 8);
}

export async function writeOut(path: string | undefined, text: string): Promise<void> {
  if (!path || path === '-') {
    await new Promise<void>((resolve, reject) => process.stdout.write(text, (e) => (e ? reject(e) : resolve())));
    return;
  }
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('error', reject);
    out.end(text, () => resolve());
  });
}
