"""The bodies of the DAG's tasks. Each opens the working warehouse itself (the DAG runs them in the
one-slot duckdb_writer pool), records itself in the ops ledger, and returns a small dict for XCom."""

from __future__ import annotations

import logging
import os
from dataclasses import asdict
from pathlib import Path

from warehouse import dbt_runner
from warehouse.alerts import alert_held_back
from warehouse.config import paths
from warehouse.db import scalar, writer
from warehouse.ledger import record_task, record_validation

log = logging.getLogger(__name__)


class ValidationFailed(RuntimeError):
    """Raised when an error-severity expectation fails: publish must not run."""


def discover_inputs(run_id: str, try_number: int = 1) -> dict:
    from ingest.load import discover
    from ingest.sources import enabled

    p = paths().ensure()
    with record_task(p.warehouse, run_id, "discover_inputs", try_number) as rec:
        with writer(p.warehouse) as con:
            new, seen = discover(con, p.inbox) if enabled("folder") else ([], 0)
        rec.rows_read, rec.rows_loaded = seen, len(new)
        rec.rows_skipped = seen - len(new)
        rec.detail = {"inbox": str(p.inbox), "new_files": [f.path.name for f in new]}
    log.info("inbox %s: %d files, %d new", p.inbox, seen, len(new))
    return {
        "files_seen": seen,
        "new_files": [{"path": str(f.path), "sha256": f.sha256, "size_bytes": f.size_bytes} for f in new],
    }


def load_raw(run_id: str, discovered: dict, try_number: int = 1) -> dict:
    from ingest.load import InputFile, load_files

    p = paths().ensure()
    files = [InputFile(Path(f["path"]), f["sha256"], f["size_bytes"]) for f in discovered["new_files"]]
    with record_task(p.warehouse, run_id, "load_raw", try_number) as rec:
        with writer(p.warehouse) as con:
            stats = load_files(con, files, run_id, p.quarantine_dir, files_seen=discovered["files_seen"])
        rec.rows_read, rec.rows_loaded = stats.articles_seen, stats.articles_loaded
        rec.rows_skipped, rec.rows_quarantined = stats.articles_skipped, stats.quarantined
        rec.detail = stats.as_dict()
    return stats.as_dict()


def fetch_feeds(run_id: str, try_number: int = 1) -> dict:
    """Every enabled feed in sources.yml; a failing source is recorded and the others still load."""
    from ingest.feeds import load_feed
    from ingest.sources import enabled

    p = paths().ensure()
    with record_task(p.warehouse, run_id, "fetch_feeds", try_number) as rec:
        results = []
        with writer(p.warehouse) as con:
            for source in enabled("feed"):
                results.append(asdict(load_feed(con, source, run_id)))
        rec.rows_read = sum(r["entries"] for r in results)
        rec.rows_loaded = sum(r["loaded"] for r in results)
        rec.rows_skipped = sum(r["skipped"] for r in results)
        rec.rows_quarantined = sum(r["quarantined"] for r in results)
        rec.detail = {"sources": results}
    return {"sources": results}


def extract(run_id: str, try_number: int = 1, workers: int = 1) -> dict:
    from warehouse.extraction import extract_pending, load_reference

    p = paths().ensure()
    with record_task(p.warehouse, run_id, "extract", try_number) as rec:
        with writer(p.warehouse) as con:
            load_reference(con)
            stats = extract_pending(con, run_id, workers=workers)
        rec.rows_read, rec.rows_loaded = stats.articles, stats.events + stats.casualties
        rec.rows_quarantined = stats.held_back
        rec.detail = stats.as_dict()
    return stats.as_dict()


def plan_extract(run_id: str, try_number: int = 1) -> list[dict]:
    """The DAG's extraction, first step (writer pool): the pending articles cut into batches, their
    bodies staged for the mapped `extract_batch` tasks (warehouse/mapped_extract.py)."""
    from warehouse import mapped_extract, staging
    from warehouse.extraction import load_reference

    p = paths().ensure()
    with record_task(p.warehouse, run_id, "plan_extract", try_number) as rec:
        with writer(p.warehouse) as con:
            load_reference(con)
            batches = mapped_extract.plan(con, p.home, run_id, mapped_extract.batch_size())
        rec.rows_read = sum(b["articles"] for b in batches)
        rec.detail = {
            "batches": len(batches),
            "batch_size": mapped_extract.batch_size(),
            "staging": staging.run_url(p.home, run_id),
        }
    return batches


def extract_batch(batch: dict, try_number: int = 1, workers: int = 1) -> dict:
    """The DAG's extraction, mapped step: one batch on whichever worker runs it. It opens no DuckDB
    file, so it records nothing itself: `load_extract` writes its ledger row from its output file."""
    from warehouse import mapped_extract

    return mapped_extract.extract_batch(batch, try_number, workers)


def load_extract(run_id: str, batches: list[dict], try_number: int = 1) -> dict:
    """The DAG's extraction, last step (writer pool): the batches' rows into extracted.*; the
    ledger's `extract` row as `extract` writes it, plus one row per batch with its worker."""
    from warehouse import mapped_extract

    p = paths().ensure()
    with record_task(p.warehouse, run_id, "extract", try_number) as rec:
        with writer(p.warehouse) as con:
            stats = mapped_extract.load(con, run_id, batches)
        rec.rows_read, rec.rows_loaded = stats.articles, stats.events + stats.casualties
        rec.rows_quarantined = stats.held_back
        rec.detail = {**stats.as_dict(), "batches": len(batches)}
    mapped_extract.clean(p.home, run_id)
    return {**stats.as_dict(), "batches": len(batches)}


def dbt_build(run_id: str, try_number: int = 1) -> dict:
    """One `dbt build` of the whole project, for runs outside Airflow (benchmarks, tests); the DAG
    runs it as `dbt.build` with a task per model (warehouse/dbt_nodes.py) and then `dbt_summary`."""
    p = paths().ensure()
    with record_task(p.warehouse, run_id, "dbt_build", try_number) as rec:
        summary = dbt_runner.build(p)
        rec.detail = summary
        rec.rows_loaded = summary.get("statuses", {}).get("success", 0)
    return summary


def push_sources(run_id: str, try_number: int = 1) -> dict:
    """PostgreSQL target only: the source layer to PostgreSQL before dbt builds there."""
    from warehouse.postgres_sync import connect_pg
    from warehouse.postgres_sync import push_sources as push

    p = paths().ensure()
    with record_task(p.warehouse, run_id, "push_sources", try_number) as rec:
        with writer(p.warehouse) as con, connect_pg() as pg:
            stats = push(con, pg)
        rec.rows_read = stats.extractions_replaced
        rec.rows_loaded = sum(stats.rows_copied.values())
        rec.detail = asdict(stats)
    return asdict(stats)


def pull_marts(run_id: str, try_number: int = 1) -> dict:
    """PostgreSQL target only: the marts dbt built there into DuckDB, for the gate and publication."""
    from warehouse.postgres_sync import connect_pg
    from warehouse.postgres_sync import pull_marts as pull
    from warehouse.publish import mart_keys

    p = paths().ensure()
    with record_task(p.warehouse, run_id, "pull_marts", try_number) as rec:
        with writer(p.warehouse) as con, connect_pg() as pg:
            copied = pull(con, pg, mart_keys(p.dbt_target_dir / "manifest.json"))
        rec.rows_loaded = sum(copied.values())
        rec.detail = copied
    return copied


def dbt_summary(run_id: str, try_number: int = 1) -> dict:
    """The dbt layer's ledger row once its models and tests ran as Airflow tasks."""
    p = paths().ensure()
    with record_task(p.warehouse, run_id, "dbt_build", try_number) as rec:
        with writer(p.warehouse) as con:
            counts = dict(
                con.execute(
                    "select table_name, estimated_size from duckdb_tables() where schema_name = 'marts'"
                ).fetchall()
            )
        rec.rows_loaded = sum(counts.values())
        rec.detail = {"marts": counts, "source_freshness": dbt_runner.freshness(p)}
    return rec.detail


def _run_gate(p, run_id: str):
    """The GX gate over the run's batch, a bounded part at a time; the combined verdict, the rows
    per frame and the batch's volume and quality profile."""
    from expectations.batch import load_batch, prepare_batch, recent_volume
    from expectations.checkpoint import GateResult, run_gate

    results, rows, volume = [], {}, None
    with writer(p.warehouse) as con:
        parts = prepare_batch(con, run_id)
        history = recent_volume(con)
        for part in range(parts):  # bounded frames: a huge batch is validated a part at a time
            frames = load_batch(con, part, parts)
            if "volume" in frames:
                volume = frames["volume"]
            results.append(
                run_gate(frames, project_root=p.home / "gx", docs_dir=p.published_dir / "data_docs", history=history)
            )
            for k, v in frames.items():
                rows[k] = rows.get(k, 0) + len(v)
            del frames
    return GateResult.combine(results), rows, parts, volume


def _rebuild_marts(p) -> None:
    """The marts again after articles were held back (incremental: only their rows change)."""
    target = os.environ.get("CONFLICT_DBT_TARGET", "duckdb")
    if target == "postgres":
        from warehouse.postgres_sync import connect_pg
        from warehouse.postgres_sync import pull_marts as pull
        from warehouse.postgres_sync import push_sources as push
        from warehouse.publish import mart_keys

        with writer(p.warehouse) as con, connect_pg() as pg:
            push(con, pg)
        dbt_runner.build(p, target="postgres")
        with writer(p.warehouse) as con, connect_pg() as pg:
            pull(con, pg, mart_keys(p.dbt_target_dir / "manifest.json"))
    else:
        dbt_runner.build(p)


# A failed check that names its articles holds them back and the gate runs again on the rest; twice
# at most (a rebuild can only remove rows, so a second round finds what the first one exposed).
HOLD_ROUNDS = 2


def validate(run_id: str, try_number: int = 1) -> dict:
    from expectations.batch import record_profile
    from extract.version import extractor_version
    from warehouse.gate_holds import apply_releases, holds_for
    from warehouse.holdback import held_articles, hold_back, released_checks

    p = paths().ensure()
    with record_task(p.warehouse, run_id, "validate", try_number) as rec:
        for round_ in range(HOLD_ROUNDS + 1):
            gate, rows, parts, volume = _run_gate(p, run_id)
            with writer(p.warehouse) as con:
                released = released_checks(con)
                apply_releases(gate, released)
                holds, untied = holds_for(gate, released)
                if gate.passed or untied or not holds or round_ == HOLD_ROUNDS:
                    break
                hold_back(con, holds, "gate", run_id, extractor_version())
            log.warning(
                "gate round %d: held back %d articles (%s); rebuilding the marts without them",
                round_ + 1,
                len({h.article_id for h in holds}),
                "; ".join(sorted({h.reason for h in holds})),
            )
            _rebuild_marts(p)
        with writer(p.warehouse) as con:
            record_validation(con, run_id, run_id, gate)
            if volume is not None:
                record_profile(con, run_id, volume)
            held = held_articles(con, run_id)
        rec.rows_read = sum(rows.values())
        rec.rows_quarantined = len(held)
        rec.detail = {
            "batch_rows": rows,
            "parts": parts,
            "errors": [o.detail for o in gate.errors],
            "warnings": [o.detail for o in gate.warnings],
            "held_back": held,
        }
        if not gate.passed:
            raise ValidationFailed(
                "publish blocked; failed expectations: " + "; ".join(f"[{o.suite}] {o.detail}" for o in gate.errors)
            )
    if held:
        alert_held_back(run_id, held)
    return {
        "passed": True,
        "expectations": len(gate.outcomes),
        "warnings": [o.detail for o in gate.warnings],
        "batch_rows": rows,
        "parts": parts,
        "held_back": len(held),
    }


def publish(run_id: str, try_number: int = 1) -> dict:
    from warehouse.publish import publish as publish_snapshot

    p = paths().ensure()
    with record_task(p.warehouse, run_id, "publish", try_number) as rec:
        with writer(p.warehouse) as con:
            con.execute(
                "insert into ops.publications select ?, now()::timestamp, (select count(*) from marts.articles), "
                "(select count(*) from marts.events), (select count(*) from marts.casualties), 'published', null",
                [run_id],
            )
        stats = publish_snapshot(p)
        rec.rows_loaded = sum(stats.tables.values())
        rec.detail = asdict(stats)
    return asdict(stats)


def report(run_id: str, try_number: int = 1) -> dict:
    from warehouse.changes import unchanged_since
    from warehouse.docs_site import publish_docs
    from warehouse.holdback import held_articles
    from warehouse.report import render

    p = paths().ensure()
    with record_task(p.warehouse, run_id, "report", try_number) as rec:
        with writer(p.warehouse) as con:
            last_failure = scalar(
                con,
                """
                select string_agg(v.detail, '; ') from ops.validations v
                where not v.success and v.severity = 'error' and v.run_id = (
                    select run_id from ops.validations where not success and severity = 'error'
                    and validated_at > coalesce((select max(published_at) from ops.publications
                                                 where run_id <> $run), '1970-01-01'::timestamp)
                    order by validated_at desc limit 1)""",
                {"run": run_id},
            )
            held_back = held_articles(con)
            since = unchanged_since(con, run_id)
        # the data dictionary the report links to: rebuilt only when the snapshot changed
        docs = publish_docs(p) if since is None else None
        summary = render(
            p, {"run_id": run_id, "last_failure": last_failure, "held_back": held_back, "unchanged_since": since}
        )
        rec.detail = {"report": str(p.report_html), "docs": docs}
    return {"report": str(p.report_html), "totals": summary["totals"], "validation": summary["validation"]}
