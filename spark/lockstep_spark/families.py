"""The text stage on Spark: signatures in parallel, then the sequential leader pass in one task."""
import time

import pandas as pd
from pyspark.sql import DataFrame
from pyspark.sql import functions as F
from pyspark.sql import types as T

from . import text as tx


def text_families(events: DataFrame, min_similarity: float, min_length: int, max_bucket: int, window_ms: float, seconds=None) -> DataFrame:
    """(pos, family) for each event in a near-duplicate family spanning >= 2 accounts. With a
    `seconds` dict, the parallel signatures and the serial leader pass are timed apart."""

    @F.pandas_udf(T.ArrayType(T.LongType()))
    def signature(texts: pd.Series) -> pd.Series:
        return texts.map(lambda s: tx.signature(s, min_length))

    @F.pandas_udf(T.BooleanType())
    def candidate(texts: pd.Series) -> pd.Series:
        return texts.map(lambda s: tx.is_candidate(s, min_length))

    cands = events.where(F.col("text").isNotNull()).where(candidate("text"))
    sigs = cands.select("pos", "ts", "account", signature("text").alias("sig"))
    if seconds is not None:
        t0 = time.time()
        sigs = sigs.cache()
        seconds["textCandidates"] = sigs.count()
        seconds["textSignatures"] = round(time.time() - t0, 3)

    def leaders(rows):
        ordered = ((r["pos"], r["ts"], r["account"], r["sig"]) for r in rows)
        for pos, fam in tx.assign_families(ordered, min_similarity, max_bucket, window_ms):
            yield (pos, fam)

    one = sigs.repartition(1).sortWithinPartitions("ts", "pos")
    schema = T.StructType([T.StructField("pos", T.LongType()), T.StructField("family", T.LongType())])
    out = one.rdd.mapPartitions(leaders).toDF(schema)
    if seconds is not None:
        t0 = time.time()
        out = out.cache()
        out.count()
        seconds["textLeaders"] = round(time.time() - t0, 3)
    return out
