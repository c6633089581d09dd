"""
Lockstep's heavy stages on Apache Spark: events -> text families -> episodes -> pair counting ->
pruned edges. Writes Parquet (edges, text_groups; episodes with --episodes) and job.json (row counts,
seconds) under --out.

  spark-submit spark/lockstep_job.py --input day.ndjson.gz --out /tmp/lockstep-out \
      --params '{"window":60,"scales":[1,5,15],"fanout":32,"minTargets":2,"topK":20,"episodeGap":1800,"textSimilarity":0.3}'

--batch FILE runs several jobs in one Spark session: a JSON list of {"input": [...], "out": ...}
(each may also set "params", "textSplitRounds", "episodes" and "keepEvents"), or of second phases
{"out": ..., "communities": FILE}.

The second phase (--extract COMMUNITIES_JSON, after a first phase run with --keep-events into the
same --out) writes extract/ and extract.json: what the timing test reads for Louvain's candidate
communities, and the day-wide figures it needs (spark/lockstep_spark/extract.py).
Parameters are Lockstep's scan parameters (src/detect/params.ts; the CLI passes its resolved set).
"""
import argparse
import json
import os
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from pyspark import SparkConf, SparkContext  # noqa: E402
from pyspark.sql import SparkSession  # noqa: E402
from pyspark.sql import functions as F  # noqa: E402

from lockstep_spark import coaction, events as ev, extract as ex, families  # noqa: E402

# What the in-process text stage uses besides the scan parameters (DEFAULT_TEXT_OPTIONS).
TEXT_MIN_LENGTH = 20
TEXT_MAX_BUCKET = 16
TEXT_WINDOW_MS = 7_200_000
DEFAULTS = {"window": 60, "scales": [1, 5, 15], "fanout": 32, "minTargets": 2, "topK": 20, "episodeGap": 1800, "textSimilarity": 0.3}


def ship_package(spark):
    """Executors import lockstep_spark (the UDFs live there): ship it as a zip, as on a cluster."""
    path = os.path.join(tempfile.mkdtemp(prefix="lockstep-py-"), "lockstep_spark.zip")
    with zipfile.ZipFile(path, "w") as z:
        pkg = os.path.join(HERE, "lockstep_spark")
        for name in sorted(os.listdir(pkg)):
            if name.endswith(".py"):
                z.write(os.path.join(pkg, name), os.path.join("lockstep_spark", name))
    spark.sparkContext.addPyFile(path)


def run_one(spark, inputs, fmt, out, params, allow_any_time, partitions, split_rounds, write_episodes=False, keep_events=False):
    seconds = {}
    clock = time.time()

    def done(name):
        nonlocal clock
        now = time.time()
        seconds[name] = round(now - clock, 3)
        clock = now

    events, raw, counts = ev.read_events(spark, inputs, fmt, allow_any_time)
    events = events.cache()
    n_events = counts["read"] - counts["rejected"] - counts["duplicates"]
    if keep_events:
        # The accepted events as the second phase (--extract) reads them: the same rows and
        # positions, not a second validation of the input (whose time bound moves at midnight).
        events.write.mode("overwrite").parquet(os.path.join(out, "events"))
    done("read")

    detail = {}
    fam = families.text_families(events, params["textSimilarity"], TEXT_MIN_LENGTH, TEXT_MAX_BUCKET, TEXT_WINDOW_MS, detail, partitions, split_rounds)
    fam.write.mode("overwrite").parquet(os.path.join(out, "text_groups"))
    fam_counts = fam.agg(F.count(F.lit(1)).alias("n"), F.countDistinct("family").alias("f")).first()
    n_fam_events, n_families = fam_counts["n"], fam_counts["f"]
    done("text")

    weights = coaction.action_weights(events, n_events)
    members = coaction.episodes(events, fam, weights, params["episodeGap"] * 1000.0)
    if write_episodes:
        # The reaction table the timing test walks (every episode's events in time order): the pair
        # stage reads the same memberships, so they are computed once.
        members = members.cache()
        coaction.reactions(members).write.mode("overwrite").parquet(os.path.join(out, "episodes"))
        done("episodes")
    contrib = coaction.count_pairs(members, params["window"], params["scales"], int(params["fanout"]), partitions)
    pairs = coaction.sum_pairs(contrib).cache()
    n_pairs = pairs.count()
    done("pairs")

    edges, repeated = coaction.prune(pairs, coaction.account_index(events), params["minTargets"], int(params["topK"]))
    edges.coalesce(1).write.mode("overwrite").parquet(os.path.join(out, "edges"))
    saved = spark.read.parquet(os.path.join(out, "edges"))
    n_edges = saved.count()
    if keep_events:
        # The edges' accounts in first-arrival order (the CLI's account numbering) for Louvain.
        ends = saved.select(F.col("a").alias("account")).unionByName(saved.select(F.col("b").alias("account"))).distinct()
        coaction.account_index(events).join(ends, "account").coalesce(1).write.mode("overwrite").parquet(os.path.join(out, "edge_accounts"))
    done("prune")

    stats = {
        "read": counts["read"], "events": n_events, "rejected": counts["rejected"], "duplicates": counts["duplicates"],
        "textEvents": n_fam_events, "textFamilies": n_families, "pairs": n_pairs, "edges": n_edges,
        "textCandidates": detail["textCandidates"], "textSignatureSeconds": detail["textSignatures"], "textLeaderSeconds": detail["textLeaders"],
        "textSplitSeconds": detail.get("textSplit", 0), "textNumberingSeconds": detail["textNumbering"],
        "textGroups": detail["textGroups"], "textLargestGroup": detail["textLargestGroup"],
        "textSplitRounds": detail.get("textSplitRounds", 0), "textSplitSettled": detail.get("textSplitSettled", False), "textSplitRest": detail.get("textSplitRest", 0),
        "textLeaderPass": detail["textLeaderPass"], "textLeaderCompileSeconds": detail["textLeaderCompile"], "textLeaderPassSeconds": detail["textLeaderPassOnly"],
        "textLeaderConvertSeconds": detail["textLeaderConvert"], "textLeaderWaitSeconds": detail["textLeaderWait"],
        "textLeaderOutputSeconds": detail["textLeaderOutput"], "textLeaderTaskSeconds": detail["textLeaderTask"],
        "textLeaderStateBytes": detail["textLeaderStateBytes"], "textLeaderPeakLeaders": detail["textLeaderPeakLeaders"], "textLeaderLeaders": detail["textLeaderLeaders"],
        "actionWeights": weights, "seconds": seconds, "totalSeconds": round(sum(seconds.values()), 3),
        "master": spark.sparkContext.master, "cores": spark.sparkContext.defaultParallelism,
    }
    with open_out(out, "job.json") as f:
        json.dump(stats, f, indent=2)
    for df in (repeated, pairs, members, fam, events, raw):
        df.unpersist()
    return stats


def run_extract(spark, out, communities, params):
    """The second phase for one first phase's --out: extract/ and extract.json."""
    started = time.time()
    stats = {}
    ex.run_extract(spark, out, communities, params, stats)
    stats["seconds"] = round(time.time() - started, 3)
    with open_out(out, "extract.json") as f:
        json.dump(stats, f, indent=2)
    print(json.dumps({"out": out, "extractEvents": stats["extractEvents"], "seconds": stats["seconds"]}), flush=True)


def open_out(out, name):
    """job.json beside the Parquet outputs (a local directory; on a cluster, the driver's filesystem)."""
    local = out[len("file://"):] if out.startswith("file://") else out
    os.makedirs(local, exist_ok=True)
    return open(os.path.join(local, name), "w")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--input", action="append", default=[], help="event file or directory (NDJSON, .gz, Parquet); local path or Hadoop URI")
    p.add_argument("--format", choices=["ndjson", "parquet"], default=None, help="default: parquet when the path ends in .parquet, else ndjson")
    p.add_argument("--out", help="output directory (Parquet + job.json)")
    p.add_argument("--params", default="{}", help="scan parameters as JSON (Lockstep's parameter table)")
    p.add_argument("--batch", help="JSON file: a list of {input, out} run in one Spark session")
    p.add_argument("--master", default=None, help="Spark master when not set by spark-submit (default local[*])")
    p.add_argument("--partitions", type=int, default=0, help="shuffle partitions of the pair stage (default: 4 x cores)")
    # Off by default: on templated text one component holds nearly every text, and the split costs
    # more than it saves (README, "Sizing for 1 B events a day").
    p.add_argument("--text-split-rounds", type=int, default=0,
                   help="label-propagation rounds that split the text leader pass by connected texts; 0 = one task over the day")
    p.add_argument("--episodes", action="store_true",
                   help="also write episodes/: every (target, action) and text-family episode's events, the timing test's reaction table")
    p.add_argument("--keep-events", action="store_true",
                   help="also write events/ (the accepted events) and edge_accounts/, which the second phase (--extract) reads")
    p.add_argument("--extract", metavar="COMMUNITIES_JSON",
                   help="second phase: from a first phase's --out (run with --keep-events), write extract/ for these communities and extract.json")
    p.add_argument("--parallel", type=int, default=1, help="with --batch: jobs run at once in the one session")
    p.add_argument("--allow-any-time", action="store_true", help="accept times before 2000 or after tomorrow")
    a = p.parse_args(argv)
    params = {**DEFAULTS, **json.loads(a.params)}
    jobs = json.load(open(a.batch)) if a.batch else [{"input": a.input, "out": a.out, "communities": a.extract}]
    # Python workers run the driver's interpreter unless told otherwise (its venv has pandas, pyarrow).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName("lockstep")
    if a.master:
        builder = builder.master(a.master)
    elif not os.environ.get("SPARK_ENV_LOADED") and "spark.master" not in os.environ.get("PYSPARK_SUBMIT_ARGS", ""):
        builder = builder.master("local[*]")
    # The UI is off, but Spark's SQL status store still keeps each query's plan (its formatted
    # string is megabytes here: cached relations are printed whole at every reference) for 1,000
    # queries by default, about 27 a job: with --batch that grows with every job in the driver's
    # heap. Keep the last 50 unless spark-submit says otherwise.
    SparkContext._ensure_initialized()  # the JVM first, so that SparkConf() sees spark-submit's settings
    if not SparkConf().contains("spark.sql.ui.retainedExecutions"):
        builder = builder.config("spark.sql.ui.retainedExecutions", "50")
    spark = builder.config("spark.sql.session.timeZone", "UTC").config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false").getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    ship_package(spark)
    partitions = a.partitions or 4 * spark.sparkContext.defaultParallelism
    spark.conf.set("spark.sql.shuffle.partitions", str(partitions))

    def one(job):
        if job.get("communities"):
            run_extract(spark, job["out"], job["communities"], {**params, **job.get("params", {})})
            return
        inputs = job["input"] if isinstance(job["input"], list) else [job["input"]]
        fmt = a.format or ("parquet" if inputs[0].rstrip("/").endswith(".parquet") else "ndjson")
        stats = run_one(spark, inputs, fmt, job["out"], {**params, **job.get("params", {})}, a.allow_any_time, partitions, job.get("textSplitRounds", a.text_split_rounds),
                        job.get("episodes", a.episodes), job.get("keepEvents", a.keep_events))
        print(json.dumps({"out": job["out"], "events": stats["events"], "edges": stats["edges"], "seconds": stats["totalSeconds"]}), flush=True)

    def named(job):
        try:
            one(job)
        except Exception as e:
            # Raised from the cause, so the traceback's last line names the job that failed.
            raise RuntimeError(f"lockstep_job: the job for {job['out']} failed: {type(e).__name__}") from e

    try:
        # Small jobs are mostly scheduling latency: several at once keep the cores busy.
        with ThreadPoolExecutor(max_workers=max(1, a.parallel)) as pool:
            futures = [pool.submit(named, job) for job in jobs]
            try:
                for f in futures:
                    f.result()
            except BaseException:
                # Fail fast: the jobs not started yet never start (the pool would otherwise run them
                # all before the error is raised).
                pool.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
