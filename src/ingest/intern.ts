/**
 * A string interner keyed by UTF-8 bytes: dense ids for names, looked up either straight from a
 * byte range of an input buffer (no string is made unless the name is new) or from a string.
 *
 * Keys live in one byte arena with their hashes and offsets in typed arrays, and the hash table is
 * open addressing over an Int32Array, so a million names cost a few flat arrays rather than a
 * million Map entries for the garbage collector to trace.
 *
 * Two strings are the same name exactly when their UTF-8 encodings are equal, except for strings
 * with unpaired surrogates (possible from JSON escapes such as "\ud800"), which UTF-8 cannot
 * represent: those are kept apart in a small Map, under the same id sequence.
 */

declare global {
  interface Buffer {
    /** Node's own UTF-8 decoder for a byte range (what `toString('utf8', start, end)` calls, without its argument checks). */
    utf8Slice(start: number, end: number): string;
  }
}

const HASH_SEED = 0x811c9dc5 | 0;

/** FNV-1a, then a final avalanche so nearby keys ("e1", "e2", …) spread over the table. */
function finish(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The interner's hash of the bytes `b[start, end)`. */
export function hashBytes(b: Uint8Array, start: number, end: number): number {
  let h = HASH_SEED;
  for (let k = start; k < end; k++) h = Math.imul(h ^ b[k], 0x01000193);
  return finish(h);
}

export class ByteInterner {
  /** Names by id (only when made with `keepNames`). */
  readonly names: string[] = [];
  /** Number of distinct names. */
  size = 0;
  private readonly keepNames: boolean;
  /**
   * Open addressing, two ints per slot: the key's hash, and where its record starts in the arena
   * plus one (0: an empty slot).
   */
  private slots: Int32Array;
  /** Slot count - 1 (a power of two). */
  private mask: number;
  /**
   * One record per key, 4-byte aligned: its id and byte length (two int32s), then its bytes. A
   * lookup reads one slot and one record, which are usually two cache misses in a large table.
   */
  private arena: Uint8Array;
  private arena32: Int32Array;
  private used = 0;
  private odd: Map<string, number> | undefined;
  private scratch = Buffer.allocUnsafe(256);

  constructor(opts: { keepNames?: boolean; capacity?: number } = {}) {
    this.keepNames = opts.keepNames ?? true;
    let cap = 16;
    while (cap < (opts.capacity ?? 16)) cap *= 2;
    this.slots = new Int32Array(cap * 4);
    this.mask = cap * 2 - 1;
    this.arena = new Uint8Array(cap * 32);
    this.arena32 = new Int32Array(this.arena.buffer);
  }

  /**
   * Id of the name whose UTF-8 bytes are `b[start, end)`, added if new (its name decoded from the
   * bytes, so they must be well-formed UTF-8). Whether it was new: `size` grew.
   */
  internBytes(b: Buffer, start: number, end: number): number {
    return this.internWith(b, start, end, hashBytes(b, start, end), undefined, true);
  }

  /** internBytes, given `hashBytes(b, start, end)`. */
  internHashed(b: Buffer, start: number, end: number, h: number): number {
    return this.internWith(b, start, end, h, undefined, true);
  }

  /**
   * Reads ahead for a batch of lookups: the slots that `hashes[0, n)` map to, then the records
   * they point at, so that the lookups soon after find them in the cache. Each read here depends
   * on nothing before it, so the memory system can fetch many at once instead of one lookup at a
   * time. `scratch` holds at least n ints. Returns a value for the caller to keep (so the reads
   * are not optimised away).
   */
  readAhead(hashes: Int32Array, n: number, scratch: Int32Array): number {
    const slots = this.slots;
    const mask = this.mask;
    for (let k = 0; k < n; k++) scratch[k] = slots[2 * (hashes[k] & mask) + 1];
    const arena32 = this.arena32;
    let x = 0;
    for (let k = 0; k < n; k++) {
      const r = scratch[k];
      if (r !== 0) x ^= arena32[(r - 1) >> 2];
    }
    return x;
  }

  /** Id of `name`, added if new. */
  intern(name: string): number {
    return this.lookup(name, true);
  }

  /** Id of `name`, if it has one. */
  get(name: string): number | undefined {
    const id = this.lookup(name, false);
    return id < 0 ? undefined : id;
  }

  /** Id of `b[start, end)` (hash `h`); if new and `add`, added and named `name` (else decoded from the bytes); if new otherwise, -1. */
  private internWith(b: Buffer, start: number, end: number, h: number, name: string | undefined, add: boolean): number {
    const len = end - start;
    const slots = this.slots;
    const mask = this.mask;
    let j = h & mask;
    for (let r = slots[2 * j + 1]; r !== 0; j = (j + 1) & mask, r = slots[2 * j + 1]) {
      if (slots[2 * j] !== h) continue;
      const at = r - 1;
      if (this.arena32[(at >> 2) + 1] !== len) continue;
      const arena = this.arena;
      const off = at + 8 - start;
      let k = start;
      while (k < end && arena[k + off] === b[k]) k++;
      if (k === end) return this.arena32[at >> 2];
    }
    if (!add) return -1;
    const id = this.newId(this.keepNames ? (name ?? b.utf8Slice(start, end)) : undefined);
    const at = this.used;
    const next = (at + 8 + len + 3) & ~3;
    if (next > this.arena.length) this.growArena(next);
    const arena = this.arena;
    this.arena32[at >> 2] = id;
    this.arena32[(at >> 2) + 1] = len;
    for (let k = 0; k < len; k++) arena[at + 8 + k] = b[start + k];
    this.used = next;
    slots[2 * j] = h;
    slots[2 * j + 1] = at + 1;
    // Keep the table at most half full.
    if (this.size * 2 > mask + 1) this.rehash();
    return id;
  }

  private lookup(name: string, add: boolean): number {
    const n = name.length;
    if (n * 3 > this.scratch.length) this.scratch = Buffer.allocUnsafe(Math.max(n * 3, this.scratch.length * 2));
    const b = this.scratch;
    // ASCII (the common case) is copied by hand; anything else goes through the UTF-8 encoder.
    let len = 0;
    for (; len < n; len++) {
      const c = name.charCodeAt(len);
      if (c >= 128) break;
      b[len] = c;
    }
    if (len < n) {
      if (!isWellFormed(name)) {
        // No UTF-8 for it: kept apart, under the same id sequence (it equals no well-formed name).
        const odd = (this.odd ??= new Map());
        let id = odd.get(name);
        if (id === undefined) {
          if (!add) return -1;
          id = this.newId(this.keepNames ? name : undefined);
          odd.set(name, id);
        }
        return id;
      }
      len = b.write(name, 0, 'utf8');
    }
    return this.internWith(b, 0, len, hashBytes(b, 0, len), name, add);
  }

  private newId(name: string | undefined): number {
    if (name !== undefined) this.names.push(name);
    return this.size++;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = slots.length / 2 - 1;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      const h = old[i];
      let j = h & mask;
      while (slots[2 * j + 1] !== 0) j = (j + 1) & mask;
      slots[2 * j] = h;
      slots[2 * j + 1] = old[i + 1];
    }
    this.slots = slots;
    this.mask = mask;
  }

  private growArena(need: number): void {
    let cap = this.arena.length * 2;
    while (cap < need) cap *= 2;
    if (cap > 2 ** 31 - 4) cap = 2 ** 31 - 4;
    if (need > cap) throw new RangeError('too many distinct names to intern (over 2 GiB of them)');
    const g = new Uint8Array(cap);
    g.set(this.arena.subarray(0, this.used));
    this.arena = g;
    this.arena32 = new Int32Array(g.buffer);
  }
}

// String.prototype.isWellFormed (ES2024, Node 20) is not in the ES2023 lib this project compiles against.
const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();
