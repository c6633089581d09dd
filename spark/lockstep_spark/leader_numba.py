"""The text leader pass compiled with numba: the same rows out, in the same order, with the same
leaders as text.leader_pass, which stays the reference and the fallback.

The pass is sequential, so it cannot spread over cores; it can only run faster. The state is kept in
flat arrays instead of Python objects: leaders (time, position, signature), bucket chains as linked
lists of entries (newest first, so a scan follows `e_next` from the head), and an open-addressing
table from band key to its chain's head. Rows stream through in chunks, so a task holds the leaders
and the chains, not the whole partition.

Bucket state is pruned as the pass goes: rows come in time order, so a leader older than the window
for the latest row is older than it for every later row, and a scan stops at the first such entry;
entries deeper than `max_bucket` in a chain are never reached either (new entries go in at the
head). Both are dropped at chunk boundaries (`_compact`), so the task holds the leaders of one
window, not of the day. If rows ever come out of time order, pruning turns itself off for that
pass, which then keeps everything, as the reference does, so the output never depends on it.

numba compiles on first use in each Python worker (about a second; nothing is cached to disk: the
package reaches executors as a zip). Where numba is missing or broken, AVAILABLE is False and
REASON says why; families.py then runs the Python pass and job.json records which one ran.
"""
import os
import time

try:
    import numpy as np
    import numba
    from numba import njit

    AVAILABLE = True
    REASON = ""
    VERSION = numba.__version__
except Exception as e:  # any import failure (missing, or a numpy it does not support) means the fallback
    AVAILABLE = False
    REASON = f"{type(e).__name__}: {e}"
    VERSION = ""

# LOCKSTEP_LEADER_PASS=python forces the reference pass (to compare, or if the JIT misbehaves).
if AVAILABLE and os.environ.get("LOCKSTEP_LEADER_PASS", "") == "python":
    AVAILABLE = False
    REASON = "LOCKSTEP_LEADER_PASS=python"

HASHES = 32
BANDS = 16
CHUNK = 65536

if AVAILABLE:

    @njit(cache=False, nogil=True)
    def _slot(tab_key, key):
        # Band keys are hashes with the low bit forced to 1 (so 0 marks an empty slot); fold the
        # high half in and drop the constant bit.
        mask = tab_key.shape[0] - 1
        s = ((key >> 1) ^ (key >> 17)) & mask
        while tab_key[s] != 0 and tab_key[s] != key:
            s = (s + 1) & mask
        return s

    @njit(cache=False, nogil=True)
    def _rehash(old_key, old_head, cap):
        tab_key = np.zeros(cap, np.int64)
        tab_head = np.full(cap, -1, np.int64)
        for i in range(old_key.shape[0]):
            if old_key[i] != 0:
                s = _slot(tab_key, old_key[i])
                tab_key[s] = old_key[i]
                tab_head[s] = old_head[i]
        return tab_key, tab_head

    @njit(cache=False, nogil=True)
    def _chunk(pos, ts, sigs, keys, min_sim, max_bucket, window, row0,
               tab_key, tab_head, l_ts, l_pos, l_sig, l_stamp, e_leader, e_next, counts, out):
        """One chunk of rows through the pass; `counts` = [leaders, entries, table slots used].
        The capacities were checked by the caller, so nothing grows here."""
        n_lead = counts[0]
        n_ent = counts[1]
        used = counts[2]
        for i in range(ts.shape[0]):
            t = ts[i]
            stamp = row0 + i + 1  # one stamp per row: a leader met through two keys is tested once
            best = -1
            best_sim = min_sim
            for j in range(BANDS):
                key = keys[i, j]
                s = _slot(tab_key, key)
                if tab_key[s] == 0:
                    continue
                e = tab_head[s]
                seen = 0
                while e >= 0:
                    if seen >= max_bucket:
                        break
                    seen += 1
                    c = e_leader[e]
                    if t - l_ts[c] > window:
                        break
                    if l_stamp[c] != stamp:
                        l_stamp[c] = stamp
                        same = 0
                        for k in range(HASHES):
                            if sigs[i, k] == l_sig[c, k]:
                                same += 1
                        sim = same / HASHES
                        # >=, as in the reference: of equal candidates the later-scanned one wins.
                        if sim >= best_sim:
                            best_sim = sim
                            best = c
                    e = e_next[e]
            if best >= 0:
                out[i] = best
            else:
                c = n_lead
                n_lead += 1
                l_ts[c] = t
                l_pos[c] = pos[i]
                l_sig[c, :] = sigs[i, :]
                l_stamp[c] = 0
                # Every key, repeats included (the reference appends once per key in the list).
                for j in range(BANDS):
                    key = keys[i, j]
                    s = _slot(tab_key, key)
                    if tab_key[s] == 0:
                        tab_key[s] = key
                        used += 1
                    e_leader[n_ent] = c
                    e_next[n_ent] = tab_head[s]
                    tab_head[s] = n_ent
                    n_ent += 1
                out[i] = c
        counts[0] = n_lead
        counts[1] = n_ent
        counts[2] = used


    @njit(cache=False, nogil=True)
    def _band_keys(sigs):
        """text.band_keys for each row of `sigs` (n x 32): the 16 LSH bucket keys, in unsigned
        32-bit arithmetic as the TypeScript computes them."""
        n = sigs.shape[0]
        out = np.empty((n, BANDS), np.int64)
        for i in range(n):
            for b in range(BANDS):
                h = ((b + 1) * 0x9E3779B1) & 0xFFFFFFFF
                for r in range(HASHES // BANDS):
                    h = ((h ^ (sigs[i, b * (HASHES // BANDS) + r] & 0xFFFFFFFF)) * 0x01000193) & 0xFFFFFFFF
                out[i, b] = h | 1
        return out

    @njit(cache=False, nogil=True)
    def _compact(t_now, window, max_bucket, tab_key, tab_head, l_ts, l_pos, l_sig, l_stamp, e_leader, e_next, counts):
        """The state without what no later row can reach: leaders with t_now - ts > window (a prefix
        of the leaders, made in time order), and chain entries past the first such leader or deeper
        than max_bucket. Leaders keep their order (renumbered from 0); each chain keeps its order.
        Returns new arrays with room to grow by half again, and updates `counts`."""
        n_lead = counts[0]
        dead = 0
        while dead < n_lead and t_now - l_ts[dead] > window:
            dead += 1
        live = n_lead - dead
        # Count what stays, to size the new arrays.
        kept_ent = 0
        kept_keys = 0
        for s in range(tab_key.shape[0]):
            if tab_key[s] == 0:
                continue
            e = tab_head[s]
            kept = 0
            while e >= 0 and kept < max_bucket and e_leader[e] >= dead:
                kept += 1
                e = e_next[e]
            kept_ent += kept
            if kept > 0:
                kept_keys += 1
        lead_cap = max(1 << 12, live + live // 2)
        ent_cap = max(1 << 16, kept_ent + kept_ent // 2)
        tab_cap = 1 << 16
        while tab_cap < 3 * kept_keys:
            tab_cap *= 2
        n_ts = np.zeros(lead_cap, np.int64)
        n_pos = np.zeros(lead_cap, np.int64)
        n_sig = np.zeros((lead_cap, HASHES), np.uint32)
        n_stamp = np.zeros(lead_cap, np.int64)
        n_ts[:live] = l_ts[dead:n_lead]
        n_pos[:live] = l_pos[dead:n_lead]
        n_sig[:live, :] = l_sig[dead:n_lead, :]
        n_stamp[:live] = l_stamp[dead:n_lead]
        n_key = np.zeros(tab_cap, np.int64)
        n_head = np.full(tab_cap, -1, np.int64)
        n_leader = np.zeros(ent_cap, np.int64)
        n_next = np.zeros(ent_cap, np.int64)
        n_ent = 0
        used = 0
        for s in range(tab_key.shape[0]):
            if tab_key[s] == 0:
                continue
            e = tab_head[s]
            prev = -1
            kept = 0
            while e >= 0 and kept < max_bucket:
                c = e_leader[e]
                if c < dead:
                    break  # older entries follow: all dead
                n_leader[n_ent] = c - dead
                n_next[n_ent] = -1
                if prev < 0:
                    ns = _slot(n_key, tab_key[s])
                    n_key[ns] = tab_key[s]
                    n_head[ns] = n_ent
                    used += 1
                else:
                    n_next[prev] = n_ent
                prev = n_ent
                n_ent += 1
                kept += 1
                e = e_next[e]
        counts[0] = live
        counts[1] = n_ent
        counts[2] = used
        return n_key, n_head, n_ts, n_pos, n_sig, n_stamp, n_leader, n_next


def _grow(a, need):
    """`a` with room for `need` rows (doubling), its contents kept."""
    if a.shape[0] >= need:
        return a
    cap = max(need, 2 * a.shape[0])
    b = np.zeros((cap,) + a.shape[1:], a.dtype)
    b[: a.shape[0]] = a
    return b


# Compact when the chain entries have grown by this many since the last compaction (and at least
# doubled), so compaction's cost, linear in what is kept, is paid for by the rows that made it.
COMPACT_MIN_ENTRIES = 1 << 16


class _State:
    def __init__(self, window, max_bucket, compact_min=COMPACT_MIN_ENTRIES):
        self.tab_key = np.zeros(1 << 16, np.int64)
        self.tab_head = np.full(1 << 16, -1, np.int64)
        self.l_ts = np.zeros(1 << 12, np.int64)
        self.l_pos = np.zeros(1 << 12, np.int64)
        self.l_sig = np.zeros((1 << 12, HASHES), np.uint32)
        self.l_stamp = np.zeros(1 << 12, np.int64)
        self.e_leader = np.zeros(1 << 16, np.int64)
        self.e_next = np.zeros(1 << 16, np.int64)
        self.counts = np.zeros(3, np.int64)
        self.rows = 0
        self.window = float(window)
        self.max_bucket = int(max_bucket)
        self.compact_min = compact_min
        self.next_compact = compact_min
        self.last_ts = None
        self.in_order = True  # rows so far in time order: pruning is exact
        self.compactions = 0
        self.peak_bytes = 0
        self.peak_leaders = 0  # most leaders held at once
        self.leaders = 0  # leaders made over the pass

    def nbytes(self):
        return sum(a.nbytes for a in (self.tab_key, self.tab_head, self.l_ts, self.l_pos, self.l_sig, self.l_stamp, self.e_leader, self.e_next))

    def reserve(self, m):
        """Room for m more rows: each may become a leader and add BANDS entries and table keys."""
        n_lead, n_ent, used = (int(x) for x in self.counts)
        self.l_ts = _grow(self.l_ts, n_lead + m)
        self.l_pos = _grow(self.l_pos, n_lead + m)
        self.l_sig = _grow(self.l_sig, n_lead + m)
        self.l_stamp = _grow(self.l_stamp, n_lead + m)
        self.e_leader = _grow(self.e_leader, n_ent + BANDS * m)
        self.e_next = _grow(self.e_next, n_ent + BANDS * m)
        cap = self.tab_key.shape[0]
        # Load at most one half, so linear probing stays short.
        while 2 * (used + BANDS * m) > cap:
            cap *= 2
        if cap != self.tab_key.shape[0]:
            self.tab_key, self.tab_head = _rehash(self.tab_key, self.tab_head, cap)
        self.peak_bytes = max(self.peak_bytes, self.nbytes())

    def check_order(self, ts):
        """Pruning relies on time order; rows out of it turn pruning off for the rest of the pass
        (before any pruning), or stop it (after: the reference's answer may need what was dropped)."""
        if not self.in_order or ts.shape[0] == 0:
            return
        if (self.last_ts is not None and ts[0] < self.last_ts) or (ts.shape[0] > 1 and bool((ts[1:] < ts[:-1]).any())):
            if self.compactions:
                # What was dropped could matter to this row: never answer differently from the reference.
                raise ValueError("leader_numba: rows out of time order after the state was pruned")
            self.in_order = False
        else:
            self.last_ts = int(ts[-1])

    def after(self):
        """At a chunk boundary: drop what no later row can reach, when it has grown enough."""
        n_lead, n_ent = int(self.counts[0]), int(self.counts[1])
        self.peak_leaders = max(self.peak_leaders, n_lead)
        if not self.in_order or self.compact_min <= 0 or n_ent < self.next_compact:
            return
        (self.tab_key, self.tab_head, self.l_ts, self.l_pos, self.l_sig, self.l_stamp, self.e_leader,
         self.e_next) = _compact(int(self.last_ts), self.window, self.max_bucket, self.tab_key, self.tab_head, self.l_ts,
                                 self.l_pos, self.l_sig, self.l_stamp, self.e_leader, self.e_next, self.counts)
        self.compactions += 1
        self.next_compact = max(2 * int(self.counts[1]), int(self.counts[1]) + self.compact_min)


def warm():
    """Compiles the pass in this process (once; later calls return at once) and returns the
    seconds it took: a constant per Python worker, which the job reports apart from the pass."""
    global _warm
    if _warm:
        return 0.0
    t0 = time.perf_counter()
    one = (np.zeros(1, np.int64), np.zeros(1, np.int64), np.zeros((1, HASHES), np.int64), np.ones((1, BANDS), np.int64))
    list(leader_pass_arrays(iter([one, one]), 0.5, 1, 1.0, compact_min=1))  # compiles _compact too
    _rehash(np.zeros(2, np.int64), np.full(2, -1, np.int64), 4)
    band_keys(np.zeros((1, HASHES), np.int64))  # else compiled when the table first grows, inside the pass
    _warm = True
    return time.perf_counter() - t0


_warm = False


def _run_arrays(state, pos, ts, sigs, keys, min_similarity):
    """One chunk of arrays through the pass: the leaders' positions and times, one per row."""
    n = ts.shape[0]
    if sigs.shape != (n, HASHES) or keys.shape != (n, BANDS) or pos.shape != (n,):
        raise ValueError(f"leader_numba: expected {n} rows of {HASHES} hashes and {BANDS} keys, got {sigs.shape} and {keys.shape}")
    # The empty-slot marker is key 0; band keys are odd (text.band_key), so this never fires
    # unless the input is not what the pass expects, and then it must not be silently wrong.
    if not (keys & 1).all():
        raise ValueError("leader_numba: a band key is even; keys must come from text.band_keys")
    state.check_order(ts)
    state.reserve(n)
    out = np.empty(n, np.int64)
    before = int(state.counts[0])
    _chunk(pos, ts, sigs.astype(np.uint32, copy=False), keys, float(min_similarity), state.max_bucket, state.window, state.rows,
           state.tab_key, state.tab_head, state.l_ts, state.l_pos, state.l_sig, state.l_stamp,
           state.e_leader, state.e_next, state.counts, out)
    state.leaders += int(state.counts[0]) - before
    state.rows += n
    lead_pos, lead_ts = state.l_pos[out], state.l_ts[out]
    state.after()
    return lead_pos, lead_ts


def leader_pass_arrays(chunks, min_similarity, max_bucket, window, seconds=None, compact_min=COMPACT_MIN_ENTRIES, state_out=None):
    """The pass over column chunks: `chunks` yields (pos, ts, sigs, keys) as numpy arrays (n,
    n, n x 32, n x 16), the rows sorted by (ts, pos) across chunks; yields (leader pos, leader ts)
    arrays, one entry per row, in the same order. `seconds` is called with the time spent in the
    pass, chunk by chunk. `state_out`, a dict, receives the state's figures at the end (peak bytes,
    leaders, compactions, whether the rows were in time order)."""
    if not AVAILABLE:
        raise RuntimeError(f"leader_numba is not available ({REASON})")
    state = _State(window, max_bucket, compact_min)
    for pos, ts, sigs, keys in chunks:
        t0 = time.perf_counter()
        out = _run_arrays(state, np.ascontiguousarray(pos, np.int64), np.ascontiguousarray(ts, np.int64),
                          np.ascontiguousarray(sigs), np.ascontiguousarray(keys, np.int64), min_similarity)
        if seconds is not None:
            seconds(time.perf_counter() - t0)
        yield out
    if state_out is not None:
        state_out.update({"peakBytes": state.peak_bytes, "peakLeaders": state.peak_leaders, "leaders": state.leaders,
                          "compactions": state.compactions, "inOrder": state.in_order, "rows": state.rows})


def leader_pass(rows, min_similarity, max_bucket, window, chunk=CHUNK, seconds=None, compact_min=COMPACT_MIN_ENTRIES, state_out=None):
    """text.leader_pass, compiled: the same (pos, account, leader pos, leader ts) for every row of
    `rows` (pos, ts, account, sig, keys), sorted by (ts, pos), in the same order. `seconds`, if
    given, is called with the time spent in the pass itself (the loop and its bookkeeping), chunk
    by chunk: the rest of the caller's time is spent bringing the rows and turning them into arrays."""
    if not AVAILABLE:
        raise RuntimeError(f"leader_numba is not available ({REASON})")
    accounts = []

    def chunks():
        buf = []
        for r in rows:
            buf.append(r)
            if len(buf) >= chunk:
                yield _arrays(buf, accounts)
                buf = []
        if buf:
            yield _arrays(buf, accounts)

    for lead_pos, lead_ts in leader_pass_arrays(chunks(), min_similarity, max_bucket, window, seconds, compact_min, state_out):
        pos, acc = accounts.pop(0)
        yield from zip(pos, acc, lead_pos.tolist(), lead_ts.tolist())


def _arrays(buf, accounts):
    n = len(buf)
    pos = np.array([r[0] for r in buf], np.int64)
    accounts.append((pos.tolist(), [r[2] for r in buf]))
    return (pos, np.array([r[1] for r in buf], np.int64), np.array([r[3] for r in buf], np.int64).reshape(n, HASHES),
            np.array([r[4] for r in buf], np.int64).reshape(n, BANDS))


def band_keys(sigs):
    """The band keys of an (n, 32) array of signatures, as an (n, 16) int64 array (text.band_keys)."""
    return _band_keys(np.ascontiguousarray(sigs, np.int64))


def describe():
    """What job.json says about the pass this process would run."""
    return f"numba {VERSION}" if AVAILABLE else f"python ({REASON})"
