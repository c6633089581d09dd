import { parentPort, workerData } from 'node:worker_threads';
import { countPass, recordPass, sumPass, type PairJob, type RecordRun } from './pair-partition.js';

/** Worker entry: takes its share of each pass of pair counting (see count-pairs.ts), as told. */
const job = workerData as PairJob;
parentPort!.on('message', (m: { pass: 'count' } | { pass: 'record' | 'sum'; run: RecordRun }) => {
  if (m.pass === 'count') {
    countPass(job);
    parentPort!.postMessage(true);
  } else if (m.pass === 'record') {
    recordPass(job, m.run);
    parentPort!.postMessage(true);
  } else {
    const v = sumPass(job, m.run);
    parentPort!.postMessage(v, [v.a.buffer, v.b.buffer, v.w.buffer, v.groups.buffer, v.blocks.buffer] as ArrayBuffer[]);
  }
});
