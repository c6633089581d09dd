"""The text leader pass alone, outside Spark: the Python reference (text.leader_pass) against the
compiled one (leader_numba.leader_pass) on the same rows, in the job's interface (row tuples in,
row tuples out). Rows: every event of an NDJSON day with a text that gets a signature, numbered by
line, sorted by (ts, pos), as the job's default single task sees them. Signatures are cached
beside the input (.sigs.pickle). Prints the medians and every run, with the load average. A third run
of the compiled pass takes the job's interface since the Arrow path (column arrays in batches of
10,000, band keys from the signatures, the state pruned to the window) and prints the state's
figures.

  $(npx tsx scripts/spark-env.ts) scripts/leader-pass-bench.py /tmp/lockstep-mixed-1000000.ndjson [python runs] [compiled runs]
"""
import datetime
import json
import os
import pickle
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "spark"))
from lockstep_spark import leader_numba as ln  # noqa: E402
from lockstep_spark import text as tx  # noqa: E402

path = sys.argv[1]
py_runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
nb_runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
SIM, BUCKET, WINDOW, MIN_LENGTH = 0.3, 16, 7_200_000.0, 20  # the job's defaults
cache = path + ".sigs.pickle"
if os.path.exists(cache):
    with open(cache, "rb") as f:
        rows = pickle.load(f)
else:
    rows = []
    with open(path) as f:
        for pos, line in enumerate(f):
            e = json.loads(line)
            sig = tx.signature(e.get("text"), MIN_LENGTH)
            if sig is None:
                continue
            ts = int(datetime.datetime.fromisoformat(e["ts"].replace("Z", "+00:00")).timestamp() * 1000)
            rows.append((pos, ts, e["account"], sig, tx.band_keys(sig)))
    rows.sort(key=lambda r: (r[1], r[0]))
    with open(cache, "wb") as f:
        pickle.dump(rows, f)
load = lambda: os.getloadavg()[0]  # noqa: E731
start = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def timed(fn):
    # Wall and CPU seconds: on a loaded machine the process gets a fraction of a core, and its CPU
    # time is the closer figure for what the pass costs on a core of its own.
    l0 = load()
    t0, c0 = time.perf_counter(), time.process_time()
    out = list(fn(iter(rows), SIM, BUCKET, WINDOW))
    return time.perf_counter() - t0, out, (l0, load()), time.process_time() - c0


t0 = time.perf_counter()
ln.warm()  # the JIT compiles on first use
compile_s = time.perf_counter() - t0
py = [timed(tx.leader_pass) for _ in range(py_runs)]
nb = [timed(ln.leader_pass) for _ in range(nb_runs)]
# The job's interface since the Arrow path: column arrays in batches of 10,000 rows (Spark's Arrow
# batch), band keys computed from the signatures, the state pruned to the window as it goes.
import numpy as np  # noqa: E402

BATCH = 10_000
arrays = [(np.array([r[0] for r in rows[i:i + BATCH]], np.int64), np.array([r[1] for r in rows[i:i + BATCH]], np.int64),
           np.array([r[3] for r in rows[i:i + BATCH]], np.int64)) for i in range(0, len(rows), BATCH)]


def arrays_pass(_rows, sim, bucket, window):
    st = {}
    chunks = ((p, t, g, ln.band_keys(g)) for p, t, g in arrays)
    out = [(lp, lt) for lp, lt in ln.leader_pass_arrays(chunks, sim, bucket, window, state_out=st)]
    state.update(st)
    return np.concatenate([o[0] for o in out]).tolist() if out else []


state = {}
ar = [timed(arrays_pass) for _ in range(nb_runs)]
ref = py[0][1] if py else nb[0][1]
same = all(r[1] == ref for r in py + nb) and all(r[1] == [lp for _, _, lp, _ in ref] for r in ar)
n = len(rows)
med = lambda xs: statistics.median(xs) if xs else float("nan")  # noqa: E731
mp, mn, ma = med([r[0] for r in py]), med([r[0] for r in nb]), med([r[0] for r in ar])
cp, cn, ca = med([r[3] for r in py]), med([r[3] for r in nb]), med([r[3] for r in ar])
print(json.dumps({
    "start": start,
    "rows": n, "leaders": sum(1 for p, _, lp, _ in py[0][1] if p == lp), "identical": same, "numba": ln.VERSION,
    "compileSeconds": round(compile_s, 2),
    "python": {"medianSeconds": round(mp, 3), "textsPerSecond": round(n / mp) if py else None, "medianCpuSeconds": round(cp, 3), "textsPerCpuSecond": round(n / cp) if py else None,
               "runs": [round(r[0], 3) for r in py], "cpu": [round(r[3], 3) for r in py], "load": [[round(x, 1) for x in r[2]] for r in py]},
    "compiled": {"medianSeconds": round(mn, 3), "textsPerSecond": round(n / mn), "medianCpuSeconds": round(cn, 3), "textsPerCpuSecond": round(n / cn),
                 "runs": [round(r[0], 3) for r in nb], "cpu": [round(r[3], 3) for r in nb], "load": [[round(x, 1) for x in r[2]] for r in nb]},
    "arrays": {"medianSeconds": round(ma, 3), "textsPerSecond": round(n / ma), "medianCpuSeconds": round(ca, 3), "textsPerCpuSecond": round(n / ca),
               "runs": [round(r[0], 3) for r in ar], "cpu": [round(r[3], 3) for r in ar], "load": [[round(x, 1) for x in r[2]] for r in ar], "state": state},
    "speedup": round(mp / mn, 1) if py else None, "cpuSpeedup": round(cp / cn, 1) if py else None,
}, indent=1))
