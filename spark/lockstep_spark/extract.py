"""The second phase: the timing test's extract for Louvain's candidate communities.

The CLI runs Louvain on the pruned edges of the first phase and sends the communities back. This
phase cuts out of the day what the in-process timing test and report read for those members
(src/detect/null-context.ts, null-model.ts, cluster-test.ts, report/cluster.ts), and computes the day-wide
figures it also reads, so that the CLI scores without the day's event table:

- extract/episodes (gkind, gfirst, ep, pos): every episode a member acted in, whole (the members'
  first actions, the contrast null's reactions around each burst, a text family's authors);
- extract/events (pos, account, action, target, ts, id, family, text): the events of those
  episodes, plus the posts the stimulus null looks up (posts whose id is a target of an extract
  event; every post of an account an episode's target names). Text is kept where it is read (a
  member's event, an event in a text family), else null;
- extract/accounts (account, idx, rank): idx orders accounts by first arrival, as in process, and
  rank is the in-process account number (for the extract's and the edges' accounts);
- extract/member_texts (account, texts): each member's texts in specific words of its own (the
  copying null's author pool), for members with at least one;
- extract/sources (account): the accounts of the extract that started two or more near-duplicate
  text episodes and most of those they are in, over the day (copyingProfile's sources: an outlet whose headlines readers
  paste; null-context.ts textSources);
- extract.json: the day-wide figures (time resolution, accounts, targets, the copying pool's
  total, the regime's episode counts against the communities) and the row counts.
"""
import hashlib
import json
import os
import re
import unicodedata

import pandas as pd
from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

from lockstep_spark import coaction
from lockstep_spark.quotations import without_quotations

# src/detect/null-context.ts: SPECIFIC_LENGTH (a CJK character counts three).
SPECIFIC_LENGTH = 24
# MIN_SOURCE_FAMILIES (src/detect/null-context.ts): families an account must have started to be a source.
MIN_SOURCE_FAMILIES = 2
# NULL_MODEL_DEFAULTS (src/detect/null-model.ts): the contrast neighbourhood, ±max(factor × span, min ms).
NEIGHBOUR_FACTOR = 2
NEIGHBOUR_MIN = 30 * 60_000
# JavaScript's \s (ECMAScript WhiteSpace and LineTerminator), so "@\S+" ends where JavaScript's does.
_JS_SPACE = "\t\n\x0b\x0c\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
_HANDLE_OR_LINK = re.compile(r"@[^" + _JS_SPACE + r"]+|https?://[^" + _JS_SPACE + r"]+")
_CJK = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]+")


def specific_length(text: str) -> int:
    """specificLength of src/graph/specific-length.ts: quotations (quotations.py), handles and links dropped, runs
    of anything but letters and digits (\\p{L}, \\p{N}) read as one space, trimmed; a CJK character
    counts three. Letters and digits are Python's Unicode database's (14.0 here; Node's may be
    newer: characters assigned since are the only possible difference)."""
    plain = _HANDLE_OR_LINK.sub(" ", without_quotations(text))
    if plain.isascii():
        words = _ASCII_WORD.findall(plain)
        return sum(len(w) for w in words) + max(0, len(words) - 1)
    n = 0
    gap = False
    for ch in plain:
        if unicodedata.category(ch)[0] in "LN":
            if gap and n > 0:
                n += 1
            gap = False
            n += 3 if _CJK.match(ch) else 1
        else:
            gap = True
    return n


def is_specific_text(text) -> bool:
    """A text in words of its own (copyingProfile's pool): at least 12 UTF-16 units, as the
    in-process shortcut reads text.length, and a specific length of at least 24."""
    if text is None:
        return False
    if len(text.encode("utf-16-le")) // 2 < SPECIFIC_LENGTH / 2:
        return False
    return specific_length(text) >= SPECIFIC_LENGTH


def read_communities(path: str):
    """The CLI's communities file: {"communities": [[account, ...], ...]}; returns the lists and the file's sha1."""
    with open(path, "rb") as f:
        raw = f.read()
    doc = json.loads(raw)
    comms = doc.get("communities") if isinstance(doc, dict) else None
    if not isinstance(comms, list) or not all(isinstance(c, list) and all(isinstance(a, str) for a in c) for c in comms):
        raise ValueError(f"{path}: expected {{\"communities\": [[account, ...], ...]}}")
    return comms, hashlib.sha1(raw).hexdigest()


def run_extract(spark: SparkSession, out: str, communities_path: str, params, stats_out: dict) -> dict:
    """Writes the extract under out/extract from the first phase's out/events and out/text_groups."""
    events = spark.read.parquet(os.path.join(out, "events")).cache()
    fam = spark.read.parquet(os.path.join(out, "text_groups"))
    comms, digest = read_communities(communities_path)
    names = sorted({a for c in comms for a in c})
    if len(names) != sum(len(c) for c in comms):
        raise ValueError(f"{communities_path}: an account is in two communities (Louvain's communities are disjoint)")
    community = spark.createDataFrame([(a, k) for k, c in enumerate(comms) for a in c],
                                      T.StructType([T.StructField("account", T.StringType()), T.StructField("c", T.IntegerType())]))
    member = F.broadcast(community.select("account", F.lit(1).alias("member")))

    # Every membership of every episode, as in process (weights only enter the pair stage: unused here).
    memb = coaction.episodes(events, fam, {"text": 1.5}, params["episodeGap"] * 1000.0).select("gkind", "gfirst", "ep", "pos", "account", "ts")
    memb = memb.join(F.broadcast(community), "account", "left").withColumn("member", F.col("c").isNotNull().cast("int")).cache()
    key = ["gkind", "gfirst", "ep"]
    per_ep = memb.groupBy(*key).agg(
        F.countDistinct("account").alias("actors"),
        F.min("member").alias("closed"),
    ).cache()
    # readRegime: episodes with two or more accounts, and those whose accounts are all community members.
    regime = per_ep.where(F.col("actors") >= 2).agg(F.count(F.lit(1)).alias("multi"), F.sum("closed").alias("closed")).first()
    # A cluster is tested on the episodes where two or more of its members acted (clusterTiming's
    # shared targets; the core and the lockstep cells are subsets of a community, so they hold no
    # other). The contrast null and the report read such an episode only around the members' first
    # actions: ±max(2 × their span, 30 min) (null-model.ts, report/cluster.ts), and a subset's
    # window lies inside its community's. Each episode keeps the hull of its communities' windows
    # (which holds every tested member's first action in it) and its first event (the stimulus
    # test compares the post's time with it); a text family is kept whole (its first texts, its
    # authors and the post most of it replies to are read).
    firsts = memb.where(F.col("member") == 1).groupBy(*key, "c", "account").agg(F.min("ts").alias("t"))
    per_c = firsts.groupBy(*key, "c").agg(F.count(F.lit(1)).alias("m"), F.min("t").alias("first"), F.max("t").alias("last")).where(F.col("m") >= 2)
    reach = F.greatest(NEIGHBOUR_FACTOR * (F.col("last") - F.col("first")), F.lit(NEIGHBOUR_MIN))
    tested = per_c.groupBy(*key).agg(F.min(F.col("first") - reach).alias("lo"), F.max(F.col("last") + reach).alias("hi"))
    touched = tested.select(*key)
    in_time = Window.partitionBy(*key).orderBy("ts", "pos")
    ext_memb = memb.join(tested, key).withColumn("k", F.row_number().over(in_time))
    ext_memb = ext_memb.where(
        (F.col("gkind") == 1) | (F.col("k") == 1) | F.col("ts").between(F.col("lo"), F.col("hi"))
    ).select(*key, "pos", "account", "member").cache()
    ext_memb.select(*key, "pos").write.mode("overwrite").parquet(os.path.join(out, "extract", "episodes"))

    in_eps = ext_memb.groupBy("pos").agg(F.max("member").alias("member"), F.max((F.col("gkind") == 1).cast("int")).alias("in_text"))
    posts = events.where(F.col("action") == "post")
    # The posts a burst's stimulus may be: by id, a target of an extract event (a target episode's
    # own target, or the post a text family replies to)...
    ext_targets = events.join(in_eps.select("pos"), "pos").where(F.col("target").isNotNull()).select(F.col("target").alias("id")).distinct()
    by_id = posts.where(F.col("id").isNotNull()).join(ext_targets, "id").select("pos")
    # ...and every post of an account a target episode names ("@name" or "name").
    label = events.join(touched.where(F.col("gkind") == 0).select(F.col("gfirst").alias("pos")), "pos").select("target")
    named = label.select(F.when(F.col("target").startswith("@"), F.expr("substring(target, 2)")).otherwise(F.col("target")).alias("account")).distinct()
    by_author = posts.join(F.broadcast(named), "account").select("pos")
    extra = by_id.unionByName(by_author).distinct().join(in_eps.select("pos"), "pos", "left_anti")
    rows = in_eps.unionByName(extra.withColumn("member", F.lit(0)).withColumn("in_text", F.lit(0)))
    ext = events.join(rows, "pos").join(fam, "pos", "left")
    keep_text = (F.col("member") == 1) | (F.col("in_text") == 1)
    ext = ext.select("pos", "account", "action", "target", "ts", "id", "family", F.when(keep_text, F.col("text")).alias("text"))
    ext.write.mode("overwrite").parquet(os.path.join(out, "extract", "events"))
    ext = spark.read.parquet(os.path.join(out, "extract", "events"))

    # idx (first arrival) orders accounts; rank is the in-process account number itself (idx's
    # rank over the day: a distributed sort, no single task), which the slice regime's lockstep
    # cells need (they order accounts by the string form of their numbers). The edges' accounts
    # are numbered too: the scoring reads the edges on the same numbers.
    edge_accounts = spark.read.parquet(os.path.join(out, "edge_accounts")).select("account")
    needed = ext.select("account").unionByName(edge_accounts).distinct()
    ranked = (coaction.account_index(events).rdd.map(lambda r: (r["idx"], r["account"])).sortByKey()
              .zipWithIndex().map(lambda p: (p[0][1], p[0][0], p[1])).toDF(["account", "idx", "rank"]))
    ranked.join(needed, "account").write.mode("overwrite").parquet(os.path.join(out, "extract", "accounts"))

    # The copying null's pool: every text in specific words of its own, per author.
    specific = F.udf(is_specific_text, T.BooleanType())
    texts = events.where(F.col("text").isNotNull()).select("account", specific("text").alias("s")).where("s")
    per_author = texts.groupBy("account").agg(F.count(F.lit(1)).alias("texts")).cache()
    text_total = per_author.agg(F.sum("texts")).first()[0] or 0
    per_author.join(member.select("account"), "account").write.mode("overwrite").parquet(os.path.join(out, "extract", "member_texts"))

    # textSources (null-context.ts): over every text episode of two or more memberships, the accounts
    # first in two or more and in most of those they are in (first by time, then input position:
    # the in-process order).
    text_eps = memb.where(F.col("gkind") == 1).select("gfirst", "ep", "pos", "account", "ts")
    one_ep = Window.partitionBy("gfirst", "ep")
    text_eps = (text_eps.withColumn("k", F.row_number().over(one_ep.orderBy("ts", "pos")))
                .withColumn("n", F.count(F.lit(1)).over(one_ep)).where(F.col("n") >= 2))
    per_account = text_eps.groupBy("account").agg(
        F.sum((F.col("k") == 1).cast("int")).alias("started"),
        F.countDistinct("gfirst", "ep").alias("joined"),
    )
    sources = per_account.where((F.col("started") >= MIN_SOURCE_FAMILIES) & (2 * F.col("started") > F.col("joined"))).select("account")
    sources.join(ext.select("account").distinct(), "account").write.mode("overwrite").parquet(os.path.join(out, "extract", "sources"))

    day = events.agg(
        F.count(F.lit(1)).alias("events"),
        F.countDistinct("account").alias("accounts"),
        F.countDistinct("target").alias("targets"),
        F.max((F.col("ts") % 1000 != 0).cast("int")).alias("sub_second"),
        F.max((F.col("ts") % 60000 != 0).cast("int")).alias("sub_minute"),
    ).first()
    n = int(day["events"])
    # timeResolution: the coarsest of minute, second and millisecond every time falls on.
    resolution = 1 if (n == 0 or day["sub_second"]) else (1000 if day["sub_minute"] else 60000)
    ext_rows = ext.count()
    stats = {
        "communities": len(comms), "communitiesSha1": digest, "members": len(names),
        "events": n, "accounts": int(day["accounts"]), "targets": int(day["targets"]), "resolution": resolution,
        "textTotal": int(text_total),
        "regime": {"multi": int(regime["multi"] or 0), "closed": int(regime["closed"] or 0)},
        "episodes": per_ep.count(), "extractEpisodes": touched.count(), "extractMemberships": ext_memb.count(), "extractEvents": ext_rows,
    }
    stats_out.update(stats)
    for df in (per_author, ext_memb, per_ep, memb, events):
        df.unpersist()
    return stats
