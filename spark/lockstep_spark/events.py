"""Reading and validating events (the event contract, shared/contract/event.schema.json).

The in-process table keeps events in arrival order with later duplicate ids dropped; every order
the later stages need is (time, arrival position), so each event gets `pos`, its position among the
accepted events, exactly the in-process table index.
"""
import time as _time

from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

RAW_SCHEMA = T.StructType([
    T.StructField("id", T.StringType()),
    T.StructField("account", T.StringType()),
    T.StructField("action", T.StringType()),
    T.StructField("target", T.StringType()),
    # A string or a number in the contract: read as text, parsed below.
    T.StructField("ts", T.StringType()),
    T.StructField("text", T.StringType()),
])

# RFC 3339 with a zone, as src/ingest/datetime.ts accepts.
RFC3339 = r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}(:?\d{2})?)$"
NUMBER = r"^-?\d+(\.\d+)?([eE][+-]?\d+)?$"
MIN_TS = 946684800000  # 2000-01-01: older times are rejects (as the CLI without --allow-any-time)


def _read_one(spark: SparkSession, path: str, fmt: str, file_no: int) -> DataFrame:
    if fmt == "parquet":
        df = spark.read.parquet(path)
        types = {f.name: f.dataType for f in df.schema.fields}

        def column(name):
            if name != "ts":
                return F.col(name).cast("string").alias(name)
            # A Parquet timestamp has no text form with a zone: hand it on as epoch ms.
            if isinstance(types["ts"], (T.TimestampType, T.TimestampNTZType)):
                return F.unix_millis(F.col("ts").cast("timestamp")).cast("string").alias("ts")
            return F.col("ts").cast("string").alias("ts")

        df = df.select(*[column(f.name) for f in RAW_SCHEMA if f.name in df.columns])
        for f in RAW_SCHEMA:
            if f.name not in df.columns:
                df = df.withColumn(f.name, F.lit(None).cast(f.dataType))
    else:
        lines = spark.read.text(path).where(F.trim("value") != "")
        df = lines.select(F.from_json("value", RAW_SCHEMA).alias("e")).select("e.*")
    # Arrival order: the file's place among the inputs, then the row's place in the file (a split
    # file's partitions are numbered in file order).
    return df.withColumn("ord", F.lit(file_no).cast("long") * (1 << 50) + F.monotonically_increasing_id())


def _ts_ms(col):
    """Epoch ms of a contract time: numbers by their size's unit (src/ingest/time-policy.ts), RFC 3339 text."""
    num = col.cast("double")
    a = F.abs(num)
    numeric = F.when(a < 1e11, num * 1000).when(a < 1e14, num).when(a < 1e17, num / 1e3).otherwise(num / 1e6)
    iso = F.floor(F.unix_micros(F.to_timestamp(col)) / 1000)
    return F.when(col.rlike(NUMBER), F.floor(numeric)).when(col.rlike(RFC3339), iso).cast("long")


def read_events(spark: SparkSession, inputs, fmt: str, allow_any_time: bool = False):
    """Accepted events with `pos`, the cached raw rows (unpersist when done), and the counts
    (read, rejected, duplicates)."""
    df = None
    for n, path in enumerate(inputs):
        one = _read_one(spark, path, fmt, n)
        df = one if df is None else df.unionByName(one)
    df = df.withColumn("tsms", _ts_ms(F.col("ts")))
    # The end of tomorrow (UTC), as plausibleUntil in src/ingest/time-policy.ts.
    max_ts = (int(_time.time() * 1000) // 86_400_000 + 2) * 86_400_000 - 1
    ok = (
        (F.length("account") > 0)
        & (F.length("action") > 0)
        & (F.col("target").isNotNull() | (F.col("action") == "post"))
        & F.col("tsms").isNotNull()
    )
    if not allow_any_time:
        ok = ok & (F.col("tsms") >= MIN_TS) & (F.col("tsms") <= max_ts)
    df = df.withColumn("ok", F.coalesce(ok, F.lit(False)))
    first = Window.partitionBy("id", "ok").orderBy("ord")
    df = df.withColumn("dup", F.when(F.col("id").isNull() | ~F.col("ok"), F.lit(False)).otherwise(F.row_number().over(first) > 1))
    df = df.cache()
    counts = df.agg(
        F.count(F.lit(1)).alias("read"),
        F.sum(F.when(~F.col("ok"), 1).otherwise(0)).alias("rejected"),
        F.sum(F.when(F.col("dup"), 1).otherwise(0)).alias("duplicates"),
    ).first()
    kept = df.where(F.col("ok") & ~F.col("dup")).select("ord", "id", "account", "action", "target", F.col("tsms").alias("ts"), "text")
    # pos: the rank of ord among accepted events. ord's high bits name the input split it came from
    # (file, partition) and its low bits the row in it, so the rank is the accepted rows of earlier
    # splits plus the rank within the split: no global sort, no single-task window.
    split = F.shiftright(F.col("ord"), 33)
    kept = kept.withColumn("split", split)
    sizes = sorted((r["split"], r["n"]) for r in kept.groupBy("split").agg(F.count(F.lit(1)).alias("n")).collect())
    offsets, acc = [], 0
    for sp, n in sizes:
        offsets += [F.lit(sp), F.lit(acc)]
        acc += n
    base = F.create_map(*offsets)[F.col("split")] if offsets else F.lit(0)
    events = kept.withColumn("pos", (base + F.row_number().over(Window.partitionBy("split").orderBy("ord")) - 1).cast("long"))
    events = events.select("pos", "id", "account", "action", "target", "ts", "text")
    return events, df, {"read": int(counts["read"]), "rejected": int(counts["rejected"] or 0), "duplicates": int(counts["duplicates"] or 0)}
