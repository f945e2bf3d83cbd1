"""The DAG on the CeleryExecutor, for real: Redis as the broker, PostgreSQL for Airflow's metadata,
an API server, a scheduler, a DAG processor and two Celery workers as separate processes with their
own working directories and node names. The extraction batches run on both workers, the DuckDB
writers only on the worker that serves the writer queue, and the published marts equal those of a
LocalExecutor run (`make run`'s path) of the same inputs."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from benchmarks.corpus import write_corpus
from tests.celery_stack import WRITER_QUEUE, RedisUnavailable, celery_stack, redis_bin
from tests.helpers import SAMPLE, background_dag, mart_rows

pytestmark = pytest.mark.slow

# when a row was loaded, extracted or rebuilt differs between two runs that agree on content
# ACLED's `timestamp` is the unix time of the latest extraction: when a row was built, like the others
AUDIT = frozenset({"updated_at", "loaded_at", "extracted_at", "timestamp"})
WRITER_TASKS = {
    "discover_inputs",
    "load_raw",
    "fetch_feeds",
    "plan_extract",
    "extract",
    "dbt_build",
    "validate",
    "publish",
    "report",
}


@pytest.fixture(scope="module")
def redis_available() -> None:
    try:
        redis_bin()
    except RedisUnavailable as exc:
        pytest.skip(f"CeleryExecutor test skipped: {exc}")


def _inputs(inbox) -> None:
    inbox.mkdir(parents=True)
    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    write_corpus(inbox, 140, seed=21, tag="c")


def _ledger(db) -> list[tuple[str, str | None, int | None]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "select task_id, hostname, rows_read from ops.task_runs where outcome = 'success'"
        ).fetchall()
    finally:
        con.close()


def test_celery_workers_share_the_extraction_and_publish_the_same_marts(redis_available, tmp_path):
    inbox = tmp_path / "inbox"
    _inputs(inbox)
    home = tmp_path / "celery_home"
    local_home = tmp_path / "local_home"
    # the LocalExecutor run of the same inputs (the default batch size: one batch, so the cut changes
    # nothing) goes on beside the Celery run: its own home, started before the stack sets os.environ
    with background_dag(local_home, inbox) as local_run:
        # about 150 articles in batches of 18: nine batches for two single-slot workers
        with celery_stack(tmp_path / "stack", home, inbox, {"CONFLICT_EXTRACT_BATCH": "18"}) as stack:
            stack.start_worker("worker-a", ["default", WRITER_QUEUE])
            stack.start_worker("worker-b", ["default"])
            stack.trigger("celery_run")
            state = stack.wait_run("celery_run")
            states = stack.task_states("celery_run")
            assert state == "success", (states, stack.log("worker-a"), stack.log("worker-b"), stack.log("scheduler"))
        local = local_run()
    ledger = _ledger(home / "warehouse.duckdb")  # the snapshot leaves out publish and report, running then
    planned = next(n for task, _, n in ledger if task == "plan_extract")
    batches = [(host, n) for task, host, n in ledger if task.startswith("extract_batch[")]
    assert planned > 130 and len(batches) == -(-planned // 18) == sum(t.startswith("extract_batch[") for t in states)
    assert sum(n for _, n in batches) == planned
    assert {host for host, _ in batches} == {"worker-a@conflict", "worker-b@conflict"}
    # only worker-a serves the writer queue: every task that opens the DuckDB file ran there
    writers = {(task, host) for task, host, _ in ledger if task in WRITER_TASKS}
    assert {task for task, _ in writers} >= {"plan_extract", "extract", "validate", "publish"}
    assert {host for _, host in writers} == {"worker-a@conflict"}
    assert not (home / "staging" / "extract").exists() or not any((home / "staging" / "extract").iterdir())

    assert local.returncode == 0, local.stdout[-3000:] + local.stderr[-3000:]
    celery_marts = mart_rows(home / "published" / "warehouse.duckdb", AUDIT)
    assert all(rows for _, rows in celery_marts.values()), "an empty mart would prove nothing"
    assert celery_marts == mart_rows(local_home / "published" / "warehouse.duckdb", AUDIT)
