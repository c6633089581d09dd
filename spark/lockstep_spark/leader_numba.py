"""The text leader pass compiled with numba: the same rows out, in the same order, with the same
leaders as text.leader_pass, which stays the reference and the fallback.

The pass is sequential, so it cannot spread over cores; it can only run faster. The state is kept in
flat arrays instead of Python objects: leaders (time, position, signature), bucket chains as linked
lists of entries (newest first, so a scan follows `e_next` from the head), and an open-addressing
table from band key to its chain's head. Rows stream through in chunks, so a task holds the leaders
and the chains, not the whole partition.

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


def _grow(a, need):
    """`a` with room for `need` rows (doubling), its contents kept."""
    if a.shape[0] >= need:
        return a
    cap = max(need, 2 * a.shape[0])
    b = np.zeros((cap,) + a.shape[1:], a.dtype)
    b[: a.shape[0]] = a
    return b


class _State:
    def __init__(self):
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


def warm():
    """Compiles the pass in this process (once; later calls return at once) and returns the
    seconds it took: a constant per Python worker, which the job reports apart from the pass."""
    global _warm
    if _warm:
        return 0.0
    t0 = time.perf_counter()
    list(leader_pass(iter([(0, 0, "", [0] * HASHES, [1] * BANDS)]), 0.5, 1, 1.0))
    _warm = True
    return time.perf_counter() - t0


_warm = False


def _run(state, chunk, min_similarity, max_bucket, window):
    pos = np.array([r[0] for r in chunk], np.int64)
    ts = np.array([r[1] for r in chunk], np.int64)
    sigs = np.array([r[3] for r in chunk], np.uint32).reshape(len(chunk), HASHES)
    keys = np.array([r[4] for r in chunk], np.int64).reshape(len(chunk), BANDS)
    # The empty-slot marker is key 0; band keys are odd (text.band_key), so this never fires
    # unless the input is not what the pass expects, and then it must not be silently wrong.
    if not (keys & 1).all():
        raise ValueError("leader_numba: a band key is even; keys must come from text.band_keys")
    state.reserve(len(chunk))
    out = np.empty(len(chunk), np.int64)
    _chunk(pos, ts, sigs, keys, float(min_similarity), int(max_bucket), float(window), state.rows,
           state.tab_key, state.tab_head, state.l_ts, state.l_pos, state.l_sig, state.l_stamp,
           state.e_leader, state.e_next, state.counts, out)
    state.rows += len(chunk)
    return zip(pos.tolist(), [r[2] for r in chunk], state.l_pos[out].tolist(), state.l_ts[out].tolist())


def leader_pass(rows, min_similarity, max_bucket, window, chunk=CHUNK, seconds=None):
    """text.leader_pass, compiled: the same (pos, account, leader pos, leader ts) for every row of
    `rows` (pos, ts, account, sig, keys), sorted by (ts, pos), in the same order. `seconds`, if
    given, is called with the time spent in the pass itself (arrays in, the loop, tuples out),
    chunk by chunk: the rest of the caller's time is spent bringing the rows."""
    if not AVAILABLE:
        raise RuntimeError(f"leader_numba is not available ({REASON})")
    state = _State()
    buf = []
    for r in rows:
        buf.append(r)
        if len(buf) >= chunk:
            t0 = time.perf_counter()
            out = list(_run(state, buf, min_similarity, max_bucket, window))
            if seconds is not None:
                seconds(time.perf_counter() - t0)
            yield from out
            buf = []
    if buf:
        t0 = time.perf_counter()
        out = list(_run(state, buf, min_similarity, max_bucket, window))
        if seconds is not None:
            seconds(time.perf_counter() - t0)
        yield from out


def describe():
    """What job.json says about the pass this process would run."""
    return f"numba {VERSION}" if AVAILABLE else f"python ({REASON})"
