import { parentPort, workerData } from 'node:worker_threads';
import { flagWithContext } from './flag.js';

/** Worker entry: one thread's share of the communities (see flag-threaded.ts). */
const d = workerData as Parameters<typeof flagWithContext> extends [infer X, infer C, infer E, infer R, infer O] ? { ctx: X; communities: C; edges: E; regime: R; opts: O } : never;
parentPort!.postMessage(flagWithContext(d.ctx, d.communities, d.edges, d.regime, d.opts));
