"""`make bench`: the real pipeline (ingest, extract, dbt build, validate, publish) on synthetic
corpora built from the sample's sentences, printing per stage and end to end: wall time, articles
per second, peak memory (RSS) and warehouse size; then the incremental case (1,000 new articles on
top of the largest warehouse built, vs. 1,000 alone). Sizes: BENCH_SIZES (default 10000,100000; add
1000000 for the million-article run, about 20 min here). First, unless BENCH_MAKE_RUN=0: `make run`
timed on the sample (first run, then a run with nothing new).
Then the extraction on the CeleryExecutor (tests/celery_stack.py: Redis, PostgreSQL, Airflow's services on
loopback ports): BENCH_CELERY_ARTICLES (default 10000) new articles with one Celery worker, then as
many again with two; BENCH_CELERY=0 leaves it out.

Each stage runs in its own process so its peak RSS is its own."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.corpus import write_corpus

REPO = Path(__file__).resolve().parents[1]
STAGES = ["ingest", "extract", "dbt_build", "validate", "publish"]


def stage(name: str, run_id: str) -> None:
    """Runs one stage in this process and prints its figures as JSON (called as a subprocess)."""
    from warehouse import tasks

    t0, cpu0 = time.perf_counter(), _cpu_seconds()
    if name == "ingest":
        tasks.load_raw(run_id, tasks.discover_inputs(run_id))
    elif name == "extract":
        tasks.extract(run_id, workers=int(os.environ.get("CONFLICT_EXTRACT_WORKERS", "2")))
    elif name == "dbt_build":
        tasks.dbt_build(run_id)
    elif name == "validate":
        tasks.validate(run_id)
    elif name == "publish":
        tasks.publish(run_id)
    wall, cpu = time.perf_counter() - t0, _cpu_seconds() - cpu0
    kb = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(json.dumps({"stage": name, "seconds": wall, "cpu_seconds": cpu, "peak_rss_mb": kb / 1024}))


def _cpu_seconds() -> float:
    """CPU time of this process and its ended children (pool workers, dbt): on a shared machine the
    wall time grows with the others' load, this much less."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_pipeline(home: Path, inbox: Path, run_id: str) -> list[dict]:
    env = {**os.environ, "CONFLICT_HOME": str(home), "CONFLICT_INBOX": str(inbox), "PYTHONPATH": str(REPO)}
    out = []
    for name in STAGES:
        proc = subprocess.run(
            [sys.executable, "-m", "benchmarks.pipeline", "--stage", name, "--run-id", run_id],
            env=env,
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise SystemExit(f"stage {name} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}")
        out.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        # each stage as it ends, so a long run stopped part-way still shows what it measured
        print(
            f"  {run_id} {name}: {out[-1]['seconds']:.1f} s, cpu {out[-1]['cpu_seconds']:.1f} s, "
            f"peak {out[-1]['peak_rss_mb']:.0f} MB "
            f"(load average {os.getloadavg()[0]:.1f})",
            flush=True,
        )
    return out


def report(label: str, n: int, figures: list[dict], home: Path) -> float:
    total = sum(f["seconds"] for f in figures)
    size = (home / "warehouse.duckdb").stat().st_size / 1e6
    print(f"\n== {label}: {n:,} articles")
    cpu = sum(f["cpu_seconds"] for f in figures)
    print(f"{'stage':12s} {'seconds':>9s} {'articles/s':>11s} {'cpu s':>8s} {'peak RSS MB':>12s}")
    for f in figures:
        print(
            f"{f['stage']:12s} {f['seconds']:9.1f} {n / f['seconds']:11.0f} {f['cpu_seconds']:8.1f} "
            f"{f['peak_rss_mb']:12.0f}"
        )
    peak = max(f["peak_rss_mb"] for f in figures)
    print(f"{'end to end':12s} {total:9.1f} {n / total:11.0f} {cpu:8.1f} {peak:12.0f}")
    print(
        f"warehouse {size:.0f} MB, published snapshot "
        f"{(home / 'published' / 'warehouse.duckdb').stat().st_size / 1e6:.0f} MB"
    )
    return total


def article_count(home: Path) -> int:
    import duckdb

    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return con.execute("select count(*) from raw.articles").fetchall()[0][0]
    finally:
        con.close()


def make_run_figures(root: Path) -> None:
    """`make run` as a user runs it, on a fresh home with the sample: the first run (12 articles),
    then a run with nothing new (dbt, validate and publish skipped). Set-up is done before timing."""
    home, inbox = root / "home_make_run", root / "inbox_make_run"
    inbox.mkdir(parents=True)
    shutil.copy(REPO / "data" / "sample" / "shaam_2017-07.txt", inbox)
    env = {**os.environ, "CONFLICT_HOME": str(home), "CONFLICT_INBOX": str(inbox)}
    subprocess.run(["make", "-s", "setup"], cwd=REPO, env=env, check=True, capture_output=True)
    print("\n== make run (Airflow `dags test` end to end, set-up done)")
    for label in ("sample, first run (12 articles)", "nothing new (no-op)"):
        t0 = time.perf_counter()
        proc = subprocess.run(["make", "-s", "run"], cwd=REPO, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t0
        if proc.returncode != 0:
            raise SystemExit(f"make run failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
        print(f"{label:36s} {wall:7.1f} s   (load average {os.getloadavg()[0]:.1f})")


def _batch_figures(home: Path, run_id: str) -> dict:
    """The run's mapped extraction from the ledger: articles, wall span from the first batch's start
    to the last one's end, the batches' own seconds, and which workers ran them."""
    import duckdb

    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        n, span, busy, batches, hosts = con.execute(
            """select sum(rows_read), epoch(max(finished_at) - min(started_at)),
                      sum(cast(json_extract(detail, '$.seconds') as double)), count(*), count(distinct hostname)
               from ops.task_runs where run_id = ? and task_id like 'extract_batch[%'""",
            [run_id],
        ).fetchall()[0]
    finally:
        con.close()
    return {"articles": n, "span": span, "busy": busy, "batches": batches, "workers": hosts}


def celery_extraction(n: int, batch: int) -> None:
    """Extraction throughput of the mapped tasks with one and with two Celery workers (one slot each):
    a first run on n articles with worker-a alone, then worker-b joins and a second run extracts n
    new articles."""
    from tests.celery_stack import WRITER_QUEUE, RedisUnavailable, celery_stack, redis_bin

    try:
        redis_bin()
    except RedisUnavailable as exc:
        print(f"\nCelery extraction not measured: {exc}")
        return
    root = Path(tempfile.mkdtemp(prefix="conflict-bench-celery-"))
    home, inbox = root / "home", root / "inbox"
    rows = []
    try:
        write_corpus(inbox, n, seed=7, tag="cel1")
        with celery_stack(root / "stack", home, inbox, {"CONFLICT_EXTRACT_BATCH": str(batch)}) as stack:
            stack.start_worker("worker-a", ["default", WRITER_QUEUE])
            for workers, run_id in ((1, "bench_celery_1"), (2, "bench_celery_2")):
                if workers == 2:
                    stack.start_worker("worker-b", ["default"])
                    write_corpus(inbox, n, seed=8, tag="cel2")
                stack.trigger(run_id)
                state = stack.wait_run(run_id, timeout=3600)
                if state != "success":
                    raise SystemExit(f"{run_id} {state}: {stack.task_states(run_id)}")
                rows.append((workers, _batch_figures(home, run_id)))
    finally:
        shutil.rmtree(root, ignore_errors=True)
    print(
        f"\n== extraction as mapped tasks on the CeleryExecutor: {n:,} new articles per run, "
        f"batches of {batch:,}, one slot per worker"
    )
    print(f"{'workers':>7s} {'batches':>8s} {'span s':>8s} {'articles/s':>11s} {'batch s':>8s} {'ran on':>7s}")
    for workers, f in rows:
        print(
            f"{workers:7d} {f['batches']:8d} {f['span']:8.1f} {f['articles'] / f['span']:11.0f} "
            f"{f['busy']:8.1f} {f['workers']:7d}"
        )
    print(f"speed-up with two workers: {rows[0][1]['span'] / rows[1][1]['span']:.2f}")


def main() -> None:
    if "--stage" in sys.argv:
        stage(sys.argv[sys.argv.index("--stage") + 1], sys.argv[sys.argv.index("--run-id") + 1])
        return
    if "--celery" in sys.argv:
        celery_extraction(
            int(os.environ.get("BENCH_CELERY_ARTICLES", "10000")), int(os.environ.get("BENCH_CELERY_BATCH", "1250"))
        )
        return
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
    root = Path(tempfile.mkdtemp(prefix="conflict-bench-"))
    print(f"machine: {os.cpu_count()} cores; extraction workers {os.environ.get('CONFLICT_EXTRACT_WORKERS', '2')}")
    try:
        if os.environ.get("BENCH_MAKE_RUN", "1") != "0":
            make_run_figures(root)
        base = max(sizes)  # the incremental case runs on the largest warehouse, so its home is kept
        for n in sizes:
            home, inbox = root / f"home_{n}", root / f"inbox_{n}"
            write_corpus(inbox, n, seed=n, tag=f"n{n}")
            report("full run", n, run_pipeline(home, inbox, f"bench_{n}"), home)
            if n > 100_000 and n != base:  # keep the disk free of homes nothing reuses
                shutil.rmtree(home, ignore_errors=True)
            if n > 100_000:
                shutil.rmtree(inbox, ignore_errors=True)
        home, inbox = root / f"home_{base}", root / f"inbox_{base}"
        existing = article_count(home)  # the label says what the run is measured on
        write_corpus(inbox, 1000, seed=99, tag="incr")
        incremental = report(
            f"incremental run on the {existing:,}-article warehouse",
            1000,
            run_pipeline(home, inbox, "bench_incr"),
            home,
        )
        alone_inbox = root / "inbox_alone"
        write_corpus(alone_inbox, 1000, seed=99, tag="incr")
        alone = report(
            "the same 1,000 articles alone",
            1000,
            run_pipeline(root / "home_alone", alone_inbox, "bench_alone"),
            root / "home_alone",
        )
        print(f"\nincremental cost ratio: {incremental / alone:.2f} (target < 3)")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if os.environ.get("BENCH_CELERY", "1") != "0":
        celery_extraction(
            int(os.environ.get("BENCH_CELERY_ARTICLES", "10000")), int(os.environ.get("BENCH_CELERY_BATCH", "1250"))
        )


if __name__ == "__main__":
    main()
