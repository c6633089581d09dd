/**
 * Membership of a cluster, asked for every reaction around every burst (up to thousands a burst):
 * a Set lookup was a good part of the timing test. Members are bits in one array per thread (90 KB
 * for 723 k accounts, which stays in cache where a stamp per account, 2.9 MB, missed it), set for
 * a cluster and cleared at the next, so a new cluster costs its members, not a clear of every
 * account.
 */
let bits = new Int32Array(0);
let marked: readonly number[] = [];

/** Whether an account is one of `members`. Valid until the next call (one cluster's test at a time). */
export function memberTest(accounts: number, members: readonly number[]): (account: number) => boolean {
  const words = (accounts + 31) >>> 5;
  if (bits.length < words) bits = new Int32Array(words);
  const s = bits;
  for (const a of marked) s[a >>> 5] = 0;
  for (const a of members) s[a >>> 5] |= 1 << (a & 31);
  marked = members.slice();
  return (a) => (s[a >>> 5] & (1 << (a & 31))) !== 0;
}
