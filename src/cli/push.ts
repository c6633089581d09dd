import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { Option, type Command } from 'commander';
import { parseMapping, readBatches, RejectSink, sourceLabel, type ActivityEvent } from '../ingest/index.js';
import { TimePolicy } from '../ingest/time-policy.js';
import type { Report } from '../report/types.js';
import { ApiClient, ApiError } from './api-client.js';
import { judgeInput, noteLines } from './input-verdict.js';
import { positiveInt, unitInterval } from './options.js';
import { formatSummary } from './summary.js';

interface PushFlags {
  api?: string;
  key?: string;
  batch: number;
  retries: number;
  format: 'auto' | 'ndjson' | 'csv' | 'json';
  map?: string;
  rejects?: string;
  allowAnyTime?: boolean;
  maxRejected: number;
  allowEmpty?: boolean;
  scan?: boolean;
  out?: string;
  quiet?: boolean;
}

interface EventsAnswer {
  received: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  rejects: { line: number; reason: string }[];
}

export interface PushCounts {
  read: number;
  sent: number;
  accepted: number;
  duplicates: number;
  rejected: number;
  batches: number;
  /** Events in batches the server had already answered (same Idempotency-Key): stored by an earlier push. */
  replayed: number;
}

export function registerPush(program: Command): void {
  program
    .command('push')
    .description('Send event files to a Lockstep API (POST /v1/events) in batches, with retries and idempotency keys.')
    .argument('<inputs...>', 'event files (NDJSON, CSV or JSON array, optionally .gz), or - for stdin')
    .option('--api <url>', 'the API base URL (default: $LOCKSTEP_API_URL)')
    .option('--key <key>', 'a write API key (default: $LOCKSTEP_API_KEY)')
    .option('--batch <n>', 'events per request', positiveInt, 5000)
    .option('--retries <n>', 'retries per request when the server is unreachable, busy (429) or failing (5xx); backoff doubles from 0.25 s to 30 s', positiveInt, 8)
    .addOption(new Option('--format <format>', 'input format').choices(['auto', 'ndjson', 'csv', 'json']).default('auto'))
    .option('--map <mapping>', 'column mapping for other layouts (see lockstep scan --help)')
    .option('--rejects <file>', 'write every record rejected here or by the server (source, line, reason) to this NDJSON file')
    .option('--allow-any-time', 'accept times outside 2000-01-01 to the end of tomorrow (the server must allow them too: LOCKSTEP_ALLOW_ANY_TIME=1)')
    .option('--max-rejected <share>', 'exit 3 or 4 (after sending the good records) when more than this share of the records is rejected', unitInterval, 0.5)
    .option('--allow-empty', 'accept an input with no records; otherwise it is refused (exit 4)')
    .option('--scan', 'then scan everything stored (POST /v1/scans), wait for it and print its summary')
    .option('-o, --out <file>', 'with --scan: write the scan report here')
    .option('-q, --quiet', 'no summary on stderr')
    .addHelpText(
      'after',
      `
Each record is read and checked here, as lockstep scan reads it (numeric times in any unit, --map), and
sent as contract NDJSON (ISO times), gzip-compressed. Each batch carries an Idempotency-Key derived from
its content, and events are idempotent by id, so re-running an interrupted push stores nothing twice.
Prints {"read","sent","accepted","duplicates","rejected","batches","replayed"} on stdout (replayed: events in
batches the server had already answered to an earlier push).
Exit codes: 0 ok, 1 usage error or the server refused a request / stayed unreachable (the message says how
many batches were stored; run the same command again to finish), 3 or 4 as for lockstep scan (more than
--max-rejected of the records rejected; the good ones are sent).
Example:
  npx lockstep push fixtures/sample-day.ndjson.gz --api http://127.0.0.1:8080 --key s3cret-w --scan`,
    )
    .action(async (inputs: string[], flags: PushFlags) => {
      await runPush(inputs, flags);
    });
}

/** One event as a contract NDJSON line (ISO time: no unit for the server to guess). */
export function contractLine(e: ActivityEvent): string {
  const o: Record<string, string> = {};
  if (e.id !== undefined) o.id = e.id;
  o.account = e.account;
  o.action = e.action;
  if (e.target !== undefined) o.target = e.target;
  o.ts = new Date(e.ts).toISOString();
  if (e.text !== undefined) o.text = e.text;
  if (e.platform !== undefined) o.platform = e.platform;
  return JSON.stringify(o);
}

/** A batch's Idempotency-Key: the same events give the same key, so a re-run push is replayed, not redone. */
export function batchKey(body: string): string {
  return `push-${createHash('sha256').update(body).digest('base64url').slice(0, 43)}`;
}

export async function runPush(inputs: string[], flags: PushFlags): Promise<PushCounts> {
  const started = performance.now();
  const url = flags.api ?? process.env.LOCKSTEP_API_URL;
  if (!url) throw new Error('no API to push to: pass --api <url> (e.g. http://127.0.0.1:8080) or set LOCKSTEP_API_URL');
  if (!/^https?:\/\//.test(url)) throw new Error(`--api must be an http(s) URL, got "${url}"`);
  const key = flags.key ?? process.env.LOCKSTEP_API_KEY;
  const mapping = flags.map ? parseMapping(flags.map) : undefined;
  const time = new TimePolicy({ unit: mapping?.tsUnit, allowAnyTime: flags.allowAnyTime });
  const note = (s: string) => {
    if (!flags.quiet) process.stderr.write(`lockstep: ${s}\n`);
  };
  const client = new ApiClient({ url, key, retries: flags.retries, onRetry: (what, n, ms, why) => note(`${what}: ${why}; retry ${n} of ${flags.retries} in ${(ms / 1000).toFixed(1)} s`) });
  const sink = new RejectSink(flags.rejects);
  const counts: PushCounts = { read: 0, sent: 0, accepted: 0, duplicates: 0, rejected: 0, batches: 0, replayed: 0 };

  let lines: string[] = [];
  let where: { source: string; line: number }[] = [];
  const send = async () => {
    if (!lines.length) return;
    const body = lines.join('\n') + '\n';
    let answer: EventsAnswer;
    let replayed = false;
    try {
      answer = await client.request<EventsAnswer>(
        'POST',
        '/v1/events',
        { data: gzipSync(body), type: 'application/x-ndjson', encoding: 'gzip' },
        { 'idempotency-key': batchKey(body) },
        (h) => (replayed = h.get('idempotent-replayed') === 'true'),
      );
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      throw new ApiError(
        `${err.message}\n  ${counts.batches} batches (${counts.sent} events) were stored before this one; ` +
          'run the same command again to send the rest (nothing is stored twice).',
        err.status,
      );
    }
    counts.batches++;
    counts.sent += lines.length;
    if (replayed) {
      // The first answer again: these events were stored by an earlier push, not now.
      counts.replayed += lines.length;
      lines = [];
      where = [];
      return;
    }
    counts.accepted += answer.accepted;
    counts.duplicates += answer.duplicates;
    for (const r of answer.rejects) {
      // The server's line is the line in this batch: name the record's own source and line.
      const at = where[r.line - 1] ?? { source: 'batch', line: r.line };
      counts.rejected++;
      sink.add({ source: at.source, line: at.line, reason: `rejected by the server: ${r.reason}` });
    }
    lines = [];
    where = [];
  };

  try {
    for (const source of inputs) {
      for await (const items of readBatches(source, { format: flags.format, mapping, time })) {
        for (const item of items) {
          counts.read++;
          if ('reject' in item) {
            counts.rejected++;
            sink.add(item.reject);
            continue;
          }
          lines.push(contractLine(item.event));
          where.push({ source: sourceLabel(source), line: item.line });
          if (lines.length >= flags.batch) await send();
        }
        await sink.flush();
      }
    }
    await send();
  } finally {
    await sink.close().catch(() => undefined);
  }
  process.stdout.write(JSON.stringify(counts) + '\n');
  const seconds = (performance.now() - started) / 1000;
  note(
    `pushed to ${url}: read ${counts.read.toLocaleString('en')}, accepted ${counts.accepted.toLocaleString('en')}, duplicates ${counts.duplicates.toLocaleString('en')}, ` +
      `rejected ${counts.rejected.toLocaleString('en')}${counts.replayed ? `, already sent by an earlier push ${counts.replayed.toLocaleString('en')}` : ''}, ` +
      `in ${counts.batches} batches, ${seconds.toFixed(1)} s.`,
  );
  const verdict = judgeInput(counts, sink.topKinds(), time, flags.maxRejected, flags.rejects, flags.allowEmpty);
  if (verdict.refusal || !flags.quiet) process.stderr.write(noteLines(verdict.notes));
  if (verdict.refusal) throw verdict.refusal;
  if (flags.scan) await scanAll(client, flags, started);
  return counts;
}

/** POST /v1/scans {} and wait for the scan; its summary on stderr, its report to --out. */
async function scanAll(client: ApiClient, flags: PushFlags, started: number): Promise<void> {
  const { id } = await client.request<{ id: string }>('POST', '/v1/scans', { data: '{}', type: 'application/json' });
  if (!flags.quiet) process.stderr.write(`lockstep: scan ${id} started; waiting for it.\n`);
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const scan = await client.request<{ status: string; error?: string; report?: Report }>('GET', `/v1/scans/${encodeURIComponent(id)}`);
    if (scan.status === 'queued' || scan.status === 'running') continue;
    if (scan.status !== 'done' || !scan.report) throw new ApiError(`scan ${id} ${scan.status}${scan.error ? `: ${scan.error}` : ''}`);
    if (flags.out) await writeFile(flags.out, JSON.stringify(scan.report, null, 2) + '\n');
    if (!flags.quiet) process.stderr.write(formatSummary(scan.report, (performance.now() - started) / 1000));
    return;
  }
}

function writeFile(path: string, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('error', reject);
    out.end(text, () => resolve());
  });
}
