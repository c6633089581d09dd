import { Option, type Command } from 'commander';
import { InputRejectedError, MappingError, parseMapping } from '../ingest/index.js';
import { openNeo4jStore, redactUri, DEFAULT_BATCH_SIZE, DEFAULT_RETRY_MS, DEFAULT_WRITERS } from '../store/neo4j/index.js';
import { loadSources, LoadError, type LoadCounts } from '../store/neo4j/load.js';
import { InputError } from './errors.js';
import { positiveInt, positiveNumber, unitInterval } from './options.js';
import { TimePolicy } from '../ingest/time-policy.js';
import { judgeInput, noteLines } from './input-verdict.js';

interface IngestFlags {
  neo4j?: string;
  neo4jUser?: string;
  format: 'auto' | 'ndjson' | 'csv' | 'json';
  map?: string;
  rejects?: string;
  strict?: boolean;
  allowAnyTime?: boolean;
  maxRejected: number;
  allowEmpty?: boolean;
  batchSize: number;
  writers: number;
  retrySeconds: number;
  quiet?: boolean;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('Load events into Neo4j, in batches; re-running the same input adds nothing twice.')
    .argument('<inputs...>', 'event files (NDJSON, CSV or JSON array, optionally .gz), or - for stdin')
    .option('--neo4j <uri>', 'Neo4j Bolt URI (default: $LOCKSTEP_NEO4J_URI); user and password from $LOCKSTEP_NEO4J_USER and $LOCKSTEP_NEO4J_PASSWORD')
    .option('--neo4j-user <user>', 'Neo4j user (default: $LOCKSTEP_NEO4J_USER or neo4j)')
    .addOption(new Option('--format <format>', 'input format').choices(['auto', 'ndjson', 'csv', 'json']).default('auto'))
    .option('--map <mapping>', 'column mapping for other layouts, e.g. "coortweet" (see lockstep scan --help)')
    .option('--rejects <file>', 'write every rejected record (source, line, reason) to this NDJSON file')
    .option('--strict', 'stop at the first invalid record (exit code 2)')
    .option('--allow-any-time', 'accept times outside 2000-01-01 to the end of tomorrow (UTC); otherwise they are rejects')
    .option('--max-rejected <share>', 'exit 3 or 4 (after storing the good records) when more than this share of the records is rejected', unitInterval, 0.5)
    .option('--allow-empty', 'accept an input with no records; otherwise it is refused (exit 4)')
    .option('--batch-size <n>', 'events per transaction', positiveInt, DEFAULT_BATCH_SIZE)
    .option('--writers <n>', 'transactions written at once (each its own batch and connection)', positiveInt, DEFAULT_WRITERS)
    .option('--retry-seconds <s>', 'how long to keep retrying when Neo4j is unreachable before giving up', positiveNumber, DEFAULT_RETRY_MS / 1000)
    .option('-q, --quiet', 'no progress or summary on stderr')
    .addHelpText(
      'after',
      `
Prints the counts as JSON on stdout: {"read","accepted","duplicates","rejected","seconds"}.
Exit codes: 0 ok, 1 Neo4j unreachable or failed (the message says how many events were committed, and which\nbatches were in flight: each of those is wholly stored or wholly absent), 2 invalid input under --strict,\n3 or 4: more than --max-rejected of the records were rejected (3: times outside the plausible range), the good ones are stored.\nNumeric times: the unit is inferred from each value's size unless --map ts-unit=… states it.
Examples:
  LOCKSTEP_NEO4J_URI=bolt://localhost:7687 LOCKSTEP_NEO4J_PASSWORD=secret lockstep ingest day1.ndjson.gz day2.ndjson.gz
  lockstep ingest russian_coord_tweets.csv --map coortweet --neo4j bolt://localhost:7687`,
    )
    .action(async (inputs: string[], flags: IngestFlags) => {
      await runIngest(inputs, flags);
    });
}

export async function runIngest(inputs: string[], flags: IngestFlags): Promise<LoadCounts> {
  const started = performance.now();
  const uri = flags.neo4j ?? process.env.LOCKSTEP_NEO4J_URI;
  if (!uri) throw new Error('no Neo4j to ingest into: pass --neo4j <uri> or set LOCKSTEP_NEO4J_URI');
  let mapping;
  try {
    mapping = flags.map ? parseMapping(flags.map) : undefined;
  } catch (err) {
    if (err instanceof MappingError) throw new Error(err.message);
    throw err;
  }
  const store = await openNeo4jStore({
    uri,
    user: flags.neo4jUser ?? process.env.LOCKSTEP_NEO4J_USER ?? 'neo4j',
    password: process.env.LOCKSTEP_NEO4J_PASSWORD ?? '',
    database: process.env.LOCKSTEP_NEO4J_DATABASE || undefined,
    retryMs: flags.retrySeconds * 1000,
    batchSize: flags.batchSize,
  });
  const progress = progressLine(!flags.quiet, started);
  const time = new TimePolicy({ unit: mapping?.tsUnit, allowAnyTime: flags.allowAnyTime });
  try {
    const { counts, rejectKinds } = await loadSources(store, inputs, {
      format: flags.format,
      mapping,
      time,
      strict: flags.strict,
      rejectsFile: flags.rejects,
      batchSize: flags.batchSize,
      writers: flags.writers,
      onProgress: progress.update,
    });
    progress.done();
    const seconds = (performance.now() - started) / 1000;
    process.stdout.write(JSON.stringify({ read: counts.read, accepted: counts.accepted, duplicates: counts.duplicates, rejected: counts.rejected, seconds: round(seconds) }) + '\n');
    if (!flags.quiet) {
      process.stderr.write(
        `ingested into ${redactUri(uri)}: read ${counts.read}, accepted ${counts.accepted}, duplicates ${counts.duplicates}, rejected ${counts.rejected} ` +
          `in ${seconds.toFixed(1)} s (${Math.round(counts.read / Math.max(seconds, 1e-3))} events/s)\n`,
      );
    }
    // Judged after the good records are stored (nothing accepted is lost), so a batch job still sees a refusal.
    const verdict = judgeInput(counts, rejectKinds, time, flags.maxRejected, flags.rejects, flags.allowEmpty);
    if (verdict.refusal || !flags.quiet) process.stderr.write(noteLines(verdict.notes));
    if (verdict.refusal) throw verdict.refusal;
    return counts;
  } catch (err) {
    progress.done();
    if (err instanceof LoadError && err.cause instanceof InputRejectedError) throw new InputError(`invalid input (--strict): ${err.message}`);
    throw err;
  } finally {
    await store.close();
  }
}

const round = (x: number) => Math.round(x * 100) / 100;

/** A progress line on stderr: rewritten in place on a terminal, else one line every few seconds. */
function progressLine(enabled: boolean, started: number) {
  const tty = Boolean(process.stderr.isTTY);
  let last = 0;
  let shown = false;
  return {
    update(c: LoadCounts) {
      if (!enabled) return;
      const now = performance.now();
      if (now - last < (tty ? 200 : 5000)) return;
      last = now;
      const rate = Math.round(c.committed / Math.max((now - started) / 1000, 1e-3));
      const line = `ingest: ${c.committed} events committed (${c.accepted} new, ${c.duplicates} duplicates, ${c.rejected} rejected), ${rate} events/s`;
      process.stderr.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
      shown = true;
    },
    done() {
      if (enabled && tty && shown) process.stderr.write('\n');
    },
  };
}
