import type { EventTable } from '../ingest/table.js';
import { startWorker } from '../exec/workers.js';
import type { TextGroups } from './groups.js';
import { leaderClusterer, signTexts, textsInTimeOrder, type TextSimilarityOptions } from './text-similarity.js';
import { specificLength } from './specific-length.js';

const HASHES = 32;
/** Below this many texts a worker's start-up costs more than it saves. */
const MIN_TEXTS_PER_THREAD = 20_000;
/** Texts signed and handed over at a time: small enough that clustering starts early, large enough
 *  that messages are few (about 50 at 10 M events). */
const CHUNK = 65_536;

/**
 * findTextGroups with the signatures (normalising, shingling, MinHash) made by workers while this
 * thread clusters: the texts are cut into chunks in time order; this thread signs the first (while
 * the workers start), the workers the others, and each chunk is clustered as soon as it and all
 * before it are signed. Signing and clustering used to run one after the other (at 10 M events
 * about 3.5 s of signing on this thread, then 10 s of clustering with the other core idle).
 * Signatures are a pure function of each text and clustering takes the texts in the same order, so
 * the families are the same for any thread count.
 */
export async function findTextGroupsThreaded(
  t: EventTable,
  opts: TextSimilarityOptions,
  threads: number,
  minPerThread = MIN_TEXTS_PER_THREAD,
  chunkSize = CHUNK,
): Promise<{ groups: TextGroups; count: number; specificLengths?: Int32Array }> {
  const idx = textsInTimeOrder(t, opts);
  const workers = Math.max(0, Math.min(threads, Math.floor(idx.length / minPerThread)) - 1);
  const chunk = Math.max(1, Math.min(chunkSize, Math.ceil(idx.length / (workers + 1))));
  const chunks = Math.ceil(idx.length / chunk);
  const texts = (from: number, to: number) => {
    const out: string[] = new Array(to - from);
    for (let k = from; k < to; k++) out[k - from] = t.text[idx[k]]!;
    return out;
  };
  if (workers === 0 || chunks < 2) {
    const clusterer = leaderClusterer(t, idx, signTexts(texts(0, idx.length), opts), opts);
    clusterer.advance(idx.length);
    return clusterer.finish();
  }
  const signed = { sig: new Uint32Array(idx.length * HASHES), ok: new Uint8Array(idx.length) };
  const clusterer = leaderClusterer(t, idx, signed, opts);
  const end = (c: number) => Math.min(idx.length, (c + 1) * chunk);
  // Chunk c ≥ 1 goes to worker (c - 1) mod workers.
  const started = Array.from({ length: workers }, (_, w) => {
    const mine: number[] = [];
    for (let c = 1 + w; c < chunks; c += workers) mine.push(c);
    const all: string[] = [];
    for (const c of mine) for (const s of texts(c * chunk, end(c))) all.push(s);
    return startWorker('graph/text-worker', { texts: all, chunks: mine, sizes: mine.map((c) => end(c) - c * chunk), minLength: opts.minLength });
  });
  // Each text's specific length (-1: not measured here), for the scoring context (copying null).
  const specificLengths = new Int32Array(t.size).fill(-1);
  const firstTexts = texts(0, end(0));
  const first = signTexts(firstTexts, opts);
  signed.sig.set(first.sig, 0);
  signed.ok.set(first.ok, 0);
  firstTexts.forEach((text, k) => (specificLengths[idx[k]] = specificLength(text)));
  const ready = new Uint8Array(chunks);
  ready[0] = 1;
  let next = 0;
  const take = () => {
    for (; next < chunks && ready[next]; next++) clusterer.advance(end(next));
    return next === chunks;
  };
  try {
    if (!take())
      await new Promise<void>((resolve, reject) => {
        started.forEach((w, i) => {
          let owed = Math.ceil((chunks - 1 - i) / workers); // chunks 1 + i, 1 + i + workers, …
          w.on('message', (m: { chunk: number; sig: Uint32Array; ok: Uint8Array; lengths: Int32Array }) => {
            owed--;
            signed.sig.set(m.sig, m.chunk * chunk * HASHES);
            signed.ok.set(m.ok, m.chunk * chunk);
            for (let k = 0; k < m.lengths.length; k++) specificLengths[idx[m.chunk * chunk + k]] = m.lengths[k];
            ready[m.chunk] = 1;
            if (take()) resolve();
          });
          w.once('error', reject);
          w.once('exit', (code) => {
            if (owed > 0) reject(new Error(`worker graph/text-worker exited with code ${code} before signing its texts`));
          });
        });
      });
  } finally {
    for (const w of started) void w.terminate();
  }
  return { ...clusterer.finish(), specificLengths };
}
