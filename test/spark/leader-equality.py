"""The compiled leader pass (leader_numba) against the reference (text.leader_pass): hand-made cases
whose answers are known (ties, the time window, max_bucket, a key repeated within one text), then
generated rows, from real texts with many near-duplicates and from synthetic signatures that make
ties and long buckets common. Every output row must be equal, in the same order. Exits non-zero
on any difference, or if numba is not importable (nothing is skipped); prints a JSON summary.

  python test/spark/leader-equality.py      (the Spark venv's python; run by leader-pass.test.ts)
"""
import json
import os
import random
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "spark"))
from lockstep_spark import leader_numba as ln  # noqa: E402
from lockstep_spark import text as tx  # noqa: E402

if not ln.AVAILABLE:
    print(json.dumps({"error": f"numba not available: {ln.REASON}"}))
    sys.exit(2)

summary = {"numba": ln.VERSION, "cases": 0, "rows": 0, "leaders": 0, "joined": 0}
failures = []


def both(rows, sim, bucket, window, chunk=ln.CHUNK):
    ref = list(tx.leader_pass(iter(rows), sim, bucket, window))
    got = list(ln.leader_pass(iter(rows), sim, bucket, window, chunk=chunk))
    return ref, got


def check(name, rows, sim, bucket, window, chunk=ln.CHUNK, expect=None):
    ref, got = both(rows, sim, bucket, window, chunk)
    summary["cases"] += 1
    summary["rows"] += len(rows)
    summary["leaders"] += sum(1 for p, _, lp, _ in ref if p == lp)
    summary["joined"] += sum(1 for p, _, lp, _ in ref if p != lp)
    if ref != got:
        bad = next(i for i, (a, b) in enumerate(zip(ref, got)) if a != b) if len(ref) == len(got) else -1
        failures.append({"case": name, "rows": len(rows), "firstDiff": bad, "ref": ref[bad] if bad >= 0 else len(ref),
                         "got": got[bad] if bad >= 0 else len(got)})
    if expect is not None:
        leaders = [lp for _, _, lp, _ in ref]
        if leaders != expect:
            failures.append({"case": name, "reference": leaders, "expected": expect})


# --- Hand-made cases: each asserts the reference's answer too, so the feature is really exercised.
_odd = iter(range(1_000_001, 10**9, 2))


def filler(n):
    return [next(_odd) for _ in range(n)]


def sig_of(base, n=32):
    return [base + k for k in range(n)]


A = sig_of(1000)
B = sig_of(2000)
X = A[:16] + B[16:]  # agrees with A and with B on 16 of 32 hashes: a tie at 0.5
KA, KB = 11, 13
# A tie: the candidate scanned later wins (sim >= best_sim), so the key order of the text decides.
tie_rows = lambda order: [  # noqa: E731
    (0, 0, "a", A, [KA] + filler(15)),
    (1, 1, "b", B, [KB] + filler(15)),
    (2, 2, "x", X, order + filler(14)),
]
check("tie, A's key first: B wins", tie_rows([KA, KB]), 0.3, 16, 100, expect=[0, 1, 1])
check("tie, B's key first: A wins", tie_rows([KB, KA]), 0.3, 16, 100, expect=[0, 1, 0])
# The window: a leader exactly `window` old is still met; one older is not (the scan stops there).
win = lambda dt: [(0, 0, "a", A, [KA] + filler(15)), (1, dt, "b", A, [KA] + filler(15))]  # noqa: E731
check("window: exactly at the edge joins", win(100), 0.3, 16, 100, expect=[0, 0])
check("window: past the edge leads", win(101), 0.3, 16, 100, expect=[0, 1])
check("window: float window", win(100), 0.3, 16, 100.5, expect=[0, 0])
# max_bucket: three newer dissimilar leaders in the one shared key hide the matching one at 3.
over = [(0, 0, "a", A, [KA] + filler(15))] + [(i, i, f"n{i}", sig_of(5000 + 100 * i), [KA] + filler(15)) for i in (1, 2, 3)] + [
    (4, 4, "x", A, [KA] + filler(15))]
check("max_bucket 3 hides the match", over, 0.3, 3, 100, expect=[0, 1, 2, 3, 4])
check("max_bucket 4 reaches it", over, 0.3, 4, 100, expect=[0, 1, 2, 3, 0])
# A key repeated within one text: its leader sits in that chain 16 times, and each counts towards
# max_bucket (the reference appends once per key in the list), while the leader is tested once.
rep = [(0, 0, "a", A, [KA] + filler(15)), (1, 1, "b", B, [KA] * 16), (2, 2, "x", A, [KA] + filler(15))]
check("repeated key fills the bucket", rep, 0.3, 16, 100, expect=[0, 1, 2])
check("repeated key, one slot more", rep, 0.3, 17, 100, expect=[0, 1, 0])
# A lower similarity scanned later does not take over from a higher one.
dup = [(0, 0, "a", A, [KA] + filler(15)), (1, 1, "b", A[:31] + [7], [KB] + filler(15)), (2, 2, "x", A, [KA, KB] + filler(14))]
check("a later-scanned lower similarity does not win", dup, 0.3, 16, 100, expect=[0, 1, 0])
# Same time stamps: rows are ordered by (ts, pos); the pass takes them as given.
same_t = [(p, 5, f"u{p}", A, [KA] + filler(15)) for p in range(5)]
check("same time stamps", same_t, 0.3, 16, 100, expect=[0, 0, 0, 0, 0])
check("empty input", [], 0.3, 16, 100)

# --- Generated rows from real texts: templates with a few words changed, many accounts, over a day.
rng = random.Random(15)
WORDS = ("vote early the election is rigged share this now they lied to us again look at the numbers "
         "truth media silence wake up people support our brave farmers boycott the brand tonight").split()
CJK = "今天的天气很好我们一起去公园散步吧这个产品真的太棒了大家快来买"


def make_text(template):
    words = list(template)
    for _ in range(rng.randint(0, 4)):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


templates = [[rng.choice(WORDS) for _ in range(rng.randint(6, 14))] for _ in range(40)]
texts = []
t = 0
for i in range(12000):
    t += rng.randint(0, 4000)  # 12,000 texts over ~6.7 h: leaders expire (window 2 h) and renew
    r = rng.random()
    if r < 0.7:
        s = make_text(rng.choice(templates))
    elif r < 0.8:
        s = "".join(rng.choice(CJK) for _ in range(rng.randint(8, 20)))
    else:
        s = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 16)))
    texts.append((i, t, f"acct{rng.randrange(800)}", s))
rows = []
for pos, ts, acct, s in texts:
    sig = tx.signature(s, 20)
    if sig is not None:
        rows.append((pos, ts, acct, sig, tx.band_keys(sig)))
for sim in (0.3, 0.5, 0.8):
    for bucket in (16, 4):
        check(f"texts sim={sim} max_bucket={bucket}", rows, sim, bucket, 7_200_000)
check("texts, chunks of 97 rows", rows, 0.3, 16, 7_200_000, chunk=97)
check("texts, 10-minute window", rows, 0.3, 16, 600_000)

# --- Synthetic signatures over a tiny alphabet: similarities are multiples of 1/32 and collide
# often, so ties are frequent; keys from a small pool make chains longer than max_bucket.
for trial in range(6):
    rng = random.Random(100 + trial)
    n = 5000
    base = [[rng.randrange(3) for _ in range(32)] for _ in range(30)]
    pool = [2 * rng.randrange(1, 400) + 1 for _ in range(300)]
    syn = []
    t = 0
    for p in range(n):
        t += rng.randint(0, 3)
        sig = [v if rng.random() < 0.8 else rng.randrange(3) for v in rng.choice(base)]
        keys = [rng.choice(pool) for _ in range(16)]
        syn.append((p, t, f"s{rng.randrange(50)}", sig, keys))
    check(f"synthetic {trial}", syn, [0.3, 0.5, 0.7][trial % 3], [2, 8, 16][trial % 3], [50, 500, 5000][trial % 3],
          chunk=[ln.CHUNK, 1, 333][trial % 3])

# --- Pruning (leader_numba drops leaders older than the window and chain entries deeper than
# max_bucket at chunk boundaries): the same rows out when it prunes after every chunk, and it must
# really prune (compactions, fewer leaders held than made).
def check_pruned(name, rows_, sim, bucket, window, chunk, compact_min):
    ref = list(tx.leader_pass(iter(rows_), sim, bucket, window))
    st = {}
    got = list(ln.leader_pass(iter(rows_), sim, bucket, window, chunk=chunk, compact_min=compact_min, state_out=st))
    summary["cases"] += 1
    summary["rows"] += len(rows_)
    summary.setdefault("pruned", []).append({"case": name, "leaders": st["leaders"], "peakLeaders": st["peakLeaders"], "compactions": st["compactions"]})
    if ref != got:
        bad = next((i for i, (a, b) in enumerate(zip(ref, got)) if a != b), -1)
        failures.append({"case": name, "firstDiff": bad, "ref": ref[bad] if bad >= 0 else len(ref), "got": got[bad] if bad >= 0 else len(got)})
    if not st["inOrder"] or st["compactions"] == 0 or st["peakLeaders"] >= st["leaders"]:
        failures.append({"case": name, "notPruned": st})


check_pruned("pruned: texts, chunks of 500, compact always", rows, 0.3, 16, 7_200_000, 500, 1)
check_pruned("pruned: texts, 10-minute window, chunks of 97", rows, 0.3, 16, 600_000, 97, 1)
check_pruned("pruned: texts, max_bucket 4, compact after 5,000 entries", rows, 0.5, 4, 7_200_000, 1000, 5000)
check_pruned("pruned: synthetic, window 500, chunks of 1", syn, 0.5, 8, 500, 1, 1)
check_pruned("pruned: synthetic, window 50, max_bucket 2", syn, 0.3, 2, 50, 333, 1)
# The window's edge across a compaction: a leader exactly `window` old at the chunk's end is kept.
edge = [(0, 0, "a", A, [KA] + filler(15)), (1, 50, "b", B, [KB] + filler(15)), (2, 100, "x", A, [KA] + filler(15)),
        (3, 150, "y", B, [KB] + filler(15)), (4, 151, "z", A, [KA] + filler(15))]
st = {}
got = [lp for _, _, lp, _ in ln.leader_pass(iter(edge), 0.3, 16, 100, chunk=1, compact_min=1, state_out=st)]
summary["cases"] += 1
if got != [0, 1, 0, 1, 4] or got != [lp for _, _, lp, _ in tx.leader_pass(iter(edge), 0.3, 16, 100)] or st["compactions"] == 0:
    failures.append({"case": "pruned: the window's edge", "got": got, "state": st})
# Rows out of time order before any pruning: pruning turns itself off and the answer is the reference's.
shuffled = list(rows)
random.Random(7).shuffle(shuffled)
st = {}
got = list(ln.leader_pass(iter(shuffled), 0.3, 16, 7_200_000, chunk=500, compact_min=10**12, state_out=st))
summary["cases"] += 1
if got != list(tx.leader_pass(iter(shuffled), 0.3, 16, 7_200_000)) or st["inOrder"]:
    failures.append({"case": "out of order, unpruned", "state": st})
# ... and out of order after pruning: an error, never a different answer.
late = rows[:3000] + [rows[10]] + rows[3000:3100]
try:
    list(ln.leader_pass(iter(late), 0.3, 16, 600_000, chunk=100, compact_min=1))
    failures.append({"case": "out of order after pruning did not raise"})
except ValueError:
    pass
summary["cases"] += 1

# --- The Arrow interface the job runs (leader_arrow.assign, the body of mapInArrow): record
# batches in, batches out, the same rows as the reference, compiled and Python alike.
import pyarrow as pa  # noqa: E402
from lockstep_spark import leader_arrow as la  # noqa: E402


def batches_of(rows_, size, with_keys):
    # As the job sends them: signatures as 32-bit ints and no keys (the pass computes them); or
    # longs with the keys given.
    for i in range(0, len(rows_), size):
        part = rows_[i:i + size]
        cols = [pa.array([r[0] for r in part], pa.int64()), pa.array([r[1] for r in part], pa.int64()), pa.array([r[2] for r in part], pa.string()),
                pa.array([list(r[3]) for r in part], pa.list_(pa.int64() if with_keys else pa.int32()))]
        if with_keys:
            cols.append(pa.array([list(r[4]) for r in part], pa.list_(pa.int64())))
        yield pa.RecordBatch.from_arrays(cols, names=["pos", "ts", "account", "sig", "keys"][:len(cols)])


for compiled in (True, False):
    for size, with_keys in ((10_000, False), (777, True)):
        figs = {}
        out = []
        for b in la.assign(batches_of(rows, size, with_keys), 0.3, 16, 7_200_000, figs, compiled=compiled):
            d = b.to_pydict()
            out.extend(zip(d["pos"], d["account"], d["leader"], d["leader_ts"]))
        summary["cases"] += 1
        summary["rows"] += len(rows)
        if out != list(tx.leader_pass(iter(rows), 0.3, 16, 7_200_000)) or figs["compiled"] != compiled:
            failures.append({"case": f"arrow, compiled={compiled}, batches of {size}, keys given: {with_keys}", "rows": len(out)})
# The compiled band keys are text.band_keys, on every generated row.
summary["cases"] += 1
if ln.band_keys([r[3] for r in rows + syn]).tolist() != [list(tx.band_keys(r[3])) for r in rows + syn]:
    failures.append({"case": "compiled band keys"})


# Ties decided by scan order must occur in the generated rows, or the bulk comparison would say
# nothing about them: a strict (>) variant of the reference differs from it exactly there.
def strict_leaders(rows_, sim, bucket, window):
    from operator import eq
    l_ts, l_sig, l_pos, buckets, out = [], [], [], {}, []
    for p, t_, a, sig, keys in rows_:
        best, best_sim, stamped = -1, sim, set()
        for key in keys:
            seen = 0
            for c in reversed(buckets.get(key, [])):
                if seen >= bucket:
                    break
                seen += 1
                if t_ - l_ts[c] > window:
                    break
                if c in stamped:
                    continue
                stamped.add(c)
                s = sum(map(eq, sig, l_sig[c])) / 32
                if s > best_sim or (best < 0 and s >= best_sim):
                    best_sim, best = s, c
        if best < 0:
            best = len(l_ts)
            l_ts.append(t_), l_sig.append(sig), l_pos.append(p)
            for key in keys:
                buckets.setdefault(key, []).append(best)
        out.append(l_pos[best])
    return out


ref = [lp for _, _, lp, _ in tx.leader_pass(iter(syn), 0.7, 16, 5000)]
summary["tieDecidedRows"] = sum(1 for a, b in zip(ref, strict_leaders(syn, 0.7, 16, 5000)) if a != b)

summary["failures"] = failures
print(json.dumps(summary))
sys.exit(1 if failures else 0)
