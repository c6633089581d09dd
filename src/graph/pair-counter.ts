/**
 * Accumulates weights for unordered account pairs in one typed array (open addressing, linear
 * probing). V8 Maps cap at 2^24 entries and cost ~1.4 M inserts/s; this has no cap beyond memory.
 * Each slot packs [key, weight, repetition, last group] into 32 bytes, so an update touches one
 * cache line — pair counting is bound by memory access, not arithmetic.
 *
 * Repetition: distinct "groups" (targets) per pair, each counted by its action's weight, since
 * repetition across targets — not volume on one — is what separates coordination from a crowd.
 */
const STRIDE = 4;
const EMPTY = 0; // a key is never 0 (a < b, so b ≥ 1): zeroed memory is an empty table
const SHIFT = 67108864; // 2^26: key = a·2^26 + b is exact in a double for up to 2^26 accounts

export class PairCounter {
  private cap: number;
  private slots: Float64Array;
  private n = 0;

  constructor(initialCapacity = 1 << 16) {
    this.cap = 1 << Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.slots = PairCounter.alloc(this.cap);
  }

  get size(): number {
    return this.n;
  }

  /**
   * Adds `w` to the pair (a, b), a ≠ b, seen in group `group`; `rep` is what a new group adds to
   * the pair's repetition score (rare actions count for more than one).
   */
  add(a: number, b: number, w: number, group: number, rep = 1): void {
    const key = a < b ? a * SHIFT + b : b * SHIFT + a;
    let at = this.slotOf(key);
    if (this.slots[at] === EMPTY) {
      if ((this.n + 1) * 5 > this.cap * 4) {
        this.grow();
        at = this.slotOf(key);
      }
      this.slots[at] = key;
      this.n++;
    }
    const d = this.slots;
    d[at + 1] += w;
    if (d[at + 3] !== group + 1) {
      d[at + 3] = group + 1; // stored +1 so that 0 means "no group yet"
      d[at + 2] += rep;
    }
  }

  /** Visits every pair. */
  forEach(fn: (a: number, b: number, weight: number, groups: number) => void): void {
    const d = this.slots;
    for (let at = 0; at < d.length; at += STRIDE) {
      const key = d[at];
      if (key === EMPTY) continue;
      const a = Math.floor(key / SHIFT);
      fn(a, key - a * SHIFT, d[at + 1], d[at + 2]);
    }
  }

  private static alloc(cap: number): Float64Array {
    return new Float64Array(cap * STRIDE);
  }

  /** Offset of the key's slot (or of the empty slot where it belongs). */
  private slotOf(key: number): number {
    const hi = Math.floor(key / SHIFT);
    const lo = key - hi * SHIFT;
    let h = (Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo + 0x7f4a7c15, 0x85ebca77)) >>> 0;
    h ^= h >>> 15;
    const mask = this.cap - 1;
    let s = h & mask;
    const d = this.slots;
    while (d[s * STRIDE] !== EMPTY && d[s * STRIDE] !== key) s = (s + 1) & mask;
    return s * STRIDE;
  }

  private grow(): void {
    const old = this.slots;
    this.cap *= 2;
    if (this.cap > 1 << 28) throw new Error('PairCounter: too many pairs; lower the window or fan-out');
    this.slots = PairCounter.alloc(this.cap);
    for (let at = 0; at < old.length; at += STRIDE) {
      if (old[at] === EMPTY) continue;
      const to = this.slotOf(old[at]);
      this.slots.set(old.subarray(at, at + STRIDE), to);
    }
  }
}
