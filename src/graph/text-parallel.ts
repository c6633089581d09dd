import type { EventTable } from '../ingest/table.js';
import { runWorker } from '../exec/workers.js';
import type { TextGroups } from './groups.js';
import { groupTexts, signTexts, textsInTimeOrder, type Signatures, type TextSimilarityOptions } from './text-similarity.js';

const HASHES = 32;
/** Below this many texts a worker's start-up costs more than it saves. */
const MIN_TEXTS_PER_THREAD = 20_000;

/**
 * findTextGroups with the signatures (normalising, shingling, MinHash: most of the stage's work)
 * spread over `threads`: this thread signs the first slice, workers the others. Signatures are a
 * pure function of each text, so the families are the same for any thread count.
 */
export async function findTextGroupsThreaded(t: EventTable, opts: TextSimilarityOptions, threads: number, minPerThread = MIN_TEXTS_PER_THREAD): Promise<{ groups: TextGroups; count: number }> {
  const idx = textsInTimeOrder(t, opts);
  const parts = Math.max(1, Math.min(threads, Math.floor(idx.length / minPerThread)));
  const cut = (p: number) => Math.round((idx.length * p) / parts);
  const slice = (p: number) => {
    const out: string[] = new Array(cut(p + 1) - cut(p));
    for (let k = cut(p); k < cut(p + 1); k++) out[k - cut(p)] = t.text[idx[k]]!;
    return out;
  };
  const others = Array.from({ length: parts - 1 }, (_, p) => runWorker<Signatures>('graph/text-worker', { texts: slice(p + 1), minLength: opts.minLength }));
  const mine = signTexts(slice(0), opts);
  const signed: Signatures = parts === 1 ? mine : { sig: new Uint32Array(idx.length * HASHES), ok: new Uint8Array(idx.length) };
  if (parts > 1) {
    const all = [mine, ...(await Promise.all(others))];
    all.forEach((r, p) => {
      signed.sig.set(r.sig, cut(p) * HASHES);
      signed.ok.set(r.ok, cut(p));
    });
  }
  return groupTexts(t, idx, signed, opts);
}
