"""The text stage on Spark: signatures in parallel, then the leader pass per group of connected
texts (components.py), in parallel, then the families numbered over the whole day."""
import time

import pandas as pd
from pyspark.accumulators import AccumulatorParam
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from . import components
from . import leader_arrow
from . import leader_numba
from . import text as tx

class _Max(AccumulatorParam):
    """An accumulator that keeps the largest value added."""

    def zero(self, value):
        return 0

    def addInPlace(self, a, b):
        return max(a, b)


ASSIGNED = T.StructType([
    T.StructField("pos", T.LongType()),
    T.StructField("account", T.StringType()),
    T.StructField("leader", T.LongType()),
    T.StructField("leader_ts", T.LongType()),
])


def text_families(events: DataFrame, min_similarity: float, min_length: int, max_bucket: int, window_ms: float,
                  detail=None, partitions: int = 1, split_rounds: int = 0) -> DataFrame:
    """(pos, family) for each event in a near-duplicate family spanning >= 2 accounts, cached. A
    `detail` dict receives the seconds of each step and the sizes of the split.
    split_rounds = 0 (the default) runs the leader pass as one task over the day."""

    @F.pandas_udf(T.ArrayType(T.LongType()))
    def signature(texts: pd.Series) -> pd.Series:
        return texts.map(lambda s: tx.signature(s, min_length))

    @F.pandas_udf(T.ArrayType(T.LongType()))
    def band_keys(sigs: pd.Series) -> pd.Series:
        return sigs.map(lambda s: tx.band_keys(s))

    @F.pandas_udf(T.BooleanType())
    def candidate(texts: pd.Series) -> pd.Series:
        return texts.map(lambda s: tx.is_candidate(s, min_length))

    # Candidates without a signature never lead nor join: only texts with one take part.
    cands = events.where(F.col("text").isNotNull()).where(candidate("text"))
    sigs = cands.select("pos", "ts", "account", signature("text").alias("sig")).where(F.col("sig").isNotNull())
    sigs = sigs.withColumn("keys", band_keys("sig"))
    # Every step below is materialised (and timed): the split reads the signatures several times.
    detail = {} if detail is None else detail
    clock = time.time()

    def lap(name):
        nonlocal clock
        now = time.time()
        detail[name] = round(now - clock, 3)
        clock = now

    sigs = sigs.cache()
    detail["textCandidates"] = sigs.count()
    lap("textSignatures")

    # What the pass reads, as narrow as it goes: signatures as 32-bit ints (every MinHash value is
    # below 2^28: text.minhash) and no band keys (the pass recomputes them from the signature).
    slim = sigs.select("pos", "ts", "account", F.col("sig").cast(T.ArrayType(T.IntegerType())).alias("sig"))
    if split_rounds > 0:
        groups = components.split_groups(sigs.select("pos", "keys"), split_rounds, detail)
        rows = slim.join(groups, "pos").repartition(partitions, "group").cache()
        sizes = rows.groupBy("group").count().agg(F.count(F.lit(1)).alias("groups"), F.max("count").alias("largest")).first()
        detail.update({"textGroups": sizes["groups"], "textLargestGroup": sizes["largest"] or 0})
        lap("textSplit")
    else:
        rows = slim.repartition(1)
        detail.update({"textGroups": 1, "textLargestGroup": detail["textCandidates"]})

    # The compiled pass where the executor's Python can import numba, else the reference. Each task
    # counts which one it ran (the executors decide, not the driver), and job.json says so. Rows go
    # to the task and back as Arrow batches (leader_arrow.py): columns straight into the pass.
    sc = events.sparkSession.sparkContext
    ran_compiled, ran_python = sc.accumulator(0), sc.accumulator(0)
    # The task's seconds, summed over tasks (leader_arrow.assign): the JIT compile (once per Python
    # worker), the pass, batches to arrays and back, and waiting for Spark's batches; the stage's
    # remaining time is Spark's (the shuffle write before the task, the task's start, the output).
    acc = {k: sc.accumulator(0.0) for k in ("compile", "pass", "convert", "wait", "output")}
    longest = sc.accumulator(0.0, _Max())  # the longest task (in Python): what the stage waits for
    # The pass's state at its largest (bytes; leaders held at once) and leaders made, over tasks.
    peak_bytes, peak_leaders, n_leaders = sc.accumulator(0, _Max()), sc.accumulator(0, _Max()), sc.accumulator(0)

    def leaders(batches):
        # Groups share no band key, so one pass over the partition in time order is one pass per group.
        figures = {}
        yield from leader_arrow.assign(batches, min_similarity, max_bucket, window_ms, figures)
        (ran_compiled if figures["compiled"] else ran_python).add(1)
        for k, a in acc.items():
            a.add(figures[k])
        longest.add(figures["task"])
        peak_bytes.add(figures.get("peakBytes", 0))
        peak_leaders.add(figures.get("peakLeaders", 0))
        n_leaders.add(figures.get("leaders", 0))

    ordered = rows.select("pos", "ts", "account", "sig").sortWithinPartitions("ts", "pos")
    # Materialised as a local checkpoint, not a cache: that also cuts the plan here. mapInArrow is a
    # plan node, so a cached result would carry the whole text stage (rows, sigs, events, the raw
    # rows, each a cached relation printed in full wherever it is read) into the plan of everything
    # downstream: 54.5 MB for the edges' plan string on a 9,501-event test world (4.3 MB so), kept for every query by
    # Spark's SQL status store (even with the UI off), which filled the default 1 GB driver heap by
    # the 16th job of the tests' one session. (The per-row path it replaced went through an RDD,
    # which cut the plan the same way.) Its blocks are dropped when the DataFrame is (ContextCleaner).
    assigned = ordered.mapInArrow(leaders, ASSIGNED).localCheckpoint(eager=True)
    lap("textLeaders")
    # "numba <version>", "python (<why not numba>)", or "mixed" when executors differed.
    if ran_python.value == 0:
        detail["textLeaderPass"] = f"numba {leader_numba.VERSION}"
    elif ran_compiled.value == 0:
        detail["textLeaderPass"] = f"python ({leader_numba.REASON or 'numba unavailable on the executors'})"
    else:
        detail["textLeaderPass"] = f"mixed: numba in {ran_compiled.value} tasks, python in {ran_python.value}"
    detail["textLeaderCompile"] = round(acc["compile"].value, 3)
    detail["textLeaderPassOnly"] = round(acc["pass"].value, 3)
    detail["textLeaderConvert"] = round(acc["convert"].value, 3)
    detail["textLeaderWait"] = round(acc["wait"].value, 3)
    detail["textLeaderOutput"] = round(acc["output"].value, 3)
    detail["textLeaderTask"] = round(longest.value, 3)
    detail["textLeaderStateBytes"] = peak_bytes.value
    detail["textLeaderPeakLeaders"] = peak_leaders.value
    detail["textLeaderLeaders"] = n_leaders.value

    # Families span >= 2 accounts and are numbered in their leaders' time order, as in process.
    multi = assigned.groupBy("leader", "leader_ts").agg(F.countDistinct("account").alias("n")).where(F.col("n") >= 2)
    numbered = (
        multi.select("leader_ts", "leader").rdd.map(lambda r: (r["leader_ts"], r["leader"]))
        .sortBy(lambda x: x).zipWithIndex().map(lambda x: (x[0][1], x[1]))
        .toDF(T.StructType([T.StructField("leader", T.LongType()), T.StructField("family", T.LongType())]))
    )
    out = assigned.join(numbered, "leader").select("pos", "family").cache()
    out.count()
    lap("textNumbering")
    for df in (rows, sigs):
        df.unpersist()
    return out
