"""conflict_news: landing folder and feeds (sources.yml) -> DuckDB raw layer -> Arabic extraction ->
dbt marts (on DuckDB, or on PostgreSQL with CONFLICT_DBT_TARGET=postgres) -> GX gate -> published
snapshot -> report.

Every task that touches the working DuckDB file runs in the one-slot `duckdb_writer` pool and the
DAG allows one active run, because DuckDB takes one writer process at a time. Extraction is the
exception: `plan_extract` stages the pending articles in batches, the mapped `extract_batch` tasks
run outside the pool on any worker, and `load_extract` stores their rows.

Parsing this file does no work: the dbt tasks come from the manifest `warehouse.cli prepare` (run by
`make run` and `make serve`) wrote, and the tasks that only follow another are ordered with `>>` and
`chain`, not by XCom arguments they would never read.
"""

from __future__ import annotations

import os
from datetime import timedelta

import pendulum
from airflow.sdk import Asset, chain, dag, get_current_context, task

# the installed package (`make setup`: pip install -e .), whichever folder Airflow parses this file from
from warehouse.config import paths
from warehouse.notifier import FailureNotifier

WRITER_POOL = "duckdb_writer"
# duckdb: the marts are built in the working DuckDB file. postgres: the source layer is pushed to
# PostgreSQL, dbt builds the marts there, and they are pulled back for the gate and publication.
DBT_TARGET = os.environ.get("CONFLICT_DBT_TARGET", "duckdb")
PUBLISHED_WAREHOUSE = Asset(
    name="conflict_published_warehouse",
    uri=paths().published_warehouse.as_uri(),
    group="conflict_news",
    extra={"reader": "analysts, read-only", "schemas": "marts, ops"},
)
PUBLISHED_REPORT = Asset(name="conflict_report", uri=paths().report_html.as_uri(), group="conflict_news")


def _queue(variable: str) -> dict:
    """A Celery queue for the tasks when the deployment names one (docs/production.md); without it
    they keep the executor's default queue."""
    name = os.environ.get(variable)
    return {"queue": name} if name else {}


def _default_queue() -> str:
    from airflow.sdk.configuration import conf

    return conf.get("operators", "default_queue")


default_args = {
    "owner": "data-engineering",
    "retries": int(os.environ.get("CONFLICT_RETRIES", "2")),
    "retry_delay": timedelta(seconds=int(os.environ.get("CONFLICT_RETRY_DELAY_SECONDS", "30"))),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=10),
    "pool": WRITER_POOL,
    "on_failure_callback": FailureNotifier(),
    "execution_timeout": timedelta(hours=2),
    # the tasks that write the DuckDB file run where it is: a Celery worker listening on this queue
    **_queue("CONFLICT_WRITER_QUEUE"),
}


def _ids() -> tuple[str, int]:
    """The run and try, once this run holds the home's run lease (warehouse/runlock.py): a task of a
    second run waits here instead of failing on DuckDB's file lock."""
    import logging

    from warehouse.runlock import hold_for_task

    ctx = get_current_context()
    hold_for_task(paths().home, ctx["run_id"], logging.getLogger("conflict_news").warning)
    return ctx["run_id"], int(ctx["ti"].try_number or 1)


def release_run_lease(context) -> None:
    """DAG-level callback: a run that ended, well or not, gives the home's run lease back."""
    from warehouse.runlock import release

    release(paths().home, context["run_id"])


@task(task_id="build", retries=0)
def dbt_build() -> dict:
    from warehouse import dbt_nodes

    return dbt_nodes.build_task(*_ids())


# reads the build's XCom only: no DuckDB writer slot, and a retry could not change its answer
@task(pool="default_pool", retries=0)
def node_outcome(built: dict, unique_id: str) -> str:
    from airflow.sdk.exceptions import AirflowFailException

    from warehouse import dbt_nodes

    try:
        return dbt_nodes.outcome(built, unique_id)
    except dbt_nodes.DbtBuildFailed as exc:
        raise AirflowFailException(str(exc)) from exc


def dbt_models():
    """One `dbt build` per run (`dbt.build`, in the writer pool), then a task per model in the
    manifest's graph and one for the data tests, each reporting its node's outcome in that build.
    A run pays for one dbt process (start-up and project load, 3-5 s here) instead of one per model;
    benchmarks/RESULTS.md compares this with Cosmos's LOCAL and WATCHER renderings."""
    from airflow.sdk import TaskGroup

    from warehouse.dbt_nodes import TESTS, model_graph
    from warehouse.dbt_runner import prepared_manifest

    graph = model_graph(prepared_manifest(paths()))
    with TaskGroup(group_id="dbt") as group:
        built = dbt_build()
        node_tasks = {
            uid: node_outcome.override(task_id=f"{name}_run")(built, uid) for uid, (name, _) in graph.models.items()
        }
        for uid, (_, parents) in graph.models.items():
            for parent in parents:
                node_tasks[parent] >> node_tasks[uid]
        tests = node_outcome.override(task_id="dbt_project_test")(built, TESTS)
        for uid in graph.leaves():
            node_tasks[uid] >> tests
    return group


@task
def discover_inputs() -> dict:
    from warehouse import tasks

    return tasks.discover_inputs(*_ids())


@task
def load_raw(discovered: dict) -> dict:
    from warehouse import tasks

    run_id, try_number = _ids()
    return tasks.load_raw(run_id, discovered, try_number)


@task
def fetch_feeds() -> dict:
    from warehouse import tasks

    return tasks.fetch_feeds(*_ids())


@task
def plan_extract() -> list[dict]:
    from warehouse import tasks

    return tasks.plan_extract(*_ids())


# Not in the writer pool nor its queue: a batch reads and writes staged Parquet, never the DuckDB
# file, so any number run at once on any worker (CONFLICT_EXTRACT_QUEUE names a Celery queue).
@task(pool="default_pool", queue=os.environ.get("CONFLICT_EXTRACT_QUEUE") or _default_queue())
def extract_batch(batch: dict) -> dict:
    from warehouse import tasks

    try_number = int(get_current_context()["ti"].try_number or 1)
    return tasks.extract_batch(batch, try_number, workers=int(os.environ.get("CONFLICT_EXTRACT_WORKERS", "1")))


# Runs after an empty plan too (no batch: the mapped task is skipped), not after a skipped plan.
@task(trigger_rule="none_failed_min_one_success")
def load_extract(batches: list[dict]) -> dict:
    from warehouse import tasks

    run_id, try_number = _ids()
    return tasks.load_extract(run_id, batches or [], try_number)


@task
def push_sources() -> dict:
    from warehouse import tasks

    return tasks.push_sources(*_ids())


@task
def pull_marts() -> dict:
    from warehouse import tasks

    return tasks.pull_marts(*_ids())


@task
def dbt_summary() -> dict:
    """After the dbt models ran as tasks: source freshness and the ledger row for the dbt layer."""
    from warehouse import tasks

    return tasks.dbt_summary(*_ids())


@task(retries=0)
def validate() -> dict:
    from airflow.sdk.exceptions import AirflowFailException

    from warehouse import tasks

    try:
        return tasks.validate(*_ids())
    except tasks.ValidationFailed as exc:  # data, not a transient fault: do not retry
        raise AirflowFailException(str(exc)) from exc


@task(outlets=[PUBLISHED_WAREHOUSE])
def publish() -> dict:
    from warehouse import tasks

    return tasks.publish(*_ids())


# Only its direct downstream tasks are skipped (each given below); `report` still runs and says
# since which run the snapshot is unchanged.
@task.short_circuit(ignore_downstream_trigger_rules=False)
def changes() -> bool:
    from warehouse import changes as changes_

    return changes_.gate(*_ids())


@task(outlets=[PUBLISHED_REPORT], trigger_rule="none_failed")
def report() -> dict:
    from warehouse import tasks
    from warehouse.runlock import release

    run_id, try_number = _ids()
    out = tasks.report(run_id, try_number)
    release(paths().home, run_id)
    return out


@dag(
    dag_id="conflict_news",
    schedule=os.environ.get("CONFLICT_SCHEDULE", "@hourly") or None,  # empty: triggered runs only
    start_date=pendulum.datetime(2026, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    # A run still going after its timeout is failed, and the DAG-level callback alerts. (Airflow 3.3's
    # DeadlineAlert breaks `airflow dags test` on SQLite metadata: its callback query fails to bind.)
    dagrun_timeout=timedelta(minutes=int(os.environ.get("CONFLICT_RUN_TIMEOUT_MINUTES", "180"))),
    on_failure_callback=[FailureNotifier(), release_run_lease],
    on_success_callback=release_run_lease,
    default_args=default_args,
    tags=["conflict", "arabic", "duckdb"],
    doc_md=__doc__,
)
def conflict_news():
    planned = plan_extract()
    extracted = load_extract(planned)
    chain(load_raw(discover_inputs()), fetch_feeds(), planned)
    extract_batch.expand(batch=planned) >> extracted
    gate, models, summary = changes(), dbt_models(), dbt_summary()
    validated, published = validate(), publish()
    extracted >> gate
    if DBT_TARGET == "postgres":
        pushed, pulled = push_sources(), pull_marts()
        chain(gate, pushed, models, pulled, summary)
        gate >> [pushed, pulled]
    else:
        chain(gate, models, summary)
    chain(summary, validated, published, report())
    gate >> [t for t in models.dag.tasks if t.task_id.startswith(models.group_id + ".")]
    gate >> [summary, validated, published]


conflict_news()
