"""One DAG run the way `airflow dags test` makes it, in one Airflow process that also sets the writer
pool before and reads the task states after: `make run` used to start Airflow four times (`pools
set`, `dags test`, `dags list-runs`, `tasks states-for-dag-run`), 3-6 s each before any work.

Run as `python -m warehouse.dag_run DAG_ID LOGICAL_DATE STATES_FILE` with
warehouse.airflow_home.airflow_env(): Airflow reads its configuration from that environment when it
is first imported. It writes JSON {"run_id", "state", "tasks": {task_id: state}} to STATES_FILE (the
caller reads the file, not Airflow's log output); without STATES_FILE, as the last line of its output
after STATES_PREFIX.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from pathlib import Path

STATES_PREFIX = "conflict-dag-run: "


def _set_pool(name: str, slots: str, description: str) -> None:
    from airflow.models.pool import Pool

    Pool.create_or_update_pool(name=name, slots=int(slots), description=description, include_deferred=False)


def _task_states(dag_id: str, run_id: str) -> dict[str, str]:
    from airflow.models import TaskInstance
    from airflow.utils.session import create_session
    from sqlalchemy import select

    with create_session() as session:
        rows = session.execute(
            select(TaskInstance.task_id, TaskInstance.state).where(
                TaskInstance.dag_id == dag_id, TaskInstance.run_id == run_id
            )
        ).all()
    return {task_id: str(getattr(state, "value", state)) for task_id, state in rows}


def run(dag_id: str, logical_date: str) -> dict:
    from airflow._shared.timezones import timezone
    from airflow.utils.cli import get_bagged_dag

    from warehouse.airflow_home import POOL

    _set_pool(*POOL)
    dag = get_bagged_dag(bundle_names=None, dag_id=dag_id)
    dr = dag.test(logical_date=timezone.parse(logical_date))
    return {
        "run_id": dr.run_id,
        "state": str(getattr(dr.state, "value", dr.state)),
        "tasks": _task_states(dag_id, dr.run_id),
    }


def parse_states(output: str) -> dict | None:
    for line in reversed(output.splitlines()):
        if line.startswith(STATES_PREFIX):
            return json.loads(line[len(STATES_PREFIX) :])
    return None


def main(argv: list[str]) -> int:
    from airflow.utils.providers_configuration_loader import providers_configuration_loaded

    result = providers_configuration_loaded(run)(*argv[:2])
    if len(argv) > 2:
        Path(argv[2]).write_text(json.dumps(result), encoding="utf-8")
    else:
        print(STATES_PREFIX + json.dumps(result), flush=True)
    return 0 if result["state"] == "success" else 1


def _exit_now(code: int) -> None:
    """Everything is committed and flushed; interpreter teardown of Airflow, GX and pandas would
    take another 3-7 s here, for nothing."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    _exit_now(main(sys.argv[1:]))
