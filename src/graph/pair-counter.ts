/**
 * Accumulates weights for unordered account pairs in typed arrays (open addressing).
 * V8 Maps cap at 2^24 entries and cost ~1.4 M inserts/s; this counts 5+ M/s and has no cap
 * beyond memory. It also scores repetition: distinct "groups" (targets) per pair, since repetition
 * across targets — not volume on one — is what separates coordination from a crowd.
 */
export class PairCounter {
  private cap: number;
  private keys: Float64Array;
  private weight: Float64Array;
  private groups: Float32Array;
  private lastGroup: Int32Array;
  private n = 0;

  constructor(initialCapacity = 1 << 16) {
    this.cap = 1 << Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.keys = new Float64Array(this.cap).fill(-1);
    this.weight = new Float64Array(this.cap);
    this.groups = new Float32Array(this.cap);
    this.lastGroup = new Int32Array(this.cap).fill(-1);
  }

  get size(): number {
    return this.n;
  }

  /**
   * Adds `w` to the pair (a, b), a ≠ b, seen in group `group`; `rep` is what a new group adds to
   * the pair's repetition score (rare actions count for more than one).
   */
  add(a: number, b: number, w: number, group: number, rep = 1): void {
    if (a > b) {
      const t = a;
      a = b;
      b = t;
    }
    const key = a * 67108864 + b; // a·2^26 + b: exact in a double for up to 2^26 accounts
    let slot = this.slotOf(key);
    if (this.keys[slot] === -1) {
      if ((this.n + 1) * 2 > this.cap) {
        this.grow();
        slot = this.slotOf(key);
      }
      this.keys[slot] = key;
      this.n++;
    }
    this.weight[slot] += w;
    if (this.lastGroup[slot] !== group) {
      this.lastGroup[slot] = group;
      this.groups[slot] += rep;
    }
  }

  /** Visits every pair. */
  forEach(fn: (a: number, b: number, weight: number, groups: number) => void): void {
    const { keys, weight, groups } = this;
    for (let s = 0; s < this.cap; s++) {
      const k = keys[s];
      if (k === -1) continue;
      const a = Math.floor(k / 67108864);
      fn(a, k - a * 67108864, weight[s], groups[s]);
    }
  }

  private slotOf(key: number): number {
    // Multiplicative hash of both halves; linear probing.
    const hi = Math.floor(key / 67108864);
    const lo = key - hi * 67108864;
    let h = (Math.imul(hi, 0x9e3779b1) ^ Math.imul(lo + 0x7f4a7c15, 0x85ebca77)) >>> 0;
    h ^= h >>> 15;
    const mask = this.cap - 1;
    let s = h & mask;
    while (this.keys[s] !== -1 && this.keys[s] !== key) s = (s + 1) & mask;
    return s;
  }

  private grow(): void {
    const { keys, weight, groups, lastGroup } = this;
    const old = this.cap;
    this.cap *= 2;
    if (this.cap > 1 << 30) throw new Error('PairCounter: too many pairs; lower the window or fan-out');
    this.keys = new Float64Array(this.cap).fill(-1);
    this.weight = new Float64Array(this.cap);
    this.groups = new Float32Array(this.cap);
    this.lastGroup = new Int32Array(this.cap).fill(-1);
    for (let s = 0; s < old; s++) {
      if (keys[s] === -1) continue;
      const t = this.slotOf(keys[s]);
      this.keys[t] = keys[s];
      this.weight[t] = weight[s];
      this.groups[t] = groups[s];
      this.lastGroup[t] = lastGroup[s];
    }
  }
}
