"""The text leader pass over Arrow record batches: the body of the job's `mapInArrow` (families.py).

Spark hands the task its rows as Arrow batches (pos, ts, account, sig[, keys]), already sorted by
(ts, pos); without a keys column the band keys are computed here from the signatures (the job
sends none: 16 longs a row fewer through the shuffle and the one task). The signature and key
columns are lists of fixed length, so each batch becomes numpy
arrays without a Python object per row, and the output batch (pos, account, leader, leader_ts)
reuses the input's pos and account columns as they are. The compiled pass (leader_numba) runs
where numba imports, else the reference (text.leader_pass) on rows made from the same batches.

`figures`, a dict, collects the task's seconds: `task` (all of it, in Python), and of it `compile`
(the JIT, once per Python worker), `pass` (the loop; the compiled pass only), `convert` (batches
to arrays and back, the band keys), `wait` (waiting for Spark's next batch: the shuffle read, the
sort and the Arrow encoding, on the JVM side), `output` (handing each output batch back); and the
state's figures (leader_numba.leader_pass_arrays's `state_out`).
"""
import itertools
import time

import numpy as np
import pyarrow as pa

from . import leader_numba
from . import text as tx

HASHES = tx.HASHES
BANDS = tx.BANDS

OUT_SCHEMA = pa.schema([("pos", pa.int64()), ("account", pa.string()), ("leader", pa.int64()), ("leader_ts", pa.int64())])


def _fixed(col, width, name):
    """A list<int64> column whose lists all hold `width` values, as an (n, width) int64 array."""
    if isinstance(col, pa.ChunkedArray):
        col = col.combine_chunks()
    n = len(col)
    if col.null_count:
        raise ValueError(f"leader_arrow: {name} has nulls")
    offsets = col.offsets.to_numpy()
    if offsets.shape[0] != n + 1 or not (np.diff(offsets) == width).all():
        raise ValueError(f"leader_arrow: every {name} must hold {width} values")
    values = col.flatten().to_numpy(zero_copy_only=False)
    return np.ascontiguousarray(values.astype(np.int64, copy=False).reshape(n, width))


def _column(batch, name):
    return batch.column(batch.schema.get_field_index(name))


def assign(batches, min_similarity, max_bucket, window, figures=None, compiled=None):
    """Yields one output batch per input batch: (pos, account, leader pos, leader ts) for every
    row, in the input's order, as text.leader_pass gives them. `compiled` (default: whether numba
    imports) picks the pass."""
    figures = {} if figures is None else figures
    for k in ("compile", "pass", "convert", "wait", "output", "task"):
        figures.setdefault(k, 0.0)
    start = time.perf_counter()
    # The first batch before the JIT compile: Spark's shuffle read and sort are done before it
    # arrives, so `wait` holds them instead of their hiding behind the compile.
    it = iter(batches)
    first = next(it, None)
    figures["wait"] += time.perf_counter() - start
    for out in _assign(itertools.chain([first], it) if first is not None else iter(()), min_similarity, max_bucket, window, figures, compiled):
        t0 = time.perf_counter()
        yield out  # Spark takes the batch: Python writes it out, and waits if the JVM is behind
        figures["output"] += time.perf_counter() - t0
    figures["task"] += time.perf_counter() - start


def _assign(batches, min_similarity, max_bucket, window, figures, compiled):
    use_compiled = leader_numba.AVAILABLE if compiled is None else compiled
    figures["compiled"] = use_compiled
    inputs = []  # the (pos, account) columns of batches sent into the pass, not yet answered

    def timed_batches():
        it = iter(batches)
        while True:
            t0 = time.perf_counter()
            try:
                b = next(it)
            except StopIteration:
                figures["wait"] += time.perf_counter() - t0
                return
            t1 = time.perf_counter()
            figures["wait"] += t1 - t0
            if b.num_rows == 0:
                continue
            yield b, t1

    def add(name, t0):
        figures[name] += time.perf_counter() - t0

    if use_compiled:
        figures["compile"] += leader_numba.warm()

        def chunks():
            for b, t0 in timed_batches():
                pos = _column(b, "pos").to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
                ts = _column(b, "ts").to_numpy(zero_copy_only=False).astype(np.int64, copy=False)
                sigs = _fixed(_column(b, "sig"), HASHES, "sig")
                # Without a keys column the band keys are computed here, from the signatures (fewer
                # bytes through the shuffle and the one task).
                keys = _fixed(_column(b, "keys"), BANDS, "keys") if "keys" in b.schema.names else leader_numba.band_keys(sigs)
                inputs.append(b)
                add("convert", t0)
                yield pos, ts, sigs, keys

        state = {}
        for lead_pos, lead_ts in leader_numba.leader_pass_arrays(chunks(), min_similarity, max_bucket, window,
                                                                 seconds=lambda s: figures.__setitem__("pass", figures["pass"] + s),
                                                                 state_out=state):
            t0 = time.perf_counter()
            b = inputs.pop(0)
            out = pa.RecordBatch.from_arrays([_column(b, "pos"), _column(b, "account").cast(pa.string()),
                                              pa.array(lead_pos, pa.int64()), pa.array(lead_ts, pa.int64())], schema=OUT_SCHEMA)
            add("convert", t0)
            yield out
        figures.update(state)
    else:
        # The reference pass keeps its state across batches: one generator of rows over all of them.
        def all_rows():
            for b, t0 in timed_batches():
                sigs = _column(b, "sig").to_pylist()
                keys = _column(b, "keys").to_pylist() if "keys" in b.schema.names else [tx.band_keys(g) for g in sigs]
                rows = list(zip(_column(b, "pos").to_pylist(), _column(b, "ts").to_pylist(), _column(b, "account").to_pylist(), sigs, keys))
                add("convert", t0)
                yield from rows

        buf = []
        for r in tx.leader_pass(all_rows(), min_similarity, max_bucket, window):
            buf.append(r)
            if len(buf) >= 10_000:
                yield _rows_batch(buf)
                buf = []
        if buf:
            yield _rows_batch(buf)


def _rows_batch(rows):
    p, a, lp, lt = zip(*rows)
    return pa.RecordBatch.from_arrays([pa.array(p, pa.int64()), pa.array(a, pa.string()), pa.array(lp, pa.int64()),
                                       pa.array(lt, pa.int64())], schema=OUT_SCHEMA)
