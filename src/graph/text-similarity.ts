import type { EventTable } from '../ingest/table.js';
import type { TextGroups } from './groups.js';
import { HANDLE_OR_LINK, withoutQuotations } from './quotations.js';

/**
 * Near-duplicate text across accounts: character-shingle MinHash + LSH, then union-find.
 * Character shingles need no word segmentation, so Chinese and Japanese work as well as English.
 * Normalisation drops case, punctuation, emoji and spaces, so those edits do not break a match;
 * a swapped slot word only changes the few shingles that overlap it.
 */
export interface TextSimilarityOptions {
  /** Estimated Jaccard similarity at or above which two texts are near-duplicates. */
  minSimilarity: number;
  /**
   * Texts shorter than this (normalised, in characters) are too generic to compare. A CJK character
   * counts three, as in the copying reading's specific length (specific-length.ts): a Chinese headline of
   * seven to nine characters, or a short insult, says as much as an English sentence of twenty.
   */
  minLength: number;
  /** Only the most recent leaders of an LSH bucket are compared (bounds common phrases). */
  maxBucket: number;
  /** A family's leader attracts texts for this long (ms): near-duplicates are judged within a time window. */
  window: number;
}

export const DEFAULT_TEXT_OPTIONS: TextSimilarityOptions = { minSimilarity: 0.3, minLength: 20, maxBucket: 16, window: 7_200_000 };

const HASHES = 32;
// 16 bands of 2 rows: texts at Jaccard 0.3 (a template with several slots swapped) meet in some
// band with p ≈ 0.78, at 0.5 with p ≈ 0.99; candidates are then checked on all 32 hashes.
const BANDS = 16;
const ROWS = HASHES / BANDS;

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;
/** How many Latin characters a CJK one counts for against minLength (as in specificLength). */
const CJK_WEIGHT = 3;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

function isCjk(cp: number): boolean {
  return (cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0x3400 && cp <= 0x9fff) || (cp >= 0xac00 && cp <= 0xd7af) || (cp >= 0xf900 && cp <= 0xfaff);
}


/**
 * The wording of a text: NFKC, lower case, letters and digits only, without @handles, links and
 * quotations (quotations.ts: a reader quoting a headline is not copying the others who quote it).
 * Handles and links name what a text is on, not what it says: replies to one account share the
 * handle by construction, and in a short Chinese reply the handle's letters were a third of the
 * shingles, so unrelated replies to one account read as near-duplicates (issue 11).
 */
export function normaliseText(text: string): string {
  let s = withoutQuotations(text.normalize('NFKC').toLowerCase());
  if (s.includes('@') || s.includes('http')) s = s.replace(HANDLE_OR_LINK, ' ');
  return s.replace(NOT_WORD, '');
}

/** Shingle hashes of a normalised text: 2-grams for CJK-heavy text (denser characters), else 3-grams. */
export function shingles(norm: string): Uint32Array {
  const n = shingleInto(norm);
  return shingleBuf.slice(0, n);
}

let shingleBuf = new Uint32Array(1024);

/** Writes the shingle hashes into a shared buffer (no allocation per text) and returns how many. */
function shingleInto(norm: string): number {
  let count = 0;
  let cjk = 0;
  for (let i = 0; i < norm.length; i++) {
    const cp = norm.codePointAt(i)!;
    if (cp > 0xffff) i++;
    count++;
    if (isCjk(cp)) cjk++;
  }
  const k = cjk * 2 >= count ? 2 : 3;
  const n = Math.max(1, count - k + 1);
  if (shingleBuf.length < n) shingleBuf = new Uint32Array(n * 2);
  // Rolling window of the last k code points.
  let c0 = 0;
  let c1 = 0;
  let c2 = 0;
  let seen = 0;
  let out = 0;
  for (let i = 0; i < norm.length; i++) {
    const cp = norm.codePointAt(i)!;
    if (cp > 0xffff) i++;
    c0 = c1;
    c1 = c2;
    c2 = cp;
    seen++;
    if (seen < k) continue;
    let h = 0x811c9dc5;
    if (k === 3) h = Math.imul(h ^ c0, 0x01000193);
    h = Math.imul(h ^ c1, 0x01000193);
    h = Math.imul(h ^ c2, 0x01000193);
    shingleBuf[out++] = mix(h >>> 0, 0x9747b28c);
  }
  if (out === 0) {
    // Shorter than one shingle: the whole text is the shingle.
    let h = 0x811c9dc5;
    for (let i = 0; i < norm.length; i++) h = Math.imul(h ^ norm.charCodeAt(i), 0x01000193);
    shingleBuf[out++] = mix(h >>> 0, 0x9747b28c);
  }
  return out;
}

function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const EMPTY = 0xffffffff;

/**
 * One-permutation MinHash with densification: each shingle hash is computed once and goes to one
 * of HASHES bins (its low bits), keeping the minimum of the rest; an empty bin borrows from the
 * next non-empty one, re-mixed by distance so borrowed values stay comparable across texts. As
 * accurate as HASHES independent permutations for texts of this length, at 1/HASHES of the cost.
 */
export function minhash(sh: Uint32Array, out: Uint32Array, at: number, length = sh.length): void {
  out.fill(EMPTY, at, at + HASHES);
  for (let i = 0; i < length; i++) {
    const h = sh[i];
    const bin = at + (h & (HASHES - 1));
    const v = h >>> 5;
    if (v < out[bin]) out[bin] = v;
  }
  for (let k = 0; k < HASHES; k++) {
    if (out[at + k] !== EMPTY) continue;
    for (let d = 1; d < HASHES; d++) {
      const src = out[at + ((k + d) & (HASHES - 1))];
      if (src !== EMPTY && src < 1 << 27) {
        out[at + k] = (1 << 27) + (mix(src, d) & 0x7ffffff); // borrowed values sit above 2^27
        break;
      }
    }
  }
}

/** Fraction of agreeing MinHash values: an unbiased estimate of the Jaccard similarity. */
export function signatureSimilarity(sig: Uint32Array, a: number, b: number): number {
  let same = 0;
  for (let k = 0; k < HASHES; k++) if (sig[a * HASHES + k] === sig[b * HASHES + k]) same++;
  return same / HASHES;
}

/** Estimated Jaccard similarity of two texts' character shingles (what families are built on). */
export function textSimilarity(a: string, b: string): number {
  const sig = new Uint32Array(2 * HASHES);
  minhash(shingleBuf, sig, 0, shingleInto(normaliseText(a)));
  minhash(shingleBuf, sig, HASHES, shingleInto(normaliseText(b)));
  return signatureSimilarity(sig, 0, 1);
}

const FP_WORDS = HASHES / 4;

/** How many texts ahead leaderClusterer reads the bucket table. */
const AHEAD = 8;
/** Where read-ahead values end up (so the reads stay). */
let sink = 0;
/** The read-ahead's sink (a value of no meaning; exported so the reads cannot be optimised away). */
export const readAheadSink = () => sink;

/** Packs the low byte of each of text k's MinHash values into FP_WORDS words of `fp` from `at`. */
function fingerprint(sig: Uint32Array, k: number, fp: Uint32Array, at: number): void {
  const p = k * HASHES;
  for (let w = 0; w < FP_WORDS; w++) {
    const q = p + w * 4;
    fp[at + w] = (sig[q] & 0xff) | ((sig[q + 1] & 0xff) << 8) | ((sig[q + 2] & 0xff) << 16) | ((sig[q + 3] & 0xff) << 24);
  }
}

/** How many fingerprint bytes at pa and pb agree: at least as many as agreeing MinHash values. */
function agreeingBytes(fp: Uint32Array, pa: number, pb: number): number {
  let n = 0;
  for (let w = 0; w < FP_WORDS; w++) {
    const x = fp[pa + w] ^ fp[pb + w];
    // High bit of each zero byte of x (the classic has-zero-byte trick), then summed by a multiply.
    const z = ~(((x & 0x7f7f7f7f) + 0x7f7f7f7f) | x | 0x7f7f7f7f);
    n += Math.imul(z >>> 7, 0x01010101) >>> 24;
  }
  return n;
}

/** The similarity of two signatures if it reaches `min`, else -1 (stops as soon as it cannot). */
function similarityAtLeast(sig: Uint32Array, a: number, b: number, min: number): number {
  const need = Math.ceil(min * HASHES - 1e-9);
  let same = 0;
  const pa = a * HASHES;
  const pb = b * HASHES;
  for (let k = 0; k < HASHES; k++) {
    if (sig[pa + k] === sig[pb + k]) same++;
    else if (same + (HASHES - k - 1) < need) return -1;
  }
  return same / HASHES;
}

/**
 * Assigns each event with text to a near-duplicate family shared by ≥ 2 accounts (else -1).
 * Leader clustering in time order: a text joins the family of the most similar earlier leader
 * (within the time window) found through LSH, or leads a new one. Every member is thus similar to its leader — unlike
 * union-find, families cannot drift by chaining into one giant blob of loosely related posts.
 */
export function findTextGroups(t: EventTable, opts: TextSimilarityOptions = DEFAULT_TEXT_OPTIONS): { groups: TextGroups; count: number } {
  const idx = textsInTimeOrder(t, opts);
  const texts = idx.map((i) => t.text[i]!);
  return groupTexts(t, idx, signTexts(texts, opts), opts);
}

/** Events whose text is long enough to compare, in time order (stable). */
export function textsInTimeOrder(t: EventTable, opts: TextSimilarityOptions): number[] {
  const idx: number[] = [];
  for (let i = 0; i < t.size; i++) {
    const tx = t.text[i];
    if (tx !== undefined && tx.length >= opts.minLength / CJK_WEIGHT) idx.push(i);
  }
  const ts = t.ts;
  // Inputs usually arrive in time order: skip the (stable) sort then, it is the same order.
  let sorted = true;
  for (let k = 1; k < idx.length && sorted; k++) if (ts[idx[k]] < ts[idx[k - 1]]) sorted = false;
  if (!sorted) idx.sort((x, y) => ts[x] - ts[y]);
  return idx;
}

/** MinHash signatures of texts (HASHES values each); ok[k] = 0 when text k is too short once normalised. */
export interface Signatures {
  sig: Uint32Array;
  ok: Uint8Array;
}

/** Signs each text on its own (a pure function of the text): the part of the stage that splits across threads. */
export function signTexts(texts: readonly string[], opts: Pick<TextSimilarityOptions, 'minLength'>): Signatures {
  const sig = new Uint32Array(texts.length * HASHES);
  const ok = new Uint8Array(texts.length);
  for (let k = 0; k < texts.length; k++) {
    const norm = normaliseText(texts[k]);
    if (norm.length < (CJK.test(norm) ? opts.minLength / CJK_WEIGHT : opts.minLength)) continue;
    minhash(shingleBuf, sig, k * HASHES, shingleInto(norm));
    ok[k] = 1;
  }
  return { sig, ok };
}

/** The sequential part: leader clustering over signed texts `idx` (time order). */
export function groupTexts(t: EventTable, idx: readonly number[], signed: Signatures, opts: TextSimilarityOptions): { groups: TextGroups; count: number } {
  const clusterer = leaderClusterer(t, idx, signed, opts);
  clusterer.advance(idx.length);
  return clusterer.finish();
}

/**
 * groupTexts a stretch at a time: `advance(to)` clusters texts up to `to` (their signatures must be
 * in `signed` by then), so clustering the early texts can overlap signing the later ones
 * (text-parallel.ts). Each text is judged against earlier leaders only: the same families whatever
 * the stretches.
 */
export function leaderClusterer(t: EventTable, idx: readonly number[], signed: Signatures, opts: TextSimilarityOptions): { advance(to: number): void; finish(): { groups: TextGroups; count: number } } {
  const { sig, ok } = signed;
  // What a candidate leader is checked on, side by side in 48 bytes a text (one or two cache lines,
  // where three arrays were three misses): its time (words 0–1), the text that last looked at it
  // (word 2), and a fingerprint — one byte of each MinHash value, a cheap upper bound on the
  // agreeing values that rejects most bucket neighbours before the full comparison (exact: the
  // bound never undercounts) — in words 4–11.
  const REC = 12;
  const recBuf = new ArrayBuffer(idx.length * REC * 4);
  const tsK = new Float64Array(recBuf); // text k's time at tsK[k * REC / 2]
  const stamp = new Int32Array(recBuf); // at stamp[k * REC + 2]
  const fp = new Uint32Array(recBuf); // from fp[k * REC + 4]
  for (let k = 0; k < idx.length; k++) {
    tsK[(k * REC) / 2] = t.ts[idx[k]];
    stamp[k * REC + 2] = -1;
  }
  const leader = new Int32Array(idx.length).fill(-1);
  // LSH buckets as one open-addressing table of (band, rows) keys → newest leader, with leaders
  // chained to the previous one in the same bucket: no Maps, no per-text allocation.
  // Only leaders add keys, and they are a fraction of the texts: the table starts at a quarter of
  // the worst case and doubles when half full (at 10 M events the worst case was a 1 GB table).
  // A slot is two ints side by side, [key, newest leader + 1] (0 = none): one cache miss a probe,
  // not two (the table is far bigger than the cache at 10 M events).
  let bits = Math.ceil(Math.log2(Math.max(1024, idx.length * 4)));
  let capacity = 2 ** bits;
  let table = new Int32Array(2 * capacity);
  let used = 0;
  const grow = () => {
    const old = table;
    bits++;
    capacity *= 2;
    table = new Int32Array(2 * capacity);
    for (let q = 0; q < old.length; q += 2) {
      if (old[q] === 0) continue;
      let slot = Math.imul(old[q], 0x9e3779b1) >>> (32 - bits);
      while (table[2 * slot] !== 0) slot = (slot + 1) & (capacity - 1);
      table[2 * slot] = old[q];
      table[2 * slot + 1] = old[q + 1];
    }
  };
  // (leader, band) → older leader in the bucket + 1 (0 = none: a fresh array needs no fill; at 10 M
  // events it is 16 ints a text).
  const chain = new Int32Array(idx.length * BANDS);
  const keys = new Int32Array(BANDS);
  const slots = new Int32Array(BANDS);
  let next = 0;
  /** The bucket table's home slot of text j's band b (before probing). */
  const home = (j: number, b: number) => {
    let h = Math.imul(b + 1, 0x9e3779b1);
    for (let r = 0; r < ROWS; r++) h = Math.imul(h ^ sig[j * HASHES + b * ROWS + r], 0x01000193);
    return Math.imul(h | 1, 0x9e3779b1) >>> (32 - bits);
  };
  // Reads ahead (why: at 10 M events the table and the leaders are far bigger than the cache, and
  // one text's lookups wait on each other): the bucket slots of the text AHEAD places on, and the
  // newest leaders of the text AHEAD / 2 places on, whose slots are cached by then. Plain loads,
  // kept in `touched` so they are not optimised away; they change nothing.
  let touched = 0;
  const readAhead = (k: number, to: number) => {
    const far = k + AHEAD;
    if (far < to && ok[far]) for (let b = 0; b < BANDS; b++) touched ^= table[2 * home(far, b) + 1];
    const near = k + (AHEAD >> 1);
    if (near < to && ok[near])
      for (let b = 0; b < BANDS; b++) {
        const c = table[2 * home(near, b) + 1] - 1;
        if (c >= 0) touched ^= stamp[c * REC + 2];
      }
  };
  const advance = (to: number) => {
    for (let k = next; k < to; k++) {
      readAhead(k, to);
      if (!ok[k]) continue;
      if ((used + BANDS) * 2 > capacity) grow();
      fingerprint(sig, k, fp, k * REC + 4);
      const tk = tsK[(k * REC) / 2];
      let best = -1;
      let bestSim = opts.minSimilarity;
      for (let b = 0; b < BANDS; b++) {
        let h = Math.imul(b + 1, 0x9e3779b1);
        for (let r = 0; r < ROWS; r++) h = Math.imul(h ^ sig[k * HASHES + b * ROWS + r], 0x01000193);
        h = h | 1; // 0 marks an empty slot
        keys[b] = h;
        // Fibonacci hashing takes the product's high bits: the low bits of h are poor (h | 1 fixes the
        // lowest), and masking them made probe runs grow with the table — the stage went quadratic.
        let slot = Math.imul(h, 0x9e3779b1) >>> (32 - bits);
        while (table[2 * slot] !== 0 && table[2 * slot] !== h) slot = (slot + 1) & (capacity - 1);
        slots[b] = slot;
        // Newest leaders first; stop at the bucket limit or once out of the time window.
        let seen = 0;
        for (let c = table[2 * slot + 1] - 1; c >= 0 && seen < opts.maxBucket; c = chain[c * BANDS + b] - 1, seen++) {
          if (tk - tsK[(c * REC) / 2] > opts.window) break;
          if (stamp[c * REC + 2] === k) continue;
          stamp[c * REC + 2] = k;
          if (agreeingBytes(fp, k * REC + 4, c * REC + 4) < Math.ceil(bestSim * HASHES - 1e-9)) continue; // similarityAtLeast would say -1
          const sim = similarityAtLeast(sig, k, c, bestSim);
          if (sim >= bestSim) {
            bestSim = sim;
            best = c;
          }
        }
      }
      leader[k] = best >= 0 ? best : k;
      if (best < 0) {
        for (let b = 0; b < BANDS; b++) {
          const slot = slots[b];
          if (table[2 * slot] === 0) used++;
          table[2 * slot] = keys[b];
          chain[k * BANDS + b] = table[2 * slot + 1];
          table[2 * slot + 1] = k + 1;
        }
      }
    }
    next = Math.max(next, to);
    sink ^= touched;
  };
  const finish = () => {
    // Keep families that span ≥ 2 accounts.
    const acc = t.account;
    const firstAcc = new Map<number, number>();
    const multi = new Set<number>();
    for (let k = 0; k < idx.length; k++) {
      const l = leader[k];
      if (l < 0) continue;
      const a = acc[idx[k]];
      const f = firstAcc.get(l);
      if (f === undefined) firstAcc.set(l, a);
      else if (f !== a) multi.add(l);
    }
    const groups = new Int32Array(t.size).fill(-1);
    const ids = new Map<number, number>();
    for (let k = 0; k < idx.length; k++) {
      const l = leader[k];
      if (l < 0 || !multi.has(l)) continue;
      let id = ids.get(l);
      if (id === undefined) ids.set(l, (id = ids.size));
      groups[idx[k]] = id;
    }
    return { groups, count: ids.size };
  };
  return { advance, finish };
}
