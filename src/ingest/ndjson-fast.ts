import { isUtf8 } from 'node:buffer';
import { parseDateTimeBytes } from './datetime.js';
import { parseNdjsonLine } from './ndjson.js';
import type { EventTableBuilder } from './table.js';
import { RangeBatch } from './table.js';
import { TimePolicy, type TsUnit } from './time-policy.js';
import type { ActivityEvent } from './types.js';
import { validateEvent } from './validate.js';

/** What becomes of each NDJSON record: an event, a duplicate, or a reject (which may throw, under strict). */
export interface NdjsonTarget {
  readonly builder: EventTableBuilder;
  /** A valid record, read on the general path (the fast path pushes straight into the builder). */
  event(ev: ActivityEvent): void;
  /** The fast path pushed events into the builder: how many it kept, and how many repeated an id. */
  pushed(kept: number, duplicates: number): void;
  reject(line: number, reason: string): void;
  /** How `ts` is read (default: the contract, epoch ms and any time). */
  readonly time?: TimePolicy;
}

// Keys of the contract, as bit flags.
const ID = 1, ACCOUNT = 2, ACTION = 4, TARGET = 8, TS = 16, TEXT = 32, PLATFORM = 64;

const Q = 34; // "
const NL = 10;

// What a byte inside a JSON string means to the scanner: most are plain; a quote ends the string;
// a backslash (an escape) or a control character sends the line to the general path; bytes of
// multi-byte UTF-8 characters are plain too but call for a UTF-8 check of the line.
const PLAIN = 0, QUOTE = 1, BAD = 2, HIGH = 3;
const CHAR = new Uint8Array(256).map((_, c) => (c === Q ? QUOTE : c === 92 || c < 32 ? BAD : c >= 128 ? HIGH : PLAIN));

/**
 * NDJSON straight from bytes into an EventTable: the scan's reader.
 *
 * Each line is first tried by a small scanner for the common case: one flat JSON object whose
 * values are strings without escapes (and `ts` a plain integer), that satisfies the event
 * contract. It takes the fields as byte ranges and hands them to the builder in batches
 * (EventTableBuilder.pushBatch), which interns names from the bytes: no object per event, and
 * strings only for the text, the id and new names. Anything else (escapes, nesting, other value
 * types, whitespace before the object, invalid UTF-8, a record the contract rejects, blank lines)
 * goes to the general path: the line decoded, JSON.parse, validateEvent. So both paths give the
 * same event, duplicate or reject for every line, with the general path's wording for rejects
 * (test/ingest/ndjson-fast.test.ts holds the reader to readBatches on any input).
 */
export class NdjsonTableReader {
  /** Physical lines consumed so far. */
  line = 0;
  /** Line of the last record (not blank line) seen. */
  lastRecordLine = 0;
  private pending: Buffer[] = [];
  private started = false;
  /** Fast-path events not yet in the builder (all in the buffer being read). */
  private readonly batch = new RangeBatch(512);
  private readonly target: NdjsonTarget;
  private readonly time: TimePolicy;

  constructor(target: NdjsonTarget) {
    this.target = target;
    this.time = target.time ?? TimePolicy.contract();
  }

  /** Reads the complete lines of a chunk; an unfinished last line waits for the next chunk. */
  push(chunk: Buffer): void {
    if (!this.started) {
      // A UTF-8 byte-order mark at the very start is dropped (as the text decoder does).
      this.pending.push(chunk);
      const head = this.pending.length === 1 ? chunk : Buffer.concat(this.pending);
      if (head.length < 3) return;
      this.pending = [];
      this.started = true;
      chunk = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head.subarray(3) : head;
    }
    const first = chunk.indexOf(NL);
    if (first === -1) {
      if (chunk.length) this.pending.push(chunk);
      return;
    }
    let from = 0;
    if (this.pending.length) {
      // The line that began in earlier chunks ends here: read it on its own.
      this.pending.push(chunk.subarray(0, first + 1));
      const line = Buffer.concat(this.pending);
      this.pending = [];
      this.lines(line, 0, line.length - 1);
      from = first + 1;
    }
    const last = chunk.lastIndexOf(NL);
    if (last >= from) this.lines(chunk, from, last);
    if (last + 1 < chunk.length) this.pending.push(chunk.subarray(last + 1));
  }

  /** Reads a last line without a newline, if any. */
  end(): void {
    if (!this.started) {
      // Fewer than three bytes in all (no byte-order mark possible): they may still hold a newline.
      const head = Buffer.concat(this.pending);
      this.pending = [];
      this.started = true;
      if (head.length) this.push(head);
    }
    const rest = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = [];
    if (rest.length) this.general(rest, 0, rest.length);
  }

  /** The lines of `b[from, last]`, where `b[last]` is a newline. */
  private lines(b: Buffer, from: number, last: number): void {
    let p = from;
    while (p <= last) {
      const next = this.fast(b, p);
      if (next >= 0) {
        p = next;
        continue;
      }
      // Events keep their order: the batch goes into the table before this line's event.
      this.flush(b);
      const nl = b.indexOf(NL, p);
      this.general(b, p, nl);
      p = nl + 1;
    }
    this.flush(b);
  }

  /** Puts the batched fast-path events (byte ranges of `b`) into the table. */
  private flush(b: Buffer): void {
    const n = this.batch.n;
    if (n === 0) return;
    const kept = this.target.builder.pushBatch(b, this.batch);
    this.target.pushed(kept, n - kept);
  }

  /** A line read the general way: decoded, JSON.parse, validateEvent. */
  private general(b: Buffer, start: number, end: number): void {
    const line = ++this.line;
    const r = parseNdjsonLine(b.utf8Slice(start, end), line);
    if (r === undefined) return; // blank
    this.lastRecordLine = line;
    if ('error' in r) return this.target.reject(line, r.error);
    const v = validateEvent(r.value, this.time);
    if (v.ok) this.target.event(v.event);
    else this.target.reject(line, v.reason);
  }

  /**
   * The fast path for the line starting at `p`. Returns where the next line starts, or -1 (having
   * consumed nothing) when the line needs the general path. A newline must follow somewhere in
   * `b`: every loop stops at it (it is no JSON token, and a control character in a string).
   */
  private fast(b: Buffer, p: number): number {
    if (b[p] !== 123 /* { */) return -1;
    let seen = 0;
    let idStart = -1, idEnd = -1, accountStart = 0, accountEnd = 0, actionStart = 0, actionEnd = 0, targetStart = -1, targetEnd = -1;
    let hi = 0;
    let tsStart = -1, tsEnd = -1, tsNumber = NaN;
    let textStart = -1, textEnd = -1;
    let i = skipWs(b, p + 1);
    for (;;) {
      // A key: a string without escapes.
      if (b[i] !== Q) return -1;
      const ks = ++i;
      let cls: number;
      while ((cls = CHAR[b[i]]) === PLAIN) i++;
      while (cls !== QUOTE) {
        if (cls === BAD) return -1;
        hi = 1;
        while ((cls = CHAR[b[++i]]) === PLAIN);
      }
      const key = keyOf(b, ks, i);
      i = skipWs(b, i + 1);
      if (b[i] !== 58 /* : */) return -1;
      i = skipWs(b, i + 1);
      if (key & seen) return -1; // a repeated key: JSON.parse keeps the last one; leave that to it
      seen |= key;
      if (b[i] === Q) {
        const vs = ++i;
        while ((cls = CHAR[b[i]]) === PLAIN) i++;
        while (cls !== QUOTE) {
          if (cls === BAD) return -1;
          hi = 1;
          while ((cls = CHAR[b[++i]]) === PLAIN);
        }
        switch (key) {
          case ID:
            idStart = vs;
            idEnd = i;
            break;
          case ACCOUNT:
            accountStart = vs;
            accountEnd = i;
            break;
          case ACTION:
            actionStart = vs;
            actionEnd = i;
            break;
          case TARGET:
            targetStart = vs;
            targetEnd = i;
            break;
          case TS:
            tsStart = vs;
            tsEnd = i;
            break;
          case TEXT:
            textStart = vs;
            textEnd = i;
            break;
          // platform and other keys: checked to be strings, not kept
        }
        i++;
      } else if (key === TS) {
        // A plain integer (up to 15 digits, so exact); fractions and exponents take the general path.
        let neg = false;
        if (b[i] === 45 /* - */) {
          neg = true;
          i++;
        }
        const ds = i;
        let v = 0;
        let c = b[i];
        while (c >= 48 && c <= 57) {
          v = v * 10 + (c - 48);
          c = b[++i];
        }
        const n = i - ds;
        if (n === 0 || n > 15 || (n > 1 && b[ds] === 48) || c === 46 || c === 101 || c === 69) return -1;
        tsNumber = neg ? -v : v;
      } else return -1;
      i = skipWs(b, i);
      if (b[i] === 44 /* , */) {
        i = skipWs(b, i + 1);
        continue;
      }
      if (b[i] !== 125 /* } */) return -1;
      i = skipWs(b, i + 1);
      break;
    }
    if (b[i] !== NL) return -1;
    // The contract: account, action and ts present; account and action non-empty; a valid time.
    if ((seen & (ACCOUNT | ACTION | TS)) !== (ACCOUNT | ACTION | TS)) return -1;
    if (accountEnd === accountStart || actionEnd === actionStart) return -1;
    let ts: number;
    let unit: TsUnit | undefined;
    if (tsStart >= 0) {
      ts = parseDateTimeBytes(b, tsStart, tsEnd);
      if (ts !== ts) return -1; // NaN
    } else {
      unit = this.time.unitOf(tsNumber);
      ts = TimePolicy.toMs(tsNumber, unit);
    }
    if (!this.time.inRange(ts)) return -1; // the general path words the reject
    if (targetEnd === targetStart) {
      // Absent or empty: no target, which only a post may have.
      if (!isPost(b, actionStart, actionEnd)) return -1;
      targetStart = -1;
    }
    // Non-ASCII bytes: decoded strings equal what JSON.parse would give only for well-formed UTF-8.
    if (hi !== 0 && !isUtf8(b.subarray(p, i))) return -1;
    if (unit !== undefined) this.time.numeric[unit]++;
    const line = ++this.line;
    this.lastRecordLine = line;
    const text = textStart >= 0 ? b.utf8Slice(textStart, textEnd) : undefined;
    if (this.batch.add(idStart, idEnd, accountStart, accountEnd, actionStart, actionEnd, targetStart, targetEnd, ts, text)) this.flush(b);
    return i + 1;
  }
}

/** Skips JSON whitespace other than the newline that ends the line. */
function skipWs(b: Buffer, i: number): number {
  let c = b[i];
  while (c === 32 || c === 9 || c === 13) c = b[++i];
  return i;
}

const isPost = (b: Buffer, s: number, e: number) => e - s === 4 && b[s] === 112 && b[s + 1] === 111 && b[s + 2] === 115 && b[s + 3] === 116;

/** The contract key that `b[s, e)` spells, as a bit flag, or 0 for any other key. */
function keyOf(b: Buffer, s: number, e: number): number {
  switch (e - s) {
    case 2:
      if (b[s] === 105 && b[s + 1] === 100) return ID; // id
      if (b[s] === 116 && b[s + 1] === 115) return TS; // ts
      return 0;
    case 4: // text
      return b[s] === 116 && b[s + 1] === 101 && b[s + 2] === 120 && b[s + 3] === 116 ? TEXT : 0;
    case 6:
      // action
      if (b[s] === 97 && b[s + 1] === 99 && b[s + 2] === 116 && b[s + 3] === 105 && b[s + 4] === 111 && b[s + 5] === 110) return ACTION;
      // target
      if (b[s] === 116 && b[s + 1] === 97 && b[s + 2] === 114 && b[s + 3] === 103 && b[s + 4] === 101 && b[s + 5] === 116) return TARGET;
      return 0;
    case 7: // account
      return b[s] === 97 && b[s + 1] === 99 && b[s + 2] === 99 && b[s + 3] === 111 && b[s + 4] === 117 && b[s + 5] === 110 && b[s + 6] === 116 ? ACCOUNT : 0;
    case 8: // platform
      return b[s] === 112 && b[s + 1] === 108 && b[s + 2] === 97 && b[s + 3] === 116 && b[s + 4] === 102 && b[s + 5] === 111 && b[s + 6] === 114 && b[s + 7] === 109 ? PLATFORM : 0;
    default:
      return 0;
  }
}
