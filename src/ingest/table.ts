import { ByteInterner, hashBytes } from './intern.js';
import type { ActivityEvent } from './types.js';

/**
 * Columnar, interned events: what every detector reads. Accounts, targets and actions become dense
 * integer ids so that the graph and detection stages work on typed arrays, not strings.
 * Events keep arrival order; detectors sort what they need.
 */
export interface EventTable {
  readonly size: number;
  readonly account: Int32Array;
  readonly action: Int32Array;
  /** -1 when the event has no target (a plain post). */
  readonly target: Int32Array;
  readonly ts: Float64Array;
  readonly text: (string | undefined)[];
  readonly id: (string | undefined)[];
  readonly accountNames: string[];
  readonly targetNames: string[];
  readonly actionNames: string[];
}

/**
 * Events given as byte ranges of one input buffer (well-formed UTF-8), for
 * EventTableBuilder.pushBatch: the NDJSON reader fills one of these per chunk of lines instead of
 * making an object and a string per field. A start of -1 means the field is absent.
 */
export class RangeBatch {
  /** Events in the batch. */
  n = 0;
  readonly capacity: number;
  readonly idStart: Int32Array;
  readonly idEnd: Int32Array;
  readonly accountStart: Int32Array;
  readonly accountEnd: Int32Array;
  readonly actionStart: Int32Array;
  readonly actionEnd: Int32Array;
  readonly targetStart: Int32Array;
  readonly targetEnd: Int32Array;
  readonly ts: Float64Array;
  readonly text: (string | undefined)[];

  constructor(capacity = 1024) {
    this.capacity = capacity;
    this.idStart = new Int32Array(capacity);
    this.idEnd = new Int32Array(capacity);
    this.accountStart = new Int32Array(capacity);
    this.accountEnd = new Int32Array(capacity);
    this.actionStart = new Int32Array(capacity);
    this.actionEnd = new Int32Array(capacity);
    this.targetStart = new Int32Array(capacity);
    this.targetEnd = new Int32Array(capacity);
    this.ts = new Float64Array(capacity);
    this.text = new Array<string | undefined>(capacity).fill(undefined);
  }

  /** Adds an event; true when the batch is then full. */
  add(idStart: number, idEnd: number, accountStart: number, accountEnd: number, actionStart: number, actionEnd: number, targetStart: number, targetEnd: number, ts: number, text: string | undefined): boolean {
    const k = this.n++;
    this.idStart[k] = idStart;
    this.idEnd[k] = idEnd;
    this.accountStart[k] = accountStart;
    this.accountEnd[k] = accountEnd;
    this.actionStart[k] = actionStart;
    this.actionEnd[k] = actionEnd;
    this.targetStart[k] = targetStart;
    this.targetEnd[k] = targetEnd;
    this.ts[k] = ts;
    this.text[k] = text;
    return this.n === this.capacity;
  }
}

/** How a builder treats events whose id was pushed before (see EventTableBuilder). */
export type IdDedupe = 'eager' | 'at-build' | 'none';

/**
 * Accumulates events into an EventTable. Deduplicates by event id: an event whose id was already
 * pushed is dropped (the first one wins), in one of two ways with the same resulting table:
 *
 * - `eager` (default): `push` returns false for such an event (the caller counts it as a duplicate);
 * - `at-build`: `push` keeps every event, and `build` drops the repeats and says how many it
 *   dropped (`duplicates`). Much faster for large inputs, where ids are nearly always unique: no
 *   set of every id is kept while reading, only a hash per event, and `build` sorts the hashes
 *   to find the few that need a closer look.
 *
 * With `none`, every pushed event is kept, repeated ids included.
 */
export class EventTableBuilder {
  private readonly accounts = new ByteInterner();
  private readonly targets = new ByteInterner();
  private readonly actions = new ByteInterner();
  private readonly dedupe: IdDedupe;
  /** Ids pushed so far, under `eager`. */
  private readonly seen: ByteInterner | undefined;
  private n = 0;
  private cap: number;
  private account: Int32Array;
  private action: Int32Array;
  private target: Int32Array;
  private ts: Float64Array;
  /** Hash of each event's id, under `at-build`. */
  private idHash: Uint32Array;
  private readonly text: (string | undefined)[] = [];
  private readonly id: (string | undefined)[] = [];
  private dropped = 0;
  /** Scratch for pushBatch. */
  private accountHash = new Int32Array(0);
  private targetHash = new Int32Array(0);
  private scratch = new Int32Array(0);
  /** What pushBatch read ahead (kept so the reads stay). */
  private touched = 0;
  /** Names renumbered by dropRepeatedIds. */
  private renamed: { account: string[]; action: string[]; target: string[] } | undefined;

  /** `dedupeIds: false` is `dedupe: 'none'` (kept for existing callers). */
  constructor(initialCapacity = 1 << 16, opts: { dedupeIds?: boolean; dedupe?: IdDedupe } = {}) {
    this.dedupe = opts.dedupe ?? (opts.dedupeIds === false ? 'none' : 'eager');
    this.seen = this.dedupe === 'eager' ? new ByteInterner({ keepNames: false }) : undefined;
    this.cap = Math.max(16, initialCapacity);
    this.account = new Int32Array(this.cap);
    this.action = new Int32Array(this.cap);
    this.target = new Int32Array(this.cap);
    this.ts = new Float64Array(this.cap);
    this.idHash = new Uint32Array(this.dedupe === 'at-build' ? this.cap : 0);
  }

  get size(): number {
    return this.n;
  }

  /** Under `at-build`: how many events `build` dropped as repeated ids. */
  get duplicates(): number {
    return this.dropped;
  }

  /** Whether an event with this id was pushed (and kept), under `eager`. */
  hasId(id: string): boolean {
    return this.seen?.get(id) !== undefined;
  }

  push(ev: ActivityEvent): boolean {
    const seen = this.seen;
    if (ev.id !== undefined && seen) {
      const before = seen.size;
      seen.intern(ev.id);
      if (seen.size === before) return false;
    }
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.account[i] = this.accounts.intern(ev.account);
    this.action[i] = this.actions.intern(ev.action);
    this.target[i] = ev.target === undefined ? -1 : this.targets.intern(ev.target);
    this.ts[i] = ev.ts;
    if (ev.id !== undefined && this.dedupe === 'at-build') this.idHash[i] = hashString(ev.id);
    this.text.push(ev.text);
    this.id.push(ev.id);
    return true;
  }

  /**
   * Pushes a batch of events given as byte ranges of `b` (see RangeBatch): the same result as
   * pushing, in order, the events those bytes decode to, without making strings for names already
   * interned. Returns how many were kept (the rest repeat an id, under `eager`). Empties the batch.
   */
  pushBatch(b: Buffer, batch: RangeBatch): number {
    const m = batch.n;
    batch.n = 0;
    while (this.n + m > this.cap) this.grow();
    const { accountStart, accountEnd, actionStart, actionEnd, targetStart, targetEnd, idStart, idEnd } = batch;
    // First the hashes, and reads of the table slots and records they lead to: the cache misses of
    // the whole batch then overlap instead of coming one lookup at a time.
    if (this.accountHash.length < m) {
      this.accountHash = new Int32Array(batch.capacity);
      this.targetHash = new Int32Array(batch.capacity);
      this.scratch = new Int32Array(batch.capacity);
    }
    const accountHash = this.accountHash;
    const targetHash = this.targetHash;
    let targets = 0;
    for (let k = 0; k < m; k++) {
      accountHash[k] = hashBytes(b, accountStart[k], accountEnd[k]);
      // Targets compacted: only events that have one.
      if (targetStart[k] >= 0) targetHash[targets++] = hashBytes(b, targetStart[k], targetEnd[k]);
    }
    this.touched ^= this.accounts.readAhead(accountHash, m, this.scratch) ^ this.targets.readAhead(targetHash, targets, this.scratch);
    const seen = this.seen;
    const deferred = this.dedupe === 'at-build';
    let kept = 0;
    let t = 0;
    for (let k = 0; k < m; k++) {
      const th = targetStart[k] >= 0 ? targetHash[t++] : 0;
      let id: string | undefined;
      if (idStart[k] >= 0) {
        if (seen) {
          const before = seen.size;
          seen.internBytes(b, idStart[k], idEnd[k]);
          if (seen.size === before) continue;
        }
        id = b.utf8Slice(idStart[k], idEnd[k]);
      }
      const i = this.n++;
      this.account[i] = this.accounts.internHashed(b, accountStart[k], accountEnd[k], accountHash[k]);
      this.action[i] = this.actions.internBytes(b, actionStart[k], actionEnd[k]);
      this.target[i] = targetStart[k] < 0 ? -1 : this.targets.internHashed(b, targetStart[k], targetEnd[k], th);
      this.ts[i] = batch.ts[k];
      if (id !== undefined && deferred) this.idHash[i] = hashString(id);
      this.text.push(batch.text[k]);
      batch.text[k] = undefined;
      this.id.push(id);
      kept++;
    }
    return kept;
  }

  /** The table. Under `at-build`, call it once, after the last push. */
  build(): EventTable {
    if (this.dedupe === 'at-build') this.dropRepeatedIds();
    const n = this.n;
    return {
      size: n,
      // In shared memory: scoring threads read these two in place (detect/score-context.ts).
      account: sharedSlice(this.account, n),
      action: this.action.slice(0, n),
      target: this.target.slice(0, n),
      ts: sharedSlice(this.ts, n),
      text: this.text,
      id: this.id,
      accountNames: this.renamed?.account ?? this.accounts.names,
      targetNames: this.renamed?.target ?? this.targets.names,
      actionNames: this.renamed?.action ?? this.actions.names,
    };
  }

  /**
   * `at-build` deduplication: drops every event whose id an earlier event has, then renumbers the
   * names so the table is exactly what eager deduplication would have built (names numbered in
   * order of first appearance among the kept events).
   */
  private dropRepeatedIds(): void {
    const n = this.n;
    const id = this.id;
    const idHash = this.idHash;
    // The events with an id, ordered by its hash (and by position among equal hashes): only events
    // in a run of equal hashes can be repeats, and runs are rare and short unless ids do repeat.
    let m = 0;
    const keys = new Uint32Array(n);
    const events = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      if (id[i] === undefined) continue;
      keys[m] = idHash[i];
      events[m++] = i;
    }
    const sorted = radixSortPairs(keys.subarray(0, m), events.subarray(0, m));
    const hs = sorted.keys;
    const at = sorted.values;
    let drop: Uint8Array | undefined;
    let dropped = 0;
    for (let a = 0; a < m; ) {
      let b = a + 1;
      while (b < m && hs[b] === hs[a]) b++;
      if (b - a > 1) {
        // Within a run (in input order), an event whose id an earlier one has is a repeat.
        const seen = b - a > 16 ? new Set<string>() : undefined;
        for (let p = a; p < b; p++) {
          const s = id[at[p]]!;
          let repeat = false;
          if (seen) {
            repeat = seen.has(s);
            seen.add(s);
          } else for (let q = a; q < p && !repeat; q++) repeat = id[at[q]] === s;
          if (repeat) {
            (drop ??= new Uint8Array(n))[at[p]] = 1;
            dropped++;
          }
        }
      }
      a = b;
    }
    if (!drop) return;
    // Keep the others, in order.
    const remapAccount = new Renumbering(this.accounts.names);
    const remapAction = new Renumbering(this.actions.names);
    const remapTarget = new Renumbering(this.targets.names);
    let j = 0;
    for (let i = 0; i < n; i++) {
      if (drop[i]) continue;
      this.account[j] = remapAccount.of(this.account[i]);
      this.action[j] = remapAction.of(this.action[i]);
      this.target[j] = this.target[i] < 0 ? -1 : remapTarget.of(this.target[i]);
      this.ts[j] = this.ts[i];
      this.text[j] = this.text[i];
      this.id[j] = id[i];
      j++;
    }
    this.n = j;
    this.text.length = j;
    this.id.length = j;
    this.dropped = dropped;
    this.renamed = { account: remapAccount.names, action: remapAction.names, target: remapTarget.names };
  }

  private grow(): void {
    this.cap *= 2;
    const grow32 = (a: Int32Array) => {
      const b = new Int32Array(this.cap);
      b.set(a);
      return b;
    };
    this.account = grow32(this.account);
    this.action = grow32(this.action);
    this.target = grow32(this.target);
    if (this.dedupe === 'at-build') {
      const h = new Uint32Array(this.cap);
      h.set(this.idHash);
      this.idHash = h;
    }
    const t = new Float64Array(this.cap);
    t.set(this.ts);
    this.ts = t;
  }
}

/** New dense ids for names, in the order `of` first sees them. */
class Renumbering {
  readonly names: string[] = [];
  private readonly to: Int32Array;
  constructor(private readonly old: string[]) {
    this.to = new Int32Array(old.length).fill(-1);
  }
  of(i: number): number {
    let k = this.to[i];
    if (k < 0) {
      k = this.to[i] = this.names.length;
      this.names.push(this.old[i]);
    }
    return k;
  }
}

/**
 * `keys` sorted, with `values` permuted alongside; stable, so values with equal keys keep their
 * order. LSD radix, two 16-bit passes (faster than a comparison sort); the inputs may be reused.
 */
function radixSortPairs(keys: Uint32Array, values: Uint32Array): { keys: Uint32Array; values: Uint32Array } {
  let k1: Uint32Array = keys;
  let v1: Uint32Array = values;
  let k2: Uint32Array = new Uint32Array(keys.length);
  let v2: Uint32Array = new Uint32Array(keys.length);
  const count = new Int32Array(1 << 16);
  for (let shift = 0; shift < 32; shift += 16) {
    count.fill(0);
    for (let i = 0; i < k1.length; i++) count[(k1[i] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < count.length; d++) {
      const c = count[d];
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < k1.length; i++) {
      const k = k1[i];
      const to = count[(k >>> shift) & 0xffff]++;
      k2[to] = k;
      v2[to] = v1[i];
    }
    [k1, k2] = [k2, k1];
    [v1, v2] = [v2, v1];
  }
  return { keys: k1, values: v1 };
}

/** FNV-1a over UTF-16 code units, with a final mix: equal strings, equal hashes. */
function hashString(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/** Builds a table from in-memory events (tests, API, store read-back). */
export function tableFromEvents(events: Iterable<ActivityEvent>): EventTable {
  const b = new EventTableBuilder();
  for (const e of events) b.push(e);
  return b.build();
}

/** The i-th event of a table as a plain object. */
export function eventAt(t: EventTable, i: number): ActivityEvent {
  const e: ActivityEvent = { account: t.accountNames[t.account[i]], action: t.actionNames[t.action[i]], ts: t.ts[i] };
  if (t.id[i] !== undefined) e.id = t.id[i];
  if (t.target[i] >= 0) e.target = t.targetNames[t.target[i]];
  if (t.text[i] !== undefined) e.text = t.text[i];
  return e;
}

/** The first n values, copied into a SharedArrayBuffer (which worker threads receive without a copy). */
function sharedSlice<T extends Int32Array | Float64Array>(a: T, n: number): T {
  const Ctor = a.constructor as { new (buffer: SharedArrayBuffer): T };
  const out = new Ctor(new SharedArrayBuffer(n * a.BYTES_PER_ELEMENT));
  out.set(a.subarray(0, n) as never);
  return out;
}
