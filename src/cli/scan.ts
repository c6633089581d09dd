import { createWriteStream } from 'node:fs';
import { Option, type Command } from 'commander';
import { ingestSources, parseMapping, InputRejectedError, EventTableBuilder, eventAt, type EventTable, type IngestResult } from '../ingest/index.js';
import { DEFAULT_PARAMS, REGIMES, REGIME_HELP, type RegimeChoice, type ScanParams } from '../detect/params.js';
import { scanTable } from '../pipeline.js';
import { InputError } from './errors.js';
import { createProgress } from './progress.js';
import { formatSummary } from './summary.js';
import { openNeo4jStore, readTable, redactUri } from '../store/neo4j/index.js';
import type { Report } from '../report/types.js';
import { createHash } from 'node:crypto';
import { instant, integer, numberList, positiveInt, positiveNumber, unitInterval } from './options.js';
import { TimePolicy } from '../ingest/time-policy.js';
import { judgeInput, tsUnitStats } from './input-verdict.js';

interface ScanFlags {
  out?: string;
  format: 'auto' | 'ndjson' | 'csv' | 'json';
  map?: string;
  rejects?: string;
  strict?: boolean;
  allowAnyTime?: boolean;
  maxRejected: number;
  window: number;
  scales: number[];
  threshold: number;
  seed: number;
  regime: RegimeChoice;
  resolution: number;
  fanout: number;
  minTargets: number;
  minSize: number;
  topK: number;
  textSimilarity: number;
  episodeGap: number;
  compact?: boolean;
  quiet?: boolean;
  progress?: boolean;
  from?: number;
  to?: number;
  duplicates: 'id' | 'exact' | 'keep';
  neo4j?: string | boolean;
  neo4jUser?: string;
  save?: boolean;
}

const D = DEFAULT_PARAMS;

export function registerScan(program: Command): void {
  program
    .command('scan')
    .description('Scan activity for coordinated clusters and write a report (JSON, see the README).')
    .argument('[inputs...]', 'event files (NDJSON, CSV or JSON array, optionally .gz), or - for stdin')
    .option('-o, --out <file>', 'write the report here (default: stdout)')
    .addOption(new Option('--format <format>', 'input format').choices(['auto', 'ndjson', 'csv', 'json']).default('auto'))
    .option('--map <mapping>', 'column mapping for other layouts, e.g. "coortweet" or "account=user,target=object_id,ts=time,ts-unit=s,action==share"')
    .option('--rejects <file>', 'write every rejected record (source, line, reason) to this NDJSON file')
    .option('--strict', 'stop at the first invalid record (exit code 2)')
    .option('--allow-any-time', 'accept times outside 2000-01-01 to the end of tomorrow (UTC); otherwise they are rejects')
    .option('--max-rejected <share>', 'refuse the input (exit 3 or 4) when more than this share of its records is rejected; 1 never refuses', unitInterval, 0.5)
    .addOption(new Option('--duplicates <policy>', 'which records count as duplicates: id (an id seen before, the contract), exact (identical in every field; CooRTweet compatibility), keep (none)').choices(['id', 'exact', 'keep']).default('id'))
    .option('--window <seconds>', 'base co-action window', positiveNumber, D.window)
    .option('--scales <list>', 'window multiples also examined (comma-separated)', numberList, D.scales)
    .option('--threshold <score>', 'flag clusters scoring at least this (0–1)', unitInterval, D.threshold)
    .option('--seed <n>', 'seed for community detection and the null model', integer, D.seed)
    .addOption(new Option('--regime <regime>', REGIME_HELP).choices([...REGIMES]).default(D.regime))
    .option('--resolution <r>', 'Louvain resolution', positiveNumber, D.resolution)
    .option('--fanout <k>', 'pair each event with at most k preceding events on its target', positiveInt, D.fanout)
    .option('--min-targets <n>', 'repetition a pair needs (distinct targets, weighted by action rarity)', positiveNumber, D.minTargets)
    .option('--top-k <k>', 'strongest edges kept per account', positiveInt, D.topK)
    .option('--min-size <n>', 'smallest cluster reported', positiveInt, D.minClusterSize)
    .option('--text-similarity <j>', 'near-duplicate text threshold (Jaccard of character shingles)', unitInterval, D.textSimilarity)
    .option('--episode-gap <seconds>', 'silence that splits activity on one target into episodes', positiveNumber, D.episodeGap)
    .option('--from <time>', 'only events at or after this time (ISO-8601 or epoch ms)', instant)
    .option('--to <time>', 'only events at or before this time (ISO-8601 or epoch ms)', instant)
    .option('--neo4j [uri]', 'scan events stored in Neo4j instead of files (default URI: $LOCKSTEP_NEO4J_URI; password from $LOCKSTEP_NEO4J_PASSWORD)')
    .option('--neo4j-user <user>', 'Neo4j user (default: $LOCKSTEP_NEO4J_USER or neo4j)')
    .option('--save', 'with --neo4j: write the flagged clusters back as nodes linked to their members and this scan')
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
  lockstep scan --neo4j bolt://localhost:7687 --from 2024-03-01T00:00:00Z --to 2024-03-02T00:00:00Z --save`,
    )
    .action(async (inputs: string[], flags: ScanFlags) => {
      await runScan(inputs, flags);
    });
}

export async function runScan(inputs: string[], flags: ScanFlags): Promise<void> {
  const started = performance.now();
  if (flags.neo4j !== undefined) return runStoreScan(inputs, flags, started);
  if (flags.save) throw new Error('--save writes clusters to Neo4j: use it with --neo4j');
  if (!inputs.length) throw new Error('no input: give one or more files, or - for stdin (see lockstep scan --help)');
  // A bad mapping is a usage error: its message reaches stderr through main's handler (exit 1).
  const mapping = flags.map ? parseMapping(flags.map) : undefined;
  const progress = createProgress(flags.progress !== false && Boolean(process.stderr.isTTY));
  const time = new TimePolicy({ unit: mapping?.tsUnit, allowAnyTime: flags.allowAnyTime });
  let ingested: IngestResult;
  try {
    ingested = await ingestSources(inputs, {
      format: flags.format,
      mapping,
      time,
      strict: flags.strict,
      rejectsFile: flags.rejects,
      duplicates: flags.duplicates,
      onProgress: (s) => progress.read(s),
    });
  } catch (err) {
    progress.stop();
    if (err instanceof InputRejectedError) throw new InputError(`invalid input (--strict): ${err.message}`);
    throw err;
  }
  const verdict = judgeInput(ingested.stats, ingested.rejectKinds ?? [], ingested.time, flags.maxRejected, flags.rejects);
  const notes = verdict.notes.map((note) => (note.startsWith('  ') ? `${note}\n` : `lockstep: ${note}\n`)).join('');
  if (verdict.refusal) {
    progress.stop();
    process.stderr.write(notes);
    throw verdict.refusal;
  }
  let outsideRange: number | undefined;
  if (flags.from !== undefined || flags.to !== undefined) {
    const all = ingested.table.size;
    ingested.table = withinRange(ingested.table, flags.from ?? -Infinity, flags.to ?? Infinity);
    // stats.events counts the events scanned; the rest of the input is outsideRange (read = events + rejected + duplicates + outsideRange).
    outsideRange = all - ingested.table.size;
    ingested.stats = { ...ingested.stats, events: ingested.table.size };
  }
  await finishScan(ingested, inputs, flags, started, progress, notes, (r) => {
    const units = tsUnitStats(ingested.time);
    if (units) r.stats.tsUnit = units;
    if (outsideRange !== undefined) r.stats.outsideRange = outsideRange;
  });
}

/** `scan --neo4j`: reads the time range back from the store, scans it, optionally saves the clusters. */
async function runStoreScan(inputs: string[], flags: ScanFlags, started: number): Promise<void> {
  if (inputs.length) throw new Error('give either input files or --neo4j, not both');
  const uri = typeof flags.neo4j === 'string' ? flags.neo4j : process.env.LOCKSTEP_NEO4J_URI;
  if (!uri) throw new Error('--neo4j needs a URI (or set LOCKSTEP_NEO4J_URI)');
  const store = await openNeo4jStore({
    uri,
    user: flags.neo4jUser ?? process.env.LOCKSTEP_NEO4J_USER ?? 'neo4j',
    password: process.env.LOCKSTEP_NEO4J_PASSWORD ?? '',
  });
  try {
    const progress = createProgress(flags.progress !== false && Boolean(process.stderr.isTTY));
    const { table, stats } = await readTable(store, { from: flags.from, to: flags.to });
    const report = await finishScan({ table, stats, rejects: [] }, [redactUri(uri)], flags, started, progress, '');
    if (flags.save) {
      const scanId = `scan-${report.generatedAt}-${clusterHash(report)}`;
      await store.saveScan(scanId, report);
      if (!flags.quiet) process.stderr.write(`lockstep: saved ${report.clusters.length} clusters to ${redactUri(uri)} as scan ${scanId}\n`);
    }
  } finally {
    await store.close();
  }
}

function clusterHash(report: Report): string {
  return createHash('sha1').update(report.clusters.map((c) => c.id).join(',') + JSON.stringify(report.params)).digest('hex').slice(0, 8);
}

/** Scans the table and writes the report; `notes` (about the input) go on stderr just before the summary. */
async function finishScan(
  ingested: IngestResult,
  inputs: string[],
  flags: ScanFlags,
  started: number,
  progress: ReturnType<typeof createProgress>,
  notes: string,
  amend?: (r: Report) => void,
): Promise<Report> {
  const readSeconds = (performance.now() - started) / 1000;
  const params: Partial<ScanParams> = {
    window: flags.window,
    scales: flags.scales,
    threshold: flags.threshold,
    seed: flags.seed,
    regime: flags.regime,
    resolution: flags.resolution,
    fanout: flags.fanout,
    minTargets: flags.minTargets,
    topK: flags.topK,
    minClusterSize: flags.minSize,
    textSimilarity: flags.textSimilarity,
    episodeGap: flags.episodeGap,
  };
  const report = await scanTable(ingested.table, params, {
    ingest: ingested.stats,
    rejects: ingested.rejects,
    readSeconds,
    onStage: (s) => progress.stage(s),
  });
  progress.stop();
  report.params.inputs = inputs;
  if (flags.map) report.params.map = flags.map;
  report.params.duplicates = flags.duplicates;
  if (flags.from !== undefined) report.params.from = new Date(flags.from).toISOString();
  if (flags.to !== undefined) report.params.to = new Date(flags.to).toISOString();
  amend?.(report);
  const json = flags.compact ? JSON.stringify(report) : JSON.stringify(report, null, 2);
  await writeOut(flags.out, json + '\n');
  if (!flags.quiet) process.stderr.write(notes + formatSummary(report, (performance.now() - started) / 1000));
  return report;
}

async function writeOut(path: string | undefined, text: string): Promise<void> {
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

/** Keeps the events inside [from, to] (inclusive); of events sharing an id, the first. */
function withinRange(t: EventTable, from: number, to: number): EventTable {
  // (Repeated ids are dropped at build: the same table as dropping them on push, faster.)
  const b = new EventTableBuilder(t.size, { dedupe: 'at-build' });
  for (let i = 0; i < t.size; i++) if (t.ts[i] >= from && t.ts[i] <= to) b.push(eventAt(t, i));
  return b.build();
}
