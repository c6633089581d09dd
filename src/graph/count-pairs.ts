import { runWorker } from '../exec/workers.js';
import type { EventTable } from '../ingest/table.js';
import { countCoactions, keepTopK, pruneEdges, type CoactionOptions, type EdgeList, type PruneOptions } from './coaction.js';
import type { TargetGroups } from './groups.js';
import { BLOCK_BITS, combineRanges, counterCapacity, countRange, OverflowError, type PairInputs, type RangeResult, type SurvivorColumns } from './pair-slots.js';

/**
 * Co-action counting and pruning (countCoactions + pruneEdges) in bounded memory on `threads`
 * threads, with the same edges in the same order (see pair-slots.ts for why that holds). Falls
 * back to the single PairCounter when the table would have grown (its layout then depends on the
 * rehash) or a probe run outgrew a block; small inputs take that path too.
 */
export interface CountPairsOptions extends CoactionOptions, PruneOptions {
  threads: number;
  /** Co-action records (24 bytes each) a thread holds at once; fewer means more passes. */
  maxRecords?: number;
  /** Told which way the pairs were counted (tests check the block path ran). */
  onPath?: (path: 'blocks' | 'single') => void;
}

/** 24 M records: 576 MB a thread; 10 M events (≈ 140 M co-actions) then take three passes a thread. */
export const DEFAULT_MAX_RECORDS = 24_000_000;

export async function countAndPrune(t: EventTable, groups: TargetGroups, weights: Map<string, number>, opts: CountPairsOptions): Promise<EdgeList> {
  const cap = counterCapacity(Math.max(1 << 16, t.size * 8));
  const threads = Math.max(1, Math.floor(opts.threads));
  const serial = () => {
    opts.onPath?.('single');
    return pruneEdges(countCoactions(t, groups, opts, weights), t.accountNames.length, opts);
  };
  // Each range needs at least two blocks for the carry fix-up; below that one table is small anyway.
  if (cap < (2 << BLOCK_BITS) * Math.max(2, threads)) return serial();
  const groupWeight = new Float64Array(groups.size);
  for (let g = 0; g < groups.size; g++) groupWeight[g] = weights.get(groups.action[g]) ?? 1;
  const n = groups.order.length;
  const ts = new Float64Array(n);
  const account = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    ts[k] = t.ts[groups.order[k]];
    account[k] = t.account[groups.order[k]];
  }
  const inp: PairInputs = { offset: groups.offset, ts, account, groupWeight };
  const win = { window: opts.window, scales: opts.scales, fanout: opts.fanout };
  const mask = cap - 1;
  const starts = Array.from({ length: threads }, (_, r) => Math.floor((cap / threads) * r / (1 << BLOCK_BITS)) * (1 << BLOCK_BITS));
  const ends = starts.map((_, r) => (r + 1 < threads ? starts[r + 1] : cap));
  const maxRecords = opts.maxRecords ?? DEFAULT_MAX_RECORDS;
  let s: SurvivorColumns;
  try {
    const ranges =
      threads === 1 ? [countRange(inp, win, mask, 0, cap, opts.minGroups, maxRecords)] : await inWorkers(shareInputs(inp), win, mask, starts, ends, opts.minGroups, maxRecords);
    const distinct = ranges.reduce((n, r) => n + r.distinct, 0);
    if (distinct * 5 > cap * 4) return serial(); // PairCounter would have grown and rehashed
    s = combineRanges(ranges, starts, mask, groupWeight, opts.minGroups);
  } catch (e) {
    // (An error from a worker arrives as a plain Error with the same message.)
    if (e instanceof OverflowError || (e instanceof Error && e.message === new OverflowError().message)) return serial();
    throw e;
  }
  opts.onPath?.('blocks');
  const edges: EdgeList = { a: s.a, b: s.b, weight: s.w, groups: Float32Array.from(s.groups), size: s.a.length };
  return keepTopK(edges, t.accountNames.length, opts.topK);
}

/** Copies the enumeration's inputs into shared memory, so workers read them without a copy each. */
function shareInputs(inp: PairInputs): PairInputs {
  const share = <T extends Int32Array | Float64Array>(a: T): T => {
    const sab = new SharedArrayBuffer(a.byteLength);
    const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(sab);
    out.set(a);
    return out;
  };
  return { offset: share(inp.offset), ts: share(inp.ts), account: share(inp.account), groupWeight: share(inp.groupWeight) };
}

function inWorkers(inp: PairInputs, win: CoactionOptions, mask: number, starts: number[], ends: number[], minGroups: number, maxRecords: number): Promise<RangeResult[]> {
  return Promise.all(starts.map((lo, r) => runWorker<RangeResult>('graph/pair-worker', { inp, win, mask, lo, hi: ends[r], minGroups, maxRecords })));
}
