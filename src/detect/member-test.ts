/**
 * Membership of a cluster, asked for every reaction around every burst (up to thousands a burst):
 * a Set lookup was a good part of the timing test. Accounts are stamped with a generation number in
 * one array per thread, so a new cluster costs its members, not a clear of every account.
 */
let stamp = new Int32Array(0);
let generation = 0;

/** Whether an account is one of `members`. Valid until the next call (one cluster's test at a time). */
export function memberTest(accounts: number, members: readonly number[]): (account: number) => boolean {
  if (stamp.length < accounts || generation === 0x7fffffff) {
    stamp = new Int32Array(Math.max(accounts, stamp.length));
    generation = 0;
  }
  const g = ++generation;
  const s = stamp;
  for (const a of members) s[a] = g;
  return (a) => s[a] === g;
}
