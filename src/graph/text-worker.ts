import { parentPort, workerData } from 'node:worker_threads';
import { signTexts } from './text-similarity.js';
import { specificLength } from './specific-length.js';

/**
 * Worker entry: MinHash signatures of its chunks of texts (see text-parallel.ts), each chunk posted
 * as soon as it is signed, so the main thread can cluster it while the next ones are signed. Each
 * text's specific length (the copying null's measure, specific-length.ts) comes along: this
 * thread has the texts and time to spare, where the scoring context would measure them serially.
 */
const d = workerData as { texts: string[]; chunks: number[]; sizes: number[]; minLength: number };
let at = 0;
d.chunks.forEach((chunk, q) => {
  const texts = d.texts.slice(at, at + d.sizes[q]);
  const r = signTexts(texts, { minLength: d.minLength });
  const lengths = Int32Array.from(texts, specificLength);
  at += d.sizes[q];
  parentPort!.postMessage({ chunk, sig: r.sig, ok: r.ok, lengths }, [r.sig.buffer, r.ok.buffer, lengths.buffer] as ArrayBuffer[]);
});
