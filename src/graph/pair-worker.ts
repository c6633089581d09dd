import { parentPort, workerData } from 'node:worker_threads';
import { countRange, type PairInputs, type PairWindow } from './pair-slots.js';

/** Worker entry: counts one slot range of the pair table (see count-pairs.ts). */
const d = workerData as { inp: PairInputs; win: PairWindow; mask: number; lo: number; hi: number; minGroups: number; maxRecords: number };
const r = countRange(d.inp, d.win, d.mask, d.lo, d.hi, d.minGroups, d.maxRecords);
const f = r.firstRecords;
const v = r.survivors;
parentPort!.postMessage(r, [f.f.buffer, v.a.buffer, v.b.buffer, v.w.buffer, v.groups.buffer] as ArrayBuffer[]);
