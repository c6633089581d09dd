import type { EventTable } from '../ingest/table.js';
import type { TextGroups } from './groups.js';

/**
 * Near-duplicate text across accounts: character-shingle MinHash + LSH, then union-find.
 * Character shingles need no word segmentation, so Chinese and Japanese work as well as English.
 * Normalisation drops case, punctuation, emoji and spaces, so those edits do not break a match;
 * a swapped slot word only changes the few shingles that overlap it.
 */
export interface TextSimilarityOptions {
  /** Estimated Jaccard similarity at or above which two texts are near-duplicates. */
  minSimilarity: number;
  /** Texts shorter than this (normalised, in characters) are too generic to compare. */
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
const NOT_WORD = /[^\p{L}\p{N}]+/gu;

export function normaliseText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(NOT_WORD, '');
}

/** Shingle hashes of a normalised text: 2-grams for CJK-heavy text (denser characters), else 3-grams. */
export function shingles(norm: string): Uint32Array {
  const chars = Array.from(norm);
  let cjk = 0;
  for (const c of chars) if (CJK.test(c)) cjk++;
  const k = cjk * 2 >= chars.length ? 2 : 3;
  const n = Math.max(1, chars.length - k + 1);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let h = 0x811c9dc5;
    for (let j = i; j < Math.min(chars.length, i + k); j++) {
      const cp = chars[j].codePointAt(0)!;
      h = Math.imul(h ^ cp, 0x01000193);
    }
    out[i] = h >>> 0;
  }
  return out;
}

const SEEDS = Uint32Array.from({ length: HASHES }, (_, i) => (Math.imul(i + 1, 0x9e3779b1) ^ 0x5bd1e995) >>> 0);

function mix(x: number, seed: number): number {
  let h = (x ^ seed) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function minhash(sh: Uint32Array, out: Uint32Array, at: number): void {
  for (let k = 0; k < HASHES; k++) {
    let m = 0xffffffff;
    const seed = SEEDS[k];
    for (let i = 0; i < sh.length; i++) {
      const v = mix(sh[i], seed);
      if (v < m) m = v;
    }
    out[at + k] = m;
  }
}

/** Fraction of agreeing MinHash values: an unbiased estimate of the Jaccard similarity. */
export function signatureSimilarity(sig: Uint32Array, a: number, b: number): number {
  let same = 0;
  for (let k = 0; k < HASHES; k++) if (sig[a * HASHES + k] === sig[b * HASHES + k]) same++;
  return same / HASHES;
}

/**
 * Assigns each event with text to a near-duplicate family shared by ≥ 2 accounts (else -1).
 * Leader clustering in time order: a text joins the family of the most similar earlier leader
 * (within the time window) found through LSH, or leads a new one. Every member is thus similar to its leader — unlike
 * union-find, families cannot drift by chaining into one giant blob of loosely related posts.
 */
export function findTextGroups(t: EventTable, opts: TextSimilarityOptions = DEFAULT_TEXT_OPTIONS): { groups: TextGroups; count: number } {
  const idx: number[] = [];
  for (let i = 0; i < t.size; i++) {
    const tx = t.text[i];
    if (tx !== undefined && tx.length >= opts.minLength / 2) idx.push(i);
  }
  const ts = t.ts;
  idx.sort((x, y) => ts[x] - ts[y]);
  const sig = new Uint32Array(idx.length * HASHES);
  const leader = new Int32Array(idx.length).fill(-1);
  const buckets: Map<number, number[]>[] = Array.from({ length: BANDS }, () => new Map());
  const candidates = new Set<number>();
  for (let k = 0; k < idx.length; k++) {
    const norm = normaliseText(t.text[idx[k]]!);
    if (norm.length < (CJK.test(norm) ? opts.minLength / 2 : opts.minLength)) continue;
    minhash(shingles(norm), sig, k * HASHES);
    candidates.clear();
    const keys: number[] = [];
    for (let b = 0; b < BANDS; b++) {
      let h = b + 1;
      for (let r = 0; r < ROWS; r++) h = Math.imul(h ^ sig[k * HASHES + b * ROWS + r], 0x01000193);
      keys.push(h);
      const list = buckets[b].get(h);
      // Only the most recent leaders of a crowded bucket are compared: bounds common phrases.
      if (list) for (let q = Math.max(0, list.length - opts.maxBucket); q < list.length; q++) if (ts[idx[k]] - ts[idx[list[q]]] <= opts.window) candidates.add(list[q]);
    }
    let best = -1;
    let bestSim = opts.minSimilarity;
    for (const c of candidates) {
      const sim = signatureSimilarity(sig, k, c);
      if (sim >= bestSim) {
        bestSim = sim;
        best = c;
      }
    }
    leader[k] = best >= 0 ? best : k;
    if (best < 0) {
      for (let b = 0; b < BANDS; b++) {
        const list = buckets[b].get(keys[b]);
        if (list) list.push(k);
        else buckets[b].set(keys[b], [k]);
      }
    }
  }
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
}
