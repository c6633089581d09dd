import { parentPort, workerData } from 'node:worker_threads';
import { flagWithContext } from './flag.js';
import { receiveContext, type ScoringMessage } from './score-context.js';

/** Worker entry: one thread's share of the communities (see flag-threaded.ts). */
const d = workerData as { message: ScoringMessage } & (Parameters<typeof flagWithContext> extends [unknown, infer C, infer E, infer R, infer O] ? { communities: C; edges: E; regime: R; opts: O } : never);
parentPort!.postMessage(flagWithContext(receiveContext(d.message), d.communities, d.edges, d.regime, d.opts));
