import { parentPort, workerData } from 'node:worker_threads';
import { countPartition, type PartitionJob } from './pair-partition.js';

/** Worker entry: counts one partition of the pairs (see count-pairs.ts). */
const v = countPartition(workerData as PartitionJob);
parentPort!.postMessage(v, [v.a.buffer, v.b.buffer, v.w.buffer, v.groups.buffer] as ArrayBuffer[]);
