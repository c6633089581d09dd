import { parentPort, workerData } from 'node:worker_threads';
import { targetEpisodes } from './groups.js';

/** Worker entry: the target episodes of groupByTarget (see groups-aside.ts). */
const d = workerData as { target: Int32Array; action: Int32Array; ts: Float64Array; nTargets: number; nActions: number; episodeGap: number };
const e = targetEpisodes(d.target, d.action, d.ts, d.nTargets, d.nActions, d.episodeGap);
parentPort!.postMessage(e, [e.key.buffer, e.offset.buffer, e.order.buffer, e.parent.buffer] as ArrayBuffer[]);
