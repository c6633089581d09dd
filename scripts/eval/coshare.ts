/**
 * Co-share pair counting, the common tools' coordination edge (CooRTweet, the QUT toolkit):
 * two shares of the same target by two different accounts within `windowMs` (inclusive) make one
 * co-share; a pair's weight is its number of co-shares.
 */

export interface ShareColumns {
  /** Dense account id per share. */
  account: ArrayLike<number>;
  /** Dense target id per share. */
  target: ArrayLike<number>;
  ts: ArrayLike<number>;
}

/** Unordered pair key: lo * 2^26 + hi (exact in a double for up to 67M accounts). */
const KEY = 2 ** 26;
export const pairOf = (key: number): [number, number] => [Math.floor(key / KEY), key % KEY];

export function coShareCounts(s: ShareColumns, windowMs: number): Map<number, number> {
  const n = s.ts.length;
  const byTarget = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const l = byTarget.get(s.target[i]);
    if (l) l.push(i);
    else byTarget.set(s.target[i], [i]);
  }
  const counts = new Map<number, number>();
  for (const list of byTarget.values()) {
    if (list.length < 2) continue;
    list.sort((a, b) => s.ts[a] - s.ts[b]);
    for (let x = 0; x < list.length; x++) {
      const i = list[x], ai = s.account[i];
      for (let y = x + 1; y < list.length; y++) {
        const j = list[y];
        if (s.ts[j] - s.ts[i] > windowMs) break;
        const aj = s.account[j];
        if (ai === aj) continue;
        const key = ai < aj ? ai * KEY + aj : aj * KEY + ai;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return counts;
}
