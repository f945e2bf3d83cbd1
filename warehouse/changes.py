"""Whether a run has anything to rebuild. The marts are a function of the raw and extracted layers
and of the dbt project: when no article was loaded, re-extracted, withdrawn or quarantined since the
last published run and the dbt project is the same, dbt, the gate and publication would reproduce
the published snapshot, so the DAG skips them and the report says since which run it is unchanged.

A run whose batch failed the gate is never "unchanged": its articles were loaded after the last
publication, so every later run rebuilds and re-validates them until they pass or are withdrawn.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import duckdb

from warehouse.db import scalar
from warehouse.dbt_runner import DBT_PROJECT

TASK_ID = "changes"
# The ledger names of the tasks an unchanged run skips (the DAG's dbt tasks count as one).
SKIPPED = ("dbt_build", "validate", "publish")


@dataclass(frozen=True)
class Decision:
    changed: bool
    reason: str
    since_run: str | None  # the last published run
    dbt_project: str  # fingerprint of the dbt project's files

    def as_dict(self) -> dict:
        return asdict(self)


def dbt_fingerprint() -> str:
    """sha256 over the dbt project's own files (not its target/ or logs/): models, macros, tests, config."""
    h = hashlib.sha256()
    for f in sorted(DBT_PROJECT.rglob("*")):
        rel = f.relative_to(DBT_PROJECT)
        if f.is_file() and rel.parts[0] not in ("target", "logs", "dbt_packages"):
            h.update(str(rel).encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def last_publication(con: duckdb.DuckDBPyConnection) -> tuple[str, datetime] | None:
    rows = con.execute(
        "select run_id, finished_at from ops.task_runs where task_id = 'publish' "
        "and outcome = 'success' order by finished_at desc limit 1"
    ).fetchall()
    return rows[0] if rows else None


def _recorded_fingerprint(con: duckdb.DuckDBPyConnection, run_id: str) -> str | None:
    detail = scalar(
        con,
        f"select detail from ops.task_runs where run_id = ? and task_id = '{TASK_ID}' "
        "and outcome = 'success' order by try_number desc limit 1",
        [run_id],
    )
    return json.loads(detail).get("dbt_project") if detail else None


def _counts_since(con: duckdb.DuckDBPyConnection, since: datetime) -> dict[str, int]:
    return dict(
        zip(
            ("loaded", "extracted", "quarantined"),
            con.execute(
                """
        select (select count(*) from raw.articles where loaded_at > $t),
               (select count(*) from extracted.article_status where extracted_at > $t),
               (select count(*) from raw.quarantine where quarantined_at > $t)""",
                {"t": since},
            ).fetchall()[0],
        )
    )


def decide(con: duckdb.DuckDBPyConnection) -> Decision:
    fingerprint = dbt_fingerprint()
    last = last_publication(con)
    if last is None:
        return Decision(True, "no snapshot published yet", None, fingerprint)
    run_id, published = last
    if _recorded_fingerprint(con, run_id) != fingerprint:
        return Decision(True, f"the dbt project changed since run {run_id}", run_id, fingerprint)
    counts = _counts_since(con, published)
    if any(counts.values()):
        what = ", ".join(f"{n} {k}" for k, n in counts.items() if n)
        return Decision(True, f"since run {run_id}: {what}", run_id, fingerprint)
    return Decision(
        False, f"no article loaded, re-extracted, withdrawn or quarantined since run {run_id}", run_id, fingerprint
    )


def record_skips(con: duckdb.DuckDBPyConnection, run_id: str, decision: Decision) -> None:
    """One ledger row per skipped task, outcome `skipped`, with the reason (ops.runs shows it)."""
    now = datetime.now(UTC).replace(tzinfo=None)
    detail = json.dumps({"reason": decision.reason, "unchanged_since": decision.since_run}, ensure_ascii=False)
    for task_id in SKIPPED:
        con.execute("delete from ops.task_runs where run_id = ? and task_id = ?", [run_id, task_id])
        con.execute(
            "insert into ops.task_runs (run_id, task_id, try_number, started_at, finished_at, outcome, "
            "detail) values (?, ?, 1, ?, ?, 'skipped', ?)",
            [run_id, task_id, now, now, detail],
        )


def unchanged_since(con: duckdb.DuckDBPyConnection, run_id: str) -> str | None:
    """The published run this run's snapshot is unchanged since, or None when this run rebuilt it."""
    detail = scalar(
        con,
        "select detail from ops.task_runs where run_id = ? and task_id = 'publish' and outcome = 'skipped'",
        [run_id],
    )
    return json.loads(detail)["unchanged_since"] if detail else None


def gate(run_id: str, try_number: int = 1) -> bool:
    """The DAG's short-circuit: True when dbt, validate and publish have something to do."""
    from warehouse.config import paths
    from warehouse.db import writer
    from warehouse.ledger import record_task

    p = paths().ensure()
    with record_task(p.warehouse, run_id, TASK_ID, try_number) as rec:
        with writer(p.warehouse) as con:
            decision = decide(con)
            if not decision.changed:
                record_skips(con, run_id, decision)
        rec.detail = decision.as_dict()
    return decision.changed
