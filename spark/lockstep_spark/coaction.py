"""Episodes, windowed crowd-weighted fan-out-capped pair counting and pruning: src/graph/groups.ts
and src/graph/coaction.ts on Spark.

Float sums are taken in the in-process order (episode order, then each event's position, then how
far back its partner is), so every edge weight is bit-identical to the in-process one.
"""
import math

import numpy as np
import pandas as pd
from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

TEXT_ACTION = "text"


def action_weights(events: DataFrame, total: int):
    """actionWeights: rarity = clamp(0.5 + log10(N / n), 0.5, 3); likes half of it, others at least 1; text 1.5."""
    w = {}
    for row in events.groupBy("action").count().collect():
        rarity = min(3.0, max(0.5, 0.5 + math.log10(total / row["count"])))
        w[row["action"]] = rarity * 0.5 if row["action"] == "like" else max(1.0, rarity)
    w[TEXT_ACTION] = 1.5
    return w


def episodes(events: DataFrame, families: DataFrame, weights, gap_ms: float) -> DataFrame:
    """
    Each event's memberships: its (target, action) episode, and its text family's episode.
    Group order is the in-process one: target groups by first arrival, then text groups by first
    arrival; episodes of a group in time order. (gkind, gfirst, ep) is that order.
    """
    by_target = events.where(F.col("target").isNotNull()).select(
        "pos", "account", "ts", F.lit(0).alias("gkind"), F.concat_ws("\u0000", "target", "action").alias("gkey"), "action"
    )
    by_text = events.join(families, "pos").select(
        "pos", "account", "ts", F.lit(1).alias("gkind"), F.col("family").cast("string").alias("gkey"), F.lit(TEXT_ACTION).alias("action")
    )
    m = by_target.unionByName(by_text)
    m = m.withColumn("gfirst", F.min("pos").over(Window.partitionBy("gkind", "gkey")))
    in_time = Window.partitionBy("gkind", "gfirst").orderBy("ts", "pos")
    m = m.withColumn("gapped", F.coalesce((F.col("ts") - F.lag("ts").over(in_time)) > gap_ms, F.lit(False)).cast("int"))
    if math.isfinite(gap_ms):
        m = m.withColumn("ep", F.sum("gapped").over(in_time.rowsBetween(Window.unboundedPreceding, Window.currentRow)))
    else:
        m = m.withColumn("ep", F.lit(0))
    wmap = F.create_map(*[x for a, v in weights.items() for x in (F.lit(a), F.lit(float(v)))])
    return m.withColumn("aw", F.coalesce(wmap[F.col("action")], F.lit(1.0))).drop("gapped", "gkey", "action")


def reactions(members: DataFrame) -> DataFrame:
    """
    The episodes as the timing test reads them (groupByTarget's groups): one row per membership,
    (gkind, gfirst, ep) naming the episode (0 = a (target, action) group, 1 = a text family; gfirst
    is the position of the group's first event, which names its target and action), in the
    in-process group order when sorted by (gkind, gfirst, ep), then by (ts, pos) within one.
    """
    return members.select("gkind", "gfirst", "ep", "pos", "account", "ts")


PAIR_SCHEMA = T.StructType([
    T.StructField("lo", T.StringType()),
    T.StructField("hi", T.StringType()),
    T.StructField("gkind", T.IntegerType()),
    T.StructField("gfirst", T.LongType()),
    T.StructField("ep", T.LongType()),
    T.StructField("k", T.LongType()),
    T.StructField("d", T.LongType()),
    T.StructField("w", T.DoubleType()),
    T.StructField("aw", T.DoubleType()),
])


def pair_partition(window_s: float, scales, fanout: int):
    """The pairing loop of countCoactions over one partition of episodes sorted by (episode, k)."""
    scales = sorted(scales)
    limits = np.array([window_s * s * 1000 for s in scales], dtype=np.float64)
    kernel = np.array([1 / (1 + k) for k in range(len(scales))], dtype=np.float64)
    w_max = limits[-1]

    def run(batches):
        parts = list(batches)
        if not parts:
            return
        df = pd.concat(parts, ignore_index=True)
        if df.empty:
            return
        ts = df["ts"].to_numpy(np.float64)
        acc_codes, acc_names = pd.factorize(df["account"])
        crowd = df["crowd"].to_numpy(np.float64)
        k = df["k"].to_numpy(np.int64)
        aw = df["aw"].to_numpy(np.float64)
        n = len(df)
        idx = np.arange(n)
        start = idx - k  # first row of each row's episode
        paired = np.zeros(n, dtype=np.int64)
        alive = idx[k > 0]
        d = 0
        out_i, out_m, out_d = [], [], []
        # Row i pairs with rows i-1, i-2, … of its episode, skipping its own account, until `fanout`
        # pairs or a partner further back than window·max(scales): one vectorised step per distance.
        while alive.size:
            d += 1
            m = alive - d
            alive = alive[m >= start[alive]]
            m = alive - d
            dt = ts[alive] - ts[m]
            inside = dt <= w_max
            alive, m, dt = alive[inside], m[inside], dt[inside]
            other = acc_codes[alive] != acc_codes[m]
            hit_i = alive[other]
            out_i.append(hit_i)
            out_m.append(m[other])
            out_d.append(np.full(hit_i.size, d, dtype=np.int64))
            paired[hit_i] += 1
            alive = alive[paired[alive] < fanout]
        if not out_i:
            return
        i = np.concatenate(out_i)
        j = np.concatenate(out_m)
        dd = np.concatenate(out_d)
        dt = ts[i] - ts[j]
        sc = np.searchsorted(limits, dt, side="left")
        c = np.maximum(1.0, (crowd[i] + crowd[j]) / 2)
        w = (aw[i] * kernel[sc]) / c
        a = acc_names[acc_codes[i]].to_numpy(dtype=object)
        b = acc_names[acc_codes[j]].to_numpy(dtype=object)
        swap = a > b
        lo = np.where(swap, b, a)
        hi = np.where(swap, a, b)
        step = 1 << 20
        for s in range(0, len(i), step):
            e = s + step
            yield pd.DataFrame({
                "lo": lo[s:e], "hi": hi[s:e],
                "gkind": df["gkind"].to_numpy()[i[s:e]].astype(np.int32), "gfirst": df["gfirst"].to_numpy()[i[s:e]],
                "ep": df["ep"].to_numpy()[i[s:e]], "k": k[i[s:e]], "d": dd[s:e], "w": w[s:e], "aw": aw[i[s:e]],
            })

    return run


def count_pairs(members: DataFrame, window_s: float, scales, fanout: int, partitions: int) -> DataFrame:
    """Every co-action contribution (one row per counter.add call of the in-process code)."""
    w_max = float(window_s * max(scales) * 1000)
    ep = Window.partitionBy("gkind", "gfirst", "ep")
    in_time = ep.orderBy("ts", "pos")
    m = members.withColumn("size", F.count(F.lit(1)).over(ep)).where(F.col("size") >= 2)
    # Local crowd: events within ±window·max(scales), not counting itself (times are whole ms, so
    # flooring the bound changes nothing).
    m = m.withColumn("crowd", F.count(F.lit(1)).over(ep.orderBy("ts").rangeBetween(-int(math.floor(w_max)), int(math.floor(w_max)))) - 1)
    m = m.withColumn("k", F.row_number().over(in_time) - 1)
    m = m.select("account", F.col("ts").cast("double").alias("ts"), "gkind", "gfirst", F.col("ep").cast("long").alias("ep"), "k", F.col("crowd").cast("double").alias("crowd"), "aw")
    m = m.repartition(partitions, "gkind", "gfirst", "ep").sortWithinPartitions("gkind", "gfirst", "ep", "k")
    return m.mapInPandas(pair_partition(window_s, scales, fanout), PAIR_SCHEMA)


def sum_pairs(contrib: DataFrame) -> DataFrame:
    """Per pair: weight (sum in the in-process order) and repetition (action weight per distinct episode)."""
    weight = contrib.groupBy("lo", "hi").agg(
        F.expr("aggregate(array_sort(collect_list(struct(gkind, gfirst, ep, k, d, w))), 0D, (s, x) -> s + x.w)").alias("weight")
    )
    per_ep = contrib.groupBy("lo", "hi", "gkind", "gfirst", "ep").agg(F.first("aw").alias("aw"))
    rep = per_ep.groupBy("lo", "hi").agg(
        F.expr("aggregate(array_sort(collect_list(struct(gkind, gfirst, ep, aw))), 0D, (s, x) -> s + x.aw)").alias("groups")
    )
    return weight.join(rep, ["lo", "hi"])


def account_index(events: DataFrame) -> DataFrame:
    """(account, idx): idx orders accounts as the in-process account numbers do (by first arrival);
    the first arrival's position itself serves, no dense numbering needed."""
    return events.groupBy("account").agg(F.min("pos").alias("idx"))


def prune(pairs: DataFrame, accounts: DataFrame, min_groups: float, top_k: int) -> DataFrame:
    """pruneEdges: repetition >= min_groups, then each account's top_k strongest (kept if either end
    keeps it); equal weights go to the partner that arrived first (the lower account index).
    Returns the edges and the cached repeated pairs they read (unpersist it once the edges are written)."""
    rep = pairs.where(F.col("groups") >= min_groups).cache()
    ends = rep.select(F.col("lo").alias("v"), F.col("hi").alias("u"), "lo", "hi", "weight").unionByName(
        rep.select(F.col("hi").alias("v"), F.col("lo").alias("u"), "lo", "hi", "weight")
    )
    ends = ends.join(accounts.withColumnRenamed("account", "u"), "u")
    ranked = ends.withColumn("r", F.row_number().over(Window.partitionBy("v").orderBy(F.col("weight").desc(), "idx")))
    kept = ranked.where(F.col("r") <= top_k).select("lo", "hi").distinct()
    return rep.join(kept, ["lo", "hi"]).select(F.col("lo").alias("a"), F.col("hi").alias("b"), "weight", "groups"), rep
