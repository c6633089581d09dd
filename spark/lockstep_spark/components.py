"""Which texts can share a leader pass: connected components of the (text, band key) graph.

A text only ever meets leaders that share one of its LSH band keys, so texts in different
components of the bipartite (text, band key) graph never affect each other's family, and the
leader pass can run per component, in parallel, with the same result as one pass over the day.

Components come from min-label propagation in DataFrames: a key takes the smallest label of its
texts, a text the smallest label of its keys, for at most `max_rounds` rounds. A component that
has not settled by then (long chains, or the giant component of a day of templated text) is not
split wrongly: every label still in it is "dirty" (it meets another label at some key), and all
dirty labels go to one group, REST. Any union of whole components is exact; only the parallelism
is lost, never the result.
"""
from pyspark.sql import DataFrame
from pyspark.sql import functions as F

REST = -1


def _text_labels(edges: DataFrame, key_labels: DataFrame) -> DataFrame:
    return edges.join(key_labels, "key").groupBy("pos").agg(F.min("label").alias("label"))


def _key_labels(edges: DataFrame, text_labels: DataFrame) -> DataFrame:
    return edges.join(text_labels, "pos").groupBy("key").agg(F.min("label").alias("label"))


def split_groups(texts: DataFrame, max_rounds: int, detail=None) -> DataFrame:
    """
    (pos, group) for every row of `texts` (pos, keys): rows of one component share a group; groups
    are component labels (the smallest pos in it) or REST. With `detail`, records the rounds run,
    whether every component settled, and the row count of the REST group.
    """
    edges = texts.select("pos", F.explode(F.array_distinct("keys")).alias("key"))
    # A key held by one text connects nothing: leave it out of the propagation.
    shared = edges.groupBy("key").agg(F.count(F.lit(1)).alias("n"), F.min("pos").alias("label")).where(F.col("n") >= 2)
    keys = shared.select("key", "label").localCheckpoint()
    edges = edges.join(keys.select("key"), "key").localCheckpoint()
    rounds = 0
    settled = False
    while rounds < max_rounds:
        rounds += 1
        labels = _text_labels(edges, keys)
        new_keys = _key_labels(edges, labels).localCheckpoint()
        changed = new_keys.join(keys.withColumnRenamed("label", "old"), "key").where(F.col("label") != F.col("old")).count()
        keys = new_keys
        if changed == 0:
            settled = True
            break
    labels = _text_labels(edges, keys).localCheckpoint()
    if settled:
        dirty_count = 0
        groups = labels
    else:
        # A key whose texts carry two labels marks every label it meets as unsettled.
        spans = edges.join(labels, "pos").groupBy("key").agg(F.min("label").alias("lo"), F.max("label").alias("hi"))
        dirty_keys = spans.where(F.col("lo") != F.col("hi")).select("key")
        dirty = edges.join(dirty_keys, "key").join(labels, "pos").select("label").distinct().withColumn("dirty", F.lit(True))
        groups = labels.join(dirty, "label", "left").select(
            "pos", F.when(F.col("dirty"), F.lit(REST)).otherwise(F.col("label")).alias("label")
        ).localCheckpoint()
        dirty_count = groups.where(F.col("label") == REST).count()
    out = texts.select("pos").join(groups, "pos", "left").select("pos", F.coalesce("label", "pos").alias("group"))
    if detail is not None:
        # Settled means no REST: the last round may still move key labels without splitting anything.
        detail.update({"textSplitRounds": rounds, "textSplitSettled": dirty_count == 0, "textSplitRest": dirty_count})
    return out
