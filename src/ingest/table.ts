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

/** Maps strings to dense ids. */
export class Interner {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();
  intern(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }
  get(name: string): number | undefined {
    return this.ids.get(name);
  }
}

/**
 * Accumulates events into an EventTable. Deduplicates by event id: `push` returns false for an id
 * already seen (the caller counts it as a duplicate).
 */
export class EventTableBuilder {
  private readonly accounts = new Interner();
  private readonly targets = new Interner();
  private readonly actions = new Interner();
  // V8 Sets cap at 2^24 entries; shard the seen-id set so very large inputs still dedupe.
  private readonly seen: Set<string>[] = [new Set()];
  private n = 0;
  private cap: number;
  private account: Int32Array;
  private action: Int32Array;
  private target: Int32Array;
  private ts: Float64Array;
  private readonly text: (string | undefined)[] = [];
  private readonly id: (string | undefined)[] = [];

  /** With `dedupeIds: false` every pushed event is kept, repeated ids included (push always returns true). */
  private readonly dedupeIds: boolean;

  constructor(initialCapacity = 1 << 16, opts: { dedupeIds?: boolean } = {}) {
    this.dedupeIds = opts.dedupeIds ?? true;
    this.cap = Math.max(16, initialCapacity);
    this.account = new Int32Array(this.cap);
    this.action = new Int32Array(this.cap);
    this.target = new Int32Array(this.cap);
    this.ts = new Float64Array(this.cap);
  }

  get size(): number {
    return this.n;
  }

  hasId(id: string): boolean {
    for (const s of this.seen) if (s.has(id)) return true;
    return false;
  }

  push(ev: ActivityEvent): boolean {
    if (ev.id !== undefined && this.dedupeIds) {
      const seen = this.seen;
      for (let k = 0; k < seen.length - 1; k++) if (seen[k].has(ev.id)) return false;
      let last = seen[seen.length - 1];
      if (last.size >= 1 << 23) {
        if (last.has(ev.id)) return false;
        seen.push((last = new Set()));
      }
      // One hash lookup instead of has() then add(): the set grows only when the id is new.
      const before = last.size;
      last.add(ev.id);
      if (last.size === before) return false;
    }
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    this.account[i] = this.accounts.intern(ev.account);
    this.action[i] = this.actions.intern(ev.action);
    this.target[i] = ev.target === undefined ? -1 : this.targets.intern(ev.target);
    this.ts[i] = ev.ts;
    this.text.push(ev.text);
    this.id.push(ev.id);
    return true;
  }

  build(): EventTable {
    const n = this.n;
    return {
      size: n,
      account: this.account.slice(0, n),
      action: this.action.slice(0, n),
      target: this.target.slice(0, n),
      ts: this.ts.slice(0, n),
      text: this.text,
      id: this.id,
      accountNames: this.accounts.names,
      targetNames: this.targets.names,
      actionNames: this.actions.names,
    };
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
    const t = new Float64Array(this.cap);
    t.set(this.ts);
    this.ts = t;
  }
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
