"""The run ledger (ops.task_runs, ops.validations): what each task read and wrote and how it ended,
so a data engineer answers "what happened at 03:00" with one query."""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from expectations.result import GateResult
from warehouse.db import writer

if TYPE_CHECKING:
    import duckdb


WORKER_ENV = "CONFLICT_WORKER_NAME"


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def worker_name() -> str:
    """Which worker runs this task: CONFLICT_WORKER_NAME when the deployment names its workers, else
    the Celery worker's node name when a Celery worker forked this task (two workers on one machine
    share the host name but not that), else the host name."""
    named = os.environ.get(WORKER_ENV)
    if named:
        return named
    celery = sys.modules.get("celery")  # only a Celery worker has it loaded: no import cost elsewhere
    if celery is not None:
        try:
            hostname = celery.current_task.request.hostname if celery.current_task else None
        except Exception:  # noqa: BLE001 - no task context in this process: fall back to the host
            hostname = None
        if hostname:
            return str(hostname)
    return socket.gethostname()


@dataclass
class TaskRecord:
    rows_read: int | None = None
    rows_loaded: int | None = None
    rows_skipped: int | None = None
    rows_quarantined: int | None = None
    detail: dict = field(default_factory=dict)


@contextlib.contextmanager
def record_task(warehouse: Path, run_id: str, task_id: str, try_number: int = 1) -> Iterator[TaskRecord]:
    """Opens the warehouse only to write the ledger row, so the task body (or dbt) can hold the lock."""
    started = _now()
    rec = TaskRecord()
    with writer(warehouse) as con:
        con.execute(
            "delete from ops.task_runs where run_id = ? and task_id = ? and try_number = ?",
            [run_id, task_id, try_number],
        )
        con.execute(
            "insert into ops.task_runs (run_id, task_id, try_number, started_at, outcome, hostname) "
            "values (?, ?, ?, ?, 'running', ?)",
            [run_id, task_id, try_number, started, worker_name()],
        )
    outcome = "failed"
    try:
        yield rec
        outcome = "success"
    except BaseException as exc:
        rec.detail.setdefault("error", f"{type(exc).__name__}: {exc}"[:2000])
        raise
    finally:
        with writer(warehouse) as con:
            con.execute(
                """update ops.task_runs set finished_at = ?, outcome = ?, rows_read = ?, rows_loaded = ?,
                       rows_skipped = ?, rows_quarantined = ?, detail = ?
                   where run_id = ? and task_id = ? and try_number = ?""",
                [
                    _now(),
                    outcome,
                    rec.rows_read,
                    rec.rows_loaded,
                    rec.rows_skipped,
                    rec.rows_quarantined,
                    json.dumps(rec.detail, ensure_ascii=False, default=str),
                    run_id,
                    task_id,
                    try_number,
                ],
            )


def record_finished(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    task_id: str,
    try_number: int,
    started: datetime,
    finished: datetime,
    hostname: str,
    rec: TaskRecord,
) -> None:
    """A ledger row for work done outside the warehouse (a mapped extraction batch on some worker),
    written by the task that loads its output."""
    con.execute(
        "delete from ops.task_runs where run_id = ? and task_id = ? and try_number = ?", [run_id, task_id, try_number]
    )
    con.execute(
        """insert into ops.task_runs (run_id, task_id, try_number, started_at, finished_at, outcome, rows_read,
               rows_loaded, rows_skipped, rows_quarantined, detail, hostname)
           values (?, ?, ?, ?, ?, 'success', ?, ?, ?, ?, ?, ?)""",
        [
            run_id,
            task_id,
            try_number,
            started,
            finished,
            rec.rows_read,
            rec.rows_loaded,
            rec.rows_skipped,
            rec.rows_quarantined,
            json.dumps(rec.detail, ensure_ascii=False, default=str),
            hostname,
        ],
    )


def record_validation(con: duckdb.DuckDBPyConnection, run_id: str, batch_id: str, gate: GateResult) -> None:
    now = _now()
    con.execute("delete from ops.validations where run_id = ?", [run_id])
    con.executemany(
        "insert into ops.validations values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [
                run_id,
                batch_id,
                o.suite,
                o.expectation,
                o.column,
                o.severity,
                o.success,
                o.element_count,
                o.unexpected_count,
                o.detail,
                now,
            ]
            for o in gate.outcomes
        ],
    )
