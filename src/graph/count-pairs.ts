import { startWorker } from '../exec/workers.js';
import type { EventTable } from '../ingest/table.js';
import { countCoactions, keepTopK, pruneEdges, type CoactionOptions, type EdgeList, type PruneOptions } from './coaction.js';
import type { Gathered, TargetGroups } from './groups.js';
import { BUCKETS, chunkGroups, recordLayout, type PairInputs } from './pair-enum.js';
import { countPass, recordPass, sumPass, type PairJob, type RecordRun, type SurvivorColumns } from './pair-partition.js';

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
  /** Words (of 32 bits) a co-action record takes, 2 or 4 (default: 2 when the data's sizes fit; tests force 4). */
  recordWords?: 2 | 4;
  /** Told which way the pairs were counted (tests check the partitioned path ran). */
  onPath?: (path: 'partitions' | 'single') => void;
}

/** 36 M records: 576 MB a thread. */
export const DEFAULT_MAX_RECORDS = 36_000_000;

/** Bytes of one co-action record (pair-enum.ts PairRecords). */
const RECORD_BYTES = 16;

/**
 * Records a thread may hold with `room` bytes left under --max-memory (undefined: no budget, the
 * default), counted as 16-byte records: the threads share one buffer of at most that many bytes
 * (a record may take 8). They take at most 45% of the room (at 60%, the code that gave each thread
 * its own records peaked at 4,046 MB in this stage on a 10 M scan under --max-memory 4G). At 80%
 * the 10 M scan's records fit one run instead of two, but the stage then peaked at 3,708 MB
 * against 3,067 MB: too close to 4 GB for what one enumeration fewer saves.
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
  const share = threads > 1;
  // Each group's action weight, as an index into the distinct weights (a record holds the index).
  const weightOf = alloc(Int32Array, groups.size, share);
  const distinct: number[] = [];
  const indexOf = new Map<number, number>();
  for (let g = 0; g < groups.size; g++) {
    const w = weights.get(groups.action[g]) ?? 1;
    let i = indexOf.get(w);
    if (i === undefined) {
      i = distinct.length;
      indexOf.set(w, i);
      distinct.push(w);
    }
    weightOf[g] = i;
  }
  const n = groups.order.length;
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
  const offset = share ? shared(groups.offset) : groups.offset;
  let maxGroup = 0;
  for (let g = 0; g < groups.size; g++) maxGroup = Math.max(maxGroup, offset[g + 1] - offset[g]);
  const inp: PairInputs = { offset, ts, account, weightOf, weights: Float64Array.from(distinct) };
  const win = { window: opts.window, scales: opts.scales, fanout: opts.fanout };
  const chunks = chunkGroups(offset, Math.max(MIN_CHUNK_EVENTS, Math.ceil(n / MAX_CHUNKS)));
  const C = chunks.length - 1;
  const layout = recordLayout(t.accountNames.length, opts.scales.length, distinct.length, maxGroup, opts.recordWords);
  const job: PairJob = {
    inp,
    win,
    chunks,
    layout,
    minGroups: opts.minGroups,
    counts: alloc(Uint32Array, C * BUCKETS, share),
    ctl: alloc(Int32Array, 1, share),
  };
  const passes = share ? workerPasses(job, threads) : localPasses(job);
  let tDbg = performance.now();
  const dbg = process.env.LOCKSTEP_DEBUG_PAIRS ? (m: string) => { const now = performance.now(); process.stderr.write(`[pairs] ${m} ${((now - tDbg) / 1000).toFixed(2)} s\n`); tDbg = now; } : () => undefined;
  try {
    // 1. Count each chunk's co-actions per bucket.
    await passes.count();
    dbg(`count (${C} chunks, ${layout.words} words)`);
    // 2 and 3, for runs of buckets whose records fit the bound: record, then sum.
    const total = new Float64Array(BUCKETS);
    const before = alloc(Float64Array, C * BUCKETS, share);
    for (let b = 0; b < BUCKETS; b++) {
      let s = 0;
      for (let c = 0; c < C; c++) {
        before[c * BUCKETS + b] = s;
        s += job.counts[c * BUCKETS + b];
      }
      total[b] = s;
    }
    const bytes = (opts.maxRecords ?? DEFAULT_MAX_RECORDS) * RECORD_BYTES * threads;
    // (Records a run at most 2^28: positions stay small integers.)
    const runs = planRuns(total, Math.max(1, Math.min(2 ** 28, Math.floor(bytes / (4 * layout.words)))));
    const longest = runs.reduce((x, r) => Math.max(x, r.records), 0);
    const u = alloc(Uint32Array, longest * layout.words, share);
    const segments: SurvivorColumns[] = [];
    for (const r of runs) {
      const start = new Float64Array(r.hi - r.lo + 1);
      for (let b = r.lo; b < r.hi; b++) start[b - r.lo + 1] = start[b - r.lo] + total[b];
      const run: RecordRun = { lo: r.lo, hi: r.hi, start, before, u };
      await passes.record(run);
      dbg(`record ${r.records}`);
      for (const part of await passes.sum(run)) segments.push(part);
      dbg('sum');
    }
    opts.onPath?.('partitions');
    const s = concat(segments);
    dbg('concat');
    const edges: EdgeList = { a: s.a, b: s.b, weight: s.w, groups: Float32Array.from(s.groups), size: s.a.length };
    dbg(`${edges.size} survivors`);
    const kept = keepTopK(edges, t.accountNames.length, opts.topK);
    dbg('topK');
    return kept;
  } finally {
    passes.end();
  }
}

/** Events a chunk of groups holds at least, and chunks at most (before rounding to whole groups). */
const MIN_CHUNK_EVENTS = 16_384;
const MAX_CHUNKS = 128;

/**
 * Runs of buckets whose records fit `cap`, about equal in size: as many runs as the records need,
 * each filled to its share (a bucket larger than cap is a run of its own).
 */
export function planRuns(total: Float64Array, cap: number): { lo: number; hi: number; records: number }[] {
  const N = total.reduce((x, y) => x + y, 0);
  if (N === 0) return [];
  const target = Math.ceil(N / Math.ceil(N / cap));
  const runs: { lo: number; hi: number; records: number }[] = [];
  for (let b0 = 0; b0 < total.length; ) {
    let n = total[b0];
    let b1 = b0 + 1;
    while (b1 < total.length && n < target && n + total[b1] <= cap) n += total[b1++];
    if (n > 0) runs.push({ lo: b0, hi: b1, records: n });
    b0 = b1;
  }
  return runs;
}

/** The passes, run here (one thread). */
function localPasses(job: PairJob): Passes {
  return {
    count: async () => {
      Atomics.store(job.ctl, 0, 0);
      countPass(job);
    },
    record: async (run) => {
      Atomics.store(job.ctl, 0, 0);
      recordPass(job, run);
    },
    sum: async (run) => {
      Atomics.store(job.ctl, 0, 0);
      return orderBlocks([sumPass(job, run)]);
    },
    end: () => undefined,
  };
}

/** The passes, run by `threads` workers (pair-worker.ts) taking chunks from a shared counter. */
function workerPasses(job: PairJob, threads: number): Passes {
  const workers = Array.from({ length: threads }, () => startWorker('graph/pair-worker', job));
  const all = <T>(msg: unknown): Promise<T[]> => {
    Atomics.store(job.ctl, 0, 0);
    return Promise.all(
      workers.map(
        (w) =>
          new Promise<T>((resolve, reject) => {
            const onMessage = (m: T) => {
              w.off('error', onError);
              w.off('exit', onExit);
              resolve(m);
            };
            const onError = (e: Error) => {
              w.off('message', onMessage);
              w.off('exit', onExit);
              reject(e);
            };
            const onExit = (code: number) => {
              w.off('message', onMessage);
              w.off('error', onError);
              reject(new Error(`worker graph/pair-worker exited with code ${code} during a pass`));
            };
            w.once('message', onMessage);
            w.once('error', onError);
            w.once('exit', onExit);
            w.postMessage(msg);
          }),
      ),
    );
  };
  return {
    count: async () => void (await all({ pass: 'count' })),
    record: async (run) => void (await all({ pass: 'record', run })),
    sum: async (run) => orderBlocks(await all<SurvivorColumns & { blocks: Int32Array }>({ pass: 'sum', run })),
    end: () => {
      for (const w of workers) void w.terminate();
    },
  };
}

interface Passes {
  count(): Promise<void>;
  record(run: RecordRun): Promise<void>;
  sum(run: RecordRun): Promise<SurvivorColumns[]>;
  end(): void;
}

/** The sum pass's survivors in bucket order (block by block), whichever thread summed each block. */
function orderBlocks(parts: (SurvivorColumns & { blocks: Int32Array })[]): SurvivorColumns[] {
  const at: { part: number; from: number; to: number; block: number }[] = [];
  parts.forEach((p, i) => {
    for (let k = 0; k < p.blocks.length; k += 3) at.push({ part: i, block: p.blocks[k], from: p.blocks[k + 1], to: p.blocks[k + 2] });
  });
  at.sort((x, y) => x.block - y.block);
  return at.map(({ part, from, to }) => {
    const p = parts[part];
    return { a: p.a.subarray(from, to), b: p.b.subarray(from, to), w: p.w.subarray(from, to), groups: p.groups.subarray(from, to) };
  });
}

/** A typed array, in shared memory when workers read it (no copy each). */
function alloc<T extends Int32Array | Uint32Array | Float64Array>(C: { new (n: number): T; new (b: SharedArrayBuffer): T; BYTES_PER_ELEMENT: number }, n: number, share: boolean): T {
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
