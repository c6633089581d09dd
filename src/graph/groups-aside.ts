import { runWorker } from '../exec/workers.js';
import type { EventTable } from '../ingest/table.js';
import { targetEpisodes, type TargetEpisodes } from './groups.js';

/** Below this many events the episodes are made on this thread (a worker's start-up would dominate). */
const MIN_EVENTS = 200_000;

/**
 * The target episodes (the part of groupByTarget that needs no text families), made in a worker
 * while this thread clusters the texts, when there is a second thread: at 10 M events they took
 * about 3 s on this thread after the text stage, while the other core idled once the signatures
 * were made. The worker runs the same code on the same columns, so the groups are the same; it
 * also gathers their events' times and accounts for pair counting (random reads of two columns,
 * about 1 s at 10 M events).
 * Call the result once the texts are clustered.
 */
export function targetEpisodesAside(t: EventTable, episodeGap: number, threads: number, minEvents = MIN_EVENTS): () => Promise<TargetEpisodes> {
  const n = t.size;
  const here = () => targetEpisodes(t.target.subarray(0, n), t.action.subarray(0, n), t.ts, t.targetNames.length, t.actionNames.length, episodeGap);
  if (threads < 2 || n < minEvents) return async () => here();
  const job = { target: shared(t.target, n), action: shared(t.action, n), ts: shared(t.ts, n), account: shared(t.account, n), nTargets: t.targetNames.length, nActions: t.actionNames.length, episodeGap };
  const pending = runWorker<TargetEpisodes>('graph/groups-worker', job);
  // A failure in the worker must not go unhandled while this thread clusters the texts.
  pending.catch(() => undefined);
  return () => pending;
}

/** The first n values in shared memory (the column itself when it already is). */
function shared<T extends Int32Array | Float64Array>(a: T, n: number): T {
  if (a.buffer instanceof SharedArrayBuffer && a.length === n) return a;
  const out = new (a.constructor as new (b: SharedArrayBuffer) => T)(new SharedArrayBuffer(n * a.BYTES_PER_ELEMENT));
  out.set(a.subarray(0, n) as never);
  return out;
}
