import { ACTIONS, type Role } from './types.js';
import type { Rng } from './prng.js';

/**
 * Columnar event store: a million events as typed arrays instead of a million objects, so
 * generation stays in a few seconds and a few hundred MB. Targets are references resolved only
 * when events are rendered (post ids depend on the final time order).
 */

/** How an event's target reference is read. */
export const TK = { none: 0, post: 1, account: 2, mention: 3, external: 4 } as const;
export type TargetKind = (typeof TK)[keyof typeof TK];

export interface Account {
  readonly idx: number;
  readonly name: string;
  role: Role;
  /** Hours east of UTC. */
  readonly tz: number;
  /** Writes Chinese rather than English. */
  readonly zh: boolean;
}

export class EventStore {
  size = 0;
  private cap: number;
  account: Int32Array;
  action: Uint8Array;
  tkind: Uint8Array;
  tref: Int32Array;
  ts: Float64Array;
  textIdx: Int32Array;
  readonly texts: string[] = [];
  readonly externals: string[] = [];
  private readonly externalIds = new Map<string, number>();
  readonly accounts: Account[] = [];
  private readonly names = new Set<string>();

  constructor(readonly start: number, readonly end: number, capacity = 1 << 16) {
    this.cap = capacity;
    this.account = new Int32Array(capacity);
    this.action = new Uint8Array(capacity);
    this.tkind = new Uint8Array(capacity);
    this.tref = new Int32Array(capacity);
    this.ts = new Float64Array(capacity);
    this.textIdx = new Int32Array(capacity);
  }

  /** A new account with an opaque random name (names must not reveal roles). */
  addAccount(r: Rng, role: Role, tz: number, zh: boolean): Account {
    let name: string;
    do {
      const n = Math.floor(r() * 36 ** 7);
      name = (r() < 0.5 ? 'u' : r() < 0.5 ? 'x' : 'a') + n.toString(36).padStart(7, '0');
    } while (this.names.has(name));
    this.names.add(name);
    const a: Account = { idx: this.accounts.length, name, role, tz, zh };
    this.accounts.push(a);
    return a;
  }

  external(name: string): number {
    let id = this.externalIds.get(name);
    if (id === undefined) {
      id = this.externals.length;
      this.externals.push(name);
      this.externalIds.set(name, id);
    }
    return id;
  }

  /**
   * Appends an event; returns its index (a post's index is its reference for later reactions),
   * or -1 when `ts` falls outside the generated span (activity past the log's end is not seen).
   */
  push(account: number, action: number, ts: number, tkind: TargetKind, tref: number, text?: string): number {
    if (!(ts >= this.start && ts < this.end)) return -1;
    if (this.size === this.cap) this.grow();
    const i = this.size++;
    this.account[i] = account;
    this.action[i] = action;
    this.tkind[i] = tkind;
    this.tref[i] = tref;
    this.ts[i] = Math.round(ts);
    if (text === undefined) this.textIdx[i] = -1;
    else {
      this.textIdx[i] = this.texts.length;
      this.texts.push(text);
    }
    return i;
  }

  actionName(i: number): (typeof ACTIONS)[number] {
    return ACTIONS[this.action[i]];
  }

  private grow(): void {
    this.cap *= 2;
    const g = <T extends Int32Array | Uint8Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(this.cap);
      b.set(a);
      return b;
    };
    this.account = g(this.account, (n) => new Int32Array(n));
    this.action = g(this.action, (n) => new Uint8Array(n));
    this.tkind = g(this.tkind, (n) => new Uint8Array(n));
    this.tref = g(this.tref, (n) => new Int32Array(n));
    this.ts = g(this.ts, (n) => new Float64Array(n));
    this.textIdx = g(this.textIdx, (n) => new Int32Array(n));
  }
}
