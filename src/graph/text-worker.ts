import { parentPort, workerData } from 'node:worker_threads';
import { signTexts } from './text-similarity.js';

/** Worker entry: MinHash signatures of a slice of texts (see text-parallel.ts). */
const d = workerData as { texts: string[]; minLength: number };
const r = signTexts(d.texts, { minLength: d.minLength });
parentPort!.postMessage(r, [r.sig.buffer, r.ok.buffer] as ArrayBuffer[]);
