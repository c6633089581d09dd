import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { InputRejectedError, ingestSources } from '../ingest/index.js';
import { eventAt } from '../ingest/table.js';
import { FileHistory } from '../history/file-history.js';
import type { Report } from '../report/types.js';
import { openEmbeddedStore } from '../store/embedded/index.js';
import { inputOptions, ingestOptions, type InputFlags } from '../scan/cli-flags.js';
import { paramOptions, paramsFromFlags } from '../scan/params.js';
import { confirmedClusters, runScan } from '../scan/service.js';
import { threadsOption } from './exec-flags.js';
import { DAY_MS, parseDay, parseDuration } from '../scan/time.js';
import { InputError } from './errors.js';
import { unitInterval, positiveInt } from './options.js';
import { EXIT, judgeRead, noteLines, RefusedInputError } from './input-verdict.js';

/** Exit codes of `lockstep daily`, for cron and pipelines. */
// The alert code sits apart from scan's input codes (2 and up) so a wrapper can tell "new operation"
// from any input refusal.
export const DAILY_EXIT = { ok: 0, error: 1, invalidInput: 2, implausibleTimes: EXIT.implausibleTimes, mostlyRejected: EXIT.mostlyRejected, newOperationAlert: 10 } as const;

interface DailyFlags extends InputFlags {
  store: string;
  day: string;
  lookBack: string;
  keepDays?: number;
  alertThreshold: number;
  summaryJson?: string;
  logFormat: 'text' | 'json';
  out?: string;
  [param: string]: unknown;
}

/** What one nightly run did, for the log line and --summary-json. */
export interface DailySummary {
  day: string;
  from: string;
  to: string;
  ingested: { read: number; accepted: number; duplicates: number; rejected: number };
  scanned: { events: number; accounts: number };
  clusters: number;
  newOperations: { operationId: string; clusterId: string; score: number; members: number }[];
  returning: number;
  notSeen: string[];
  confirmedMemberHits: number;
  alerts: { operationId: string; clusterId: string; score: number }[];
  pruned: number;
  exitCode: number;
  seconds: number;
  /** What was read from the day's input and said on stderr (the numeric time unit inferred, rejects
   *  by reason), kept here for JSON logs and --summary-json. */
  notes?: string[];
}

export function registerDaily(program: Command): void {
  const cmd = program
    .command('daily')
    .description('The nightly job: ingest a day into the embedded store, scan a look-back window, track operations across days, alert on new ones.')
    .argument('[inputs...]', "the day's event files (or - for stdin); none to scan what the store already holds")
    .requiredOption('--store <dir>', 'embedded store directory (events, scans, reviews, and the history in <dir>/history)')
    .requiredOption('--day <YYYY-MM-DD>', 'the day (UTC) this run is for')
    .option('--look-back <duration>', 'scan this much time up to the end of the day, so pushes across midnight count (e.g. 3d, 36h)', '3d')
    .option('--keep-days <n>', 'after the scan, drop stored events older than this many days before the end of the day', positiveInt)
    .option('--alert-threshold <score>', `exit ${DAILY_EXIT.newOperationAlert} when a new operation scores at least this`, unitInterval, 0.8)
    .option('--summary-json <file>', 'write the run summary (counts, new and unseen operations, exit code) as JSON here')
    .addOption(new Option('--log-format <format>', 'the summary log line (and errors) as text or one JSON line').choices(['text', 'json']).default('text'))
    .option('-o, --out <file>', 'also write the full report here');
  for (const o of [...inputOptions(), ...paramOptions()]) cmd.addOption(o);
  cmd.addOption(threadsOption());
  cmd
    .addHelpText(
      'after',
      `
Exit codes: ${DAILY_EXIT.ok} ok; ${DAILY_EXIT.error} usage or internal error; ${DAILY_EXIT.invalidInput} invalid input under --strict;
${DAILY_EXIT.implausibleTimes} or ${DAILY_EXIT.mostlyRejected} the day's input refused, nothing stored or scanned (as scan: more than --max-rejected of its
records rejected, 3 for times out of range; 4 also for an input with no records, unless --allow-empty);
${DAILY_EXIT.newOperationAlert} a new operation scored at least --alert-threshold (the run itself succeeded).
Re-running the same day is idempotent: events are stored once, the day's scan and history entry are replaced.
Example (cron, 01:30 UTC):
  lockstep daily --store /var/lib/lockstep --day $(date -u -d yesterday +%F) /data/$(date -u -d yesterday +%F).ndjson.gz --summary-json /tmp/lockstep.json --log-format json`,
    )
    .action(async (inputs: string[], flags: DailyFlags) => {
      try {
        process.exitCode = (await runDaily(inputs, flags)).exitCode;
      } catch (err) {
        if (flags.logFormat !== 'json') throw err;
        const invalid = err instanceof InputError || err instanceof InputRejectedError;
        process.stderr.write(JSON.stringify({ level: 'error', time: new Date().toISOString(), msg: err instanceof Error ? err.message : String(err), day: flags.day }) + '\n');
        process.exitCode = err instanceof RefusedInputError ? err.exitCode : invalid ? DAILY_EXIT.invalidInput : DAILY_EXIT.error;
      }
    });
}

export async function runDaily(inputs: string[], flags: DailyFlags): Promise<DailySummary> {
  const started = performance.now();
  const dayStart = parseDay(flags.day);
  const lookBack = parseDuration(flags.lookBack);
  if (lookBack < DAY_MS) throw new Error('--look-back must be at least 1d (the day itself)');
  const range = { from: dayStart + DAY_MS - lookBack, to: dayStart + DAY_MS - 1 };
  const store = await openEmbeddedStore(flags.store);
  try {
    const ingested = { read: 0, accepted: 0, duplicates: 0, rejected: 0 };
    const notes: string[] = [];
    if (inputs.length) {
      let r;
      try {
        r = await ingestSources(inputs, ingestOptions(flags));
      } catch (err) {
        if (err instanceof InputRejectedError) throw new InputError(`invalid input (--strict): ${err.message}`);
        throw err;
      }
      // Judged before anything is stored: a refused day leaves the store as it was, and a re-run
      // with the input fixed (or --max-rejected, --allow-empty) stores it once. JSON logs keep one
      // line a run: the notes go into it.
      const verdict = judgeRead(r, flags);
      notes.push(...verdict.notes);
      if (flags.logFormat !== 'json') process.stderr.write(noteLines(verdict.notes));
      if (verdict.refusal) throw verdict.refusal;
      const batch = [];
      for (let i = 0; i < r.table.size; i++) batch.push(eventAt(r.table, i));
      // Stored by id: a re-run of the same day stores nothing twice.
      const appended = await store.appendEvents(batch);
      Object.assign(ingested, { read: r.stats.read, accepted: appended.accepted, duplicates: r.stats.duplicates + appended.duplicates, rejected: r.stats.rejected });
    }
    const history = await FileHistory.open(join(flags.store, 'history'));
    const report: Report = await runScan({
      source: { kind: 'store', store, label: flags.store },
      range,
      params: paramsFromFlags(flags),
      threads: flags.threads as number | undefined,
      history: { history, key: `daily:${flags.day}`, confirmed: await confirmedClusters(store) },
    });
    report.params.day = flags.day;
    await store.saveScan(`daily-${flags.day}`, report);
    const pruned = flags.keepDays ? await store.pruneEvents(dayStart + DAY_MS - flags.keepDays * DAY_MS) : 0;
    if (flags.out) await writeFile(flags.out, JSON.stringify(report, null, 2) + '\n');

    const changes = report.changes!;
    const alerts = changes.new.filter((n) => n.score >= flags.alertThreshold).map(({ operationId, clusterId, score }) => ({ operationId, clusterId, score }));
    const summary: DailySummary = {
      day: flags.day,
      from: new Date(range.from).toISOString(),
      to: new Date(range.to).toISOString(),
      ingested,
      scanned: { events: report.stats.events, accounts: report.stats.accounts },
      clusters: report.clusters.length,
      newOperations: changes.new,
      returning: changes.returning.length,
      notSeen: changes.notSeen.map((n) => n.operationId),
      confirmedMemberHits: changes.confirmedMembers.reduce((n, c) => n + c.members.length, 0),
      alerts,
      pruned,
      exitCode: alerts.length ? DAILY_EXIT.newOperationAlert : DAILY_EXIT.ok,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      ...(notes.length ? { notes } : {}),
    };
    if (flags.summaryJson) await writeFile(flags.summaryJson, JSON.stringify(summary, null, 2) + '\n');
    process.stderr.write(flags.logFormat === 'json' ? JSON.stringify({ level: alerts.length ? 'warn' : 'info', time: new Date().toISOString(), msg: 'lockstep daily', ...summary }) + '\n' : summaryLine(summary) + '\n');
    return summary;
  } finally {
    await store.close();
  }
}

/** The one log line of a run. */
export function summaryLine(s: DailySummary): string {
  const ops = s.newOperations.map((n) => `${n.operationId} ${n.score.toFixed(2)}`).join(', ');
  return (
    `lockstep daily ${s.day}: ingested ${s.ingested.accepted.toLocaleString('en')} events (${s.ingested.duplicates} duplicates, ${s.ingested.rejected} rejected); ` +
    `scanned ${s.scanned.events.toLocaleString('en')} events ${s.from} to ${s.to}: ${s.clusters} clusters, ${s.newOperations.length} new operations${ops ? ` (${ops})` : ''}, ` +
    `${s.returning} returning, ${s.notSeen.length} not seen${s.notSeen.length ? ` (${s.notSeen.join(', ')})` : ''}; ` +
    `${s.alerts.length} alerts; pruned ${s.pruned}; exit ${s.exitCode}; ${s.seconds} s`
  );
}
