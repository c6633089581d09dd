import { parentPort, workerData } from 'node:worker_threads';
import { gatherInOrder, targetEpisodes } from './groups.js';

/** Worker entry: the target episodes of groupByTarget, with their events' times and accounts
 *  gathered for pair counting (see groups-aside.ts). */
const d = workerData as { target: Int32Array; action: Int32Array; ts: Float64Array; account: Int32Array; nTargets: number; nActions: number; episodeGap: number };
const e = targetEpisodes(d.target, d.action, d.ts, d.nTargets, d.nActions, d.episodeGap);
// Shared: the pair-counting threads read them in place.
e.gathered = gatherInOrder(e.order, d.ts, d.account, true);
parentPort!.postMessage(e, [e.key.buffer, e.offset.buffer, e.order.buffer, e.parent.buffer] as ArrayBuffer[]);
