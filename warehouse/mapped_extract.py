"""Extraction as mapped tasks: `plan` (DuckDB writer) cuts the pending articles into batches and
stages their bodies; `extract_batch` (any worker, any number at once, no DuckDB) turns one batch into
rows; `load` (DuckDB writer) stores the batches one transaction each and holds back the articles that
failed, exactly as `extraction.extract_pending` does in one process.

The cut is fixed-size slices of the sorted pending ids, staged as files: a retried batch reads the
same input file, so it redoes the same articles and replaces its own output file.
"""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from extract.native import MODULES, compiled_modules
from extract.version import extractor_version
from warehouse import staging
from warehouse.extraction import ExtractStats, bodies, extract_rows, new_stats, pending_ids, store_results
from warehouse.ledger import TaskRecord, record_finished, worker_name

BATCH_ENV = "CONFLICT_EXTRACT_BATCH"
DEFAULT_BATCH = 2000


def batch_size() -> int:
    return max(1, int(os.environ.get(BATCH_ENV, str(DEFAULT_BATCH))))


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def plan(con: duckdb.DuckDBPyConnection, home: Path, run_id: str, size: int) -> list[dict]:
    """The run's batches (small dicts for XCom), each with its bodies staged as Parquet."""
    version = extractor_version()
    ids = pending_ids(con, version)
    run = staging.run_url(home, run_id)
    staging.remove_tree(run)  # a re-planned run starts clean: no file of an earlier cut survives
    batches = []
    for index, start in enumerate(range(0, len(ids), size)):
        articles = bodies(con, ids[start : start + size])
        table = pa.table(
            {
                "article_id": pa.array([a[0] for a in articles], pa.string()),
                "body": pa.array([a[1] for a in articles], pa.string()),
                "published": pa.array([a[2] for a in articles], pa.date32()),
            }
        )
        url = staging.input_url(run, index)
        staging.write_table(url, table, {"run_id": run_id, "batch": index, "version": version})
        batches.append(
            {
                "batch": index,
                "articles": len(articles),
                "version": version,
                "input": url,
                "output": staging.output_url(run, index),
            }
        )
    return batches


def _encode(ids: list[str], results: list[dict]) -> pa.Table:
    """One row per article: its hold, or its rows per table as JSON (dates as ISO text, which the
    loader's frames parse back)."""
    held = [r.get("held") for r in results]
    return pa.table(
        {
            "article_id": pa.array(ids, pa.string()),
            "held_reason": pa.array([h[0] if h else None for h in held], pa.string()),
            "held_detail": pa.array([h[1] if h else None for h in held], pa.string()),
            "rows": pa.array(
                [None if h else json.dumps(r, ensure_ascii=False, default=str) for h, r in zip(held, results)],
                pa.string(),
            ),
        }
    )


def _decode(table: pa.Table) -> tuple[list[str], list[dict]]:
    ids = table["article_id"].to_pylist()
    results = [
        {"held": (reason, detail)} if reason is not None else json.loads(rows)
        for reason, detail, rows in zip(
            table["held_reason"].to_pylist(), table["held_detail"].to_pylist(), table["rows"].to_pylist()
        )
    ]
    return ids, results


def extract_batch(batch: dict, try_number: int = 1, workers: int = 1) -> dict:
    """One batch from its staged bodies to its staged rows; what it did, for XCom and the ledger."""
    version = extractor_version()
    if version != batch["version"]:
        raise RuntimeError(
            f"this worker runs extractor {version} but the batch was planned for {batch['version']}: "
            "every worker needs the same code"
        )
    started, t0 = _now(), time.perf_counter()
    table, _ = staging.read_table(batch["input"])
    articles = list(zip(table["article_id"].to_pylist(), table["body"].to_pylist(), table["published"].to_pylist()))
    results = extract_rows(articles, workers)
    info = {
        "batch": batch["batch"],
        "articles": len(articles),
        "held": sum("held" in r for r in results),
        "worker": worker_name(),
        "pid": os.getpid(),
        "cwd": os.getcwd(),
        "try_number": try_number,
        "version": version,
        "compiled_modules": f"{len(compiled_modules())}/{len(MODULES)}",
        "started_at": started.isoformat(),
        "finished_at": _now().isoformat(),
        "seconds": round(time.perf_counter() - t0, 3),
    }
    staging.write_table(batch["output"], _encode([a[0] for a in articles], results), info)
    return info


def load(con: duckdb.DuckDBPyConnection, run_id: str, batches: list[dict]) -> ExtractStats:
    """Every batch's rows into extracted.*, in batch order, each batch in one transaction (holds in
    another), with a ledger row per batch naming the worker that extracted it."""
    stats = new_stats(extractor_version())
    workers_compiled = set()
    for batch in batches:
        table, meta = staging.read_table(batch["output"])  # missing: the loader fails and is retried
        ids, results = _decode(table)
        before = (stats.articles, stats.events, stats.casualties, stats.held_back)
        store_results(con, ids, results, run_id, batch["version"], stats)
        events, casualties, held = (stats.events - before[1], stats.casualties - before[2], stats.held_back - before[3])
        workers_compiled.add(meta.get("compiled_modules", ""))
        # rows_quarantined stays empty: the run's `extract` row counts the holds once (ops.runs sums them)
        rec = TaskRecord(
            rows_read=len(ids),
            rows_loaded=events + casualties,
            detail={**meta, "events": events, "casualties": casualties, "held_back": held},
        )
        record_finished(
            con,
            run_id,
            f"extract_batch[{batch['batch']}]",
            int(meta.get("try_number") or 1),
            datetime.fromisoformat(meta["started_at"]),
            datetime.fromisoformat(meta["finished_at"]),
            meta.get("worker", ""),
            rec,
        )
    if workers_compiled:  # the extraction ran on the workers: their extractor build is the one to report
        stats.compiled_modules = ",".join(sorted(workers_compiled))
    return stats


def clean(home: Path, run_id: str) -> None:
    """The run's staged files, once their rows are in the warehouse."""
    staging.remove_tree(staging.run_url(home, run_id))
