import type { IngestStats } from '../ingest/types.js';
import type { RejectKind } from '../ingest/rejects.js';
import { UNIT_NAMES, type TimePolicy, type TsUnit } from '../ingest/time-policy.js';

/** The CLI's exit codes (README, CLI reference). */
export const EXIT = {
  ok: 0,
  /** Usage or internal error, e.g. a missing file or a --map naming columns the CSV lacks. */
  usage: 1,
  /** Invalid input under --strict. */
  strict: 2,
  /** Refused: more than --max-rejected of the records have times outside the plausible range. */
  implausibleTimes: 3,
  /** Refused: more than --max-rejected of the records were rejected (for other reasons), or there were
   *  none at all (without --allow-empty). */
  mostlyRejected: 4,
} as const;

/** The input as a whole is refused: main prints the message and exits with `exitCode`. */
export class RefusedInputError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'RefusedInputError';
  }
}

/** Notes as stderr lines: `lockstep: ` before each but the indented reasons. */
export const noteLines = (notes: string[]): string => notes.map((note) => (note.startsWith('  ') ? `${note}\n` : `lockstep: ${note}\n`)).join('');

/** What the commands that read files judge (scan, daily, export): the records and the range. */
export interface InputRead {
  stats: Pick<IngestStats, 'read' | 'rejected' | 'events'>;
  rejectKinds?: RejectKind[];
  time?: TimePolicy;
  outsideRange?: number;
  span?: { from: number; to: number };
}

/**
 * judgeInput on what was read, then the range (pure): `judgeRange` refuses an input whose valid
 * events all lie outside --from/--to.
 */
export function judgeRead(read: InputRead, flags: { maxRejected: number; rejects?: string; allowEmpty?: boolean }): InputVerdict {
  const verdict = judgeInput(read.stats, read.rejectKinds ?? [], read.time, flags.maxRejected, flags.rejects, flags.allowEmpty);
  return { notes: verdict.notes, refusal: verdict.refusal ?? judgeRange(read, flags.allowEmpty) };
}

/** judgeRead for a command that says what it read at once (export): notes to stderr, a refusal thrown. */
export function checkInput(read: InputRead, flags: Parameters<typeof judgeRead>[1]): void {
  const verdict = judgeRead(read, flags);
  process.stderr.write(noteLines(verdict.notes));
  if (verdict.refusal) throw verdict.refusal;
}

/**
 * An input whose valid events all lie outside --from/--to is refused (exit 4) unless `allowEmpty`:
 * dates that miss the data (a typo, the wrong day's file) would otherwise give an empty report
 * that reads as a quiet day. The message gives the span the events do cover.
 */
function judgeRange(read: { outsideRange?: number; span?: { from: number; to: number }; stats: Pick<IngestStats, 'events'> }, allowEmpty = false): RefusedInputError | undefined {
  if (allowEmpty || !read.outsideRange || read.stats.events > 0) return undefined;
  const iso = (t: number) => new Date(t).toISOString();
  const span = read.span ? `: the input's events span ${iso(read.span.from)} to ${iso(read.span.to)}` : '';
  return new RefusedInputError(`refused: none of the ${n(read.outsideRange)} valid events is inside --from/--to${span}. If that is expected, pass --allow-empty.`, EXIT.mostlyRejected);
}

/** What the report says about numeric times (stats.tsUnit): the units used and whether inferred. */
export interface TsUnitStats {
  inferred: boolean;
  /** Accepted numeric times per unit read. */
  counts: Partial<Record<TsUnit, number>>;
}

export function tsUnitStats(time: TimePolicy | undefined): TsUnitStats | undefined {
  const used = time?.unitsUsed() ?? [];
  if (!time || used.length === 0) return undefined;
  return { inferred: time.unit === undefined, counts: Object.fromEntries(used.map((u) => [u.unit, u.count])) };
}

export interface InputVerdict {
  /** Lines for stderr (without the `lockstep: ` prefix): the inferred unit, rejects by reason. */
  notes: string[];
  refusal?: RefusedInputError;
}

const RANGE_KIND = 'field "ts" is outside the plausible range';
const n = (x: number) => x.toLocaleString('en');
const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;

/**
 * Judges an ingested input as a whole (pure). The input is refused when more than `maxRejected`
 * of the records read were rejected: with exit code 3 when the times out of range alone are that
 * many (a wrong unit, or a 1970 / 2099 export), else 4. An input with no record at all is refused
 * with 4 too unless `allowEmpty`: an empty day file is more often an export that failed upstream
 * than a day without activity, and an empty report would look like a quiet day. The notes always
 * say which unit numeric times were inferred to be in; when the input is accepted they list the top
 * reject reasons (a refusal lists them itself).
 */
export function judgeInput(stats: Pick<IngestStats, 'read' | 'rejected'>, kinds: RejectKind[], time: TimePolicy | undefined, maxRejected: number, rejectsFile?: string, allowEmpty = false): InputVerdict {
  const notes: string[] = [];
  const used = time?.unitsUsed() ?? [];
  if (time && time.unit === undefined && used.length > 0) {
    if (used.length === 1) {
      notes.push(`numeric ts read as ${UNIT_NAMES[used[0].unit]} (inferred from their size; state it with --map ts-unit=${used[0].unit}).`);
    } else {
      notes.push(
        `numeric ts read in several units, inferred per value from its size: ${used.map((u) => `${n(u.count)} as ${UNIT_NAMES[u.unit]}`).join(', ')}. ` +
          'Check the input, or state one unit with --map ts-unit=s|ms|us|ns.',
      );
    }
  }
  const reasons = kinds.map((k) => {
    const rest = k.first.reason.startsWith(k.kind) ? k.first.reason.slice(k.kind.length).replace(/^, /, ', ') : `: ${k.first.reason}`;
    return `  ${n(k.count)} × ${k.kind} (first at ${k.first.source}:${k.first.line}${rest})`;
  });
  const where = rejectsFile ? ` (every reject is in ${rejectsFile})` : ' (--rejects FILE lists every one)';
  if (stats.read === 0 && !allowEmpty) {
    return {
      notes,
      refusal: new RefusedInputError(
        'refused: no records were read (an empty input, or only blank lines or a CSV header). If there really was no activity, pass --allow-empty.',
        EXIT.mostlyRejected,
      ),
    };
  }
  if (stats.read === 0 || stats.rejected / stats.read <= maxRejected) {
    if (stats.rejected > 0) notes.push(`rejects by reason${where}:`, ...reasons);
    return { notes };
  }
  const range = kinds.find((k) => k.kind.startsWith(RANGE_KIND));
  if (range && range.count / stats.read > maxRejected) {
    return {
      notes,
      refusal: new RefusedInputError(
        `refused: ${n(range.count)} of ${n(stats.read)} records (${pct(range.count / stats.read)}) have times outside the plausible range, ` +
          `e.g. ${range.first.source}:${range.first.line}: ${range.first.reason}.\n` +
          `  If these times are right, pass --allow-any-time; if their unit is wrong, state it with --map ts-unit=s|ms|us|ns.`,
        EXIT.implausibleTimes,
      ),
    };
  }
  const hint = kinds.some((k) => k.kind.startsWith('missing field')) ? '\n  Columns named differently? Map them with --map (lockstep scan --help).' : '';
  return {
    notes,
    refusal: new RefusedInputError(
      `refused: ${n(stats.rejected)} of ${n(stats.read)} records (${pct(stats.rejected / stats.read)}) were rejected, more than --max-rejected ${maxRejected}. Top reasons${where}:\n` +
        reasons.join('\n') +
        hint,
      EXIT.mostlyRejected,
    ),
  };
}
