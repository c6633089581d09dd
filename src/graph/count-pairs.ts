import { runWorker } from '../exec/workers.js';
import type { EventTable } from '../ingest/table.js';
import { countCoactions, keepTopK, pruneEdges, type CoactionOptions, type EdgeList, type PruneOptions } from './coaction.js';
import type { Gathered, TargetGroups } from './groups.js';
import type { PairInputs } from './pair-enum.js';
import { countPartition, type PartitionJob, type SurvivorColumns } from './pair-partition.js';

/**
 * Co-action counting and pruning (countCoactions + pruneEdges) in bounded memory on `threads`
 * threads, with the same edges in the same order: each thread counts the pairs of one partition of
 * the pair hash (pair-partition.ts), and keepTopK orders the kept edges by (a, b) whatever order
 * the survivors come in (ties go to the lower partner index). Small inputs take one PairCounter.
 */
export interface CountPairsOptions extends CoactionOptions, PruneOptions {
  threads: number;
  /** Co-action records (16 bytes each) a thread holds at once; fewer means more passes. */
  maxRecords?: number;
  /** Times and accounts of the first events of groups.order, already gathered (groups-aside.ts). */
  gathered?: Gathered;
  /** Told which way the pairs were counted (tests check the partitioned path ran). */
  onPath?: (path: 'partitions' | 'single') => void;
}

/** 36 M records: 576 MB a thread. */
export const DEFAULT_MAX_RECORDS = 36_000_000;

/** Bytes of one co-action record (pair-enum.ts PairRecords). */
const RECORD_BYTES = 16;

/**
 * Records a thread may hold with `room` bytes left under --max-memory (undefined: no budget, the
 * default). They take at most 45% of the room: the survivors and the rest of the stage take about
 * as much again (at 60%, a 10 M scan under --max-memory 4G peaked at 4,046 MB in this stage; at 45%
 * it peaked at 2,974 MB, in the same time).
 */
export function recordsFor(room: number, threads: number): number | undefined {
  if (!Number.isFinite(room)) return undefined;
  return Math.max(3_000_000, Math.min(DEFAULT_MAX_RECORDS, Math.floor((room * 0.45) / RECORD_BYTES / threads)));
}

/** Below this many events one PairCounter is small and fast. */
const MIN_PARTITIONED_EVENTS = 16_384;

export async function countAndPrune(t: EventTable, groups: TargetGroups, weights: Map<string, number>, opts: CountPairsOptions): Promise<EdgeList> {
  const threads = Math.max(1, Math.floor(opts.threads));
  if (t.size < MIN_PARTITIONED_EVENTS) {
    opts.onPath?.('single');
    return pruneEdges(countCoactions(t, groups, opts, weights), t.accountNames.length, opts);
  }
  const groupWeight = new Float64Array(groups.size);
  for (let g = 0; g < groups.size; g++) groupWeight[g] = weights.get(groups.action[g]) ?? 1;
  const n = groups.order.length;
  const share = threads > 1;
  const ts = alloc(Float64Array, n, share);
  const account = alloc(Int32Array, n, share);
  const pre = opts.gathered;
  if (pre) {
    ts.set(pre.ts);
    account.set(pre.account);
  }
  for (let k = pre?.ts.length ?? 0; k < n; k++) {
    ts[k] = t.ts[groups.order[k]];
    account[k] = t.account[groups.order[k]];
  }
  const inp: PairInputs = share ? { offset: shared(groups.offset), ts, account, groupWeight: shared(groupWeight) } : { offset: groups.offset, ts, account, groupWeight };
  const job = (part: number): PartitionJob => ({
    inp,
    win: { window: opts.window, scales: opts.scales, fanout: opts.fanout },
    part,
    parts: threads,
    minGroups: opts.minGroups,
    maxRecords: opts.maxRecords ?? DEFAULT_MAX_RECORDS,
  });
  const parts = threads === 1 ? [countPartition(job(0))] : await Promise.all(Array.from({ length: threads }, (_, p) => runWorker<SurvivorColumns>('graph/pair-worker', job(p))));
  opts.onPath?.('partitions');
  const s = concat(parts);
  const edges: EdgeList = { a: s.a, b: s.b, weight: s.w, groups: Float32Array.from(s.groups), size: s.a.length };
  return keepTopK(edges, t.accountNames.length, opts.topK);
}

/** A typed array, in shared memory when workers read it (no copy each). */
function alloc<T extends Int32Array | Float64Array>(C: { new (n: number): T; new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number, share: boolean): T {
  return share ? new C(new SharedArrayBuffer(n * C.BYTES_PER_ELEMENT)) : new C(n);
}

function shared<T extends Int32Array | Float64Array>(a: T): T {
  const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** The partitions' survivors one after another. */
function concat(parts: SurvivorColumns[]): SurvivorColumns {
  const n = parts.reduce((x, p) => x + p.a.length, 0);
  const out: SurvivorColumns = { a: new Int32Array(n), b: new Int32Array(n), w: new Float64Array(n), groups: new Float64Array(n) };
  let at = 0;
  for (const p of parts) {
    out.a.set(p.a, at);
    out.b.set(p.b, at);
    out.w.set(p.w, at);
    out.groups.set(p.groups, at);
    at += p.a.length;
  }
  return out;
}
