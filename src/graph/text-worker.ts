import { parentPort, workerData } from 'node:worker_threads';
import { signTexts } from './text-similarity.js';

/**
 * Worker entry: MinHash signatures of its chunks of texts (see text-parallel.ts), each chunk posted
 * as soon as it is signed, so the main thread can cluster it while the next ones are signed.
 */
const d = workerData as { texts: string[]; chunks: number[]; sizes: number[]; minLength: number };
let at = 0;
d.chunks.forEach((chunk, q) => {
  const r = signTexts(d.texts.slice(at, at + d.sizes[q]), { minLength: d.minLength });
  at += d.sizes[q];
  parentPort!.postMessage({ chunk, sig: r.sig, ok: r.ok }, [r.sig.buffer, r.ok.buffer] as ArrayBuffer[]);
});
