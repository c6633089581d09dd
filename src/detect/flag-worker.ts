import { parentPort, workerData } from 'node:worker_threads';
import { flagCommunities } from './flag.js';

/** Worker entry: one thread's share of the communities (see flag-threaded.ts). */
const d = workerData as Parameters<typeof flagCommunities> extends [infer T, infer G, infer W, infer C, infer E, infer R, infer O]
  ? { table: T; groups: G; weights: W; communities: C; edges: E; regime: R; opts: O }
  : never;
parentPort!.postMessage(flagCommunities(d.table, d.groups, d.weights, d.communities, d.edges, d.regime, d.opts));
