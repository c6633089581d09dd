import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { CLUSTER_FORMATS, coortweetCsv, coortweetRows, EXPORT_FORMATS, exportClusters, type ExportCluster, type ExportFormat } from '../export/index.js';
import { InputRejectedError } from '../ingest/index.js';
import { FileHistory } from '../history/file-history.js';
import type { Report } from '../report/types.js';
import { openEmbeddedStore } from '../store/embedded/index.js';
import type { Store } from '../store/types.js';
import { inputOptions, ingestOptions, rangeOf, rangeOptions, type InputFlags, type RangeFlags } from '../scan/cli-flags.js';
import { paramOptions, paramsFromFlags } from '../scan/params.js';
import { readRange, type ScanSource } from '../scan/source.js';
import { runScan } from '../scan/service.js';
import { threadsOption } from './exec-flags.js';
import { InputError } from './errors.js';
import { neo4jFromFlags, writeOut } from './scan.js';
import { positiveInt } from './options.js';
import { checkInput } from './input-verdict.js';

interface ExportFlags extends Omit<InputFlags, 'format' | 'duplicates'>, RangeFlags {
  format: ExportFormat;
  inputFormat: InputFlags['format'];
  duplicates?: InputFlags['duplicates'];
  out?: string;
  minParticipation: number;
  report?: string;
  store?: string;
  history?: string;
  neo4j?: string | boolean;
  neo4jUser?: string;
  window: number;
  [param: string]: unknown;
}

export function registerExport(program: Command): void {
  const cmd = program
    .command('export')
    .description('Write the coordination network or the flagged clusters in formats other tools read: CooRTweet edge list, GEXF/GraphML (Gephi), CSV.')
    .argument('[inputs...]', 'event files, or - for stdin (as for scan)')
    .addOption(new Option('--format <format>', 'coortweet: CooRTweet coordinated-network edge list; gexf, graphml: flagged clusters as a graph; csv: one row per member').choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option('-o, --out <file>', 'write here (default: stdout)')
    .option('--report <file>', 'gexf/graphml/csv: export the clusters of this saved report instead of scanning')
    .option('--store <dir>', 'read events (in --from/--to) from this embedded store directory instead of files; review states come from it too')
    .option('--min-participation <n>', "coortweet: CooRTweet's min_participation", positiveInt, 2)
    .option('--history <dir>', 'gexf/graphml/csv: give clusters their operationId from this scan history (the scan is recorded there)')
    .option('--neo4j [uri]', 'read events from Neo4j instead of files')
    .option('--neo4j-user <user>', 'Neo4j user');
  // --duplicates defaults by format (exact for coortweet, as CooRTweet keeps rows repeating a content id).
  for (const o of inputOptions('input-format')) cmd.addOption(o.long === '--duplicates' ? o.default(undefined) : o);
  for (const o of [...paramOptions(), ...rangeOptions()]) cmd.addOption(o);
  cmd.addOption(threadsOption());
  cmd
    .addHelpText(
      'after',
      `
--window is CooRTweet's time_window with --format coortweet (seconds, inclusive).
Exit codes: 0 ok, 1 usage or internal error, 2 invalid input under --strict, 3 or 4 input refused as by scan
(more than --max-rejected of its records rejected, 3 for times out of range; 4 also for no records, unless --allow-empty).
Examples:
  lockstep export russian_coord_tweets.csv --map coortweet --format coortweet --window 60 --min-participation 2 --out edges.csv
  lockstep export day.ndjson.gz --format gexf --out clusters.gexf
  lockstep export --report report.json --format csv --out members.csv`,
    )
    .action(async (inputs: string[], flags: ExportFlags) => {
      await runExport(inputs, flags);
    });
}

async function runExport(inputs: string[], flags: ExportFlags): Promise<void> {
  const sources = [inputs.length > 0, flags.store !== undefined, flags.neo4j !== undefined, flags.report !== undefined].filter(Boolean).length;
  if (sources !== 1) throw new Error('give exactly one of: input files, --store <dir>, --neo4j, --report <file>');
  if (flags.report && flags.format === 'coortweet') throw new Error('--format coortweet needs the events (files, --store or --neo4j), not a report');
  const duplicates = flags.duplicates ?? (flags.format === 'coortweet' ? 'exact' : 'id');
  const range = rangeOf(flags);
  let store: Store | undefined;
  try {
    let source: ScanSource | undefined;
    if (flags.store) source = { kind: 'store', store: (store = await openEmbeddedStore(flags.store)), label: flags.store };
    else if (flags.neo4j !== undefined) {
      const neo = await neo4jFromFlags(flags);
      store = neo.store;
      source = { kind: 'store', store, label: neo.label };
    } else if (inputs.length) source = { kind: 'files', inputs, ingest: ingestOptions({ ...flags, format: flags.inputFormat, duplicates }) };

    let text: string;
    // Files are judged as scan judges them: a mostly rejected or empty input is refused, not exported.
    const onRead = (ingested: Awaited<ReturnType<typeof readRange>>) => {
      if (source?.kind === 'files') checkInput(ingested, flags);
    };
    if (flags.format === 'coortweet') {
      const ingested = await readRange(source!, range);
      onRead(ingested);
      const { table } = ingested;
      text = coortweetCsv(coortweetRows(table, { timeWindow: flags.window, minParticipation: flags.minParticipation }));
    } else {
      const report: Report = flags.report
        ? (JSON.parse(await readFile(flags.report, 'utf8')) as Report)
        : await runScan({ source: source!, range, onRead, params: paramsFromFlags(flags), threads: flags.threads as number | undefined, history: flags.history ? { history: await FileHistory.open(flags.history), key: `export-${new Date().toISOString()}-${process.pid}` } : undefined });
      if (!Array.isArray(report.clusters)) throw new Error(`${flags.report} is not a Lockstep report (no clusters)`);
      const clusters: ExportCluster[] = [];
      for (const c of report.clusters) {
        const review = store ? (await store.getCluster(c.id))?.review : undefined;
        clusters.push(review ? { ...c, review } : c);
      }
      text = exportClusters(flags.format as (typeof CLUSTER_FORMATS)[number], clusters);
    }
    await writeOut(flags.out, text);
  } catch (err) {
    if (err instanceof InputRejectedError) throw new InputError(`invalid input (--strict): ${err.message}`);
    throw err;
  } finally {
    await store?.close();
  }
}
