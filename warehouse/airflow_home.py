"""Airflow's home under $CONFLICT_HOME/airflow: this repo's DAGs, no examples, the one-slot pool that
serialises DuckDB writers, and by default SQLite metadata with the LocalExecutor. The metadata
database and executor are the deployment's to choose (docs/production.md): AIRFLOW__DATABASE__SQL_ALCHEMY_CONN
and AIRFLOW__CORE__EXECUTOR in the environment win over these defaults."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from warehouse.config import REPO_ROOT, Paths

POOL = ("duckdb_writer", "1", "DuckDB allows one writer process at a time")


def airflow_env(paths: Paths) -> dict[str, str]:
    home = paths.airflow_home
    env = dict(os.environ)
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(REPO_ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
            "AIRFLOW__LOGGING__BASE_LOG_FOLDER": str(home / "logs"),
            "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
            "CONFLICT_HOME": str(paths.home),
            "CONFLICT_INBOX": str(paths.inbox),
            "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])),
            "NO_PROXY": "*",
            # Nothing phones home: Cosmos's telemetry (sent per DAG run and per task instance, each with
            # a 1 s timeout on a machine without internet), Scarf analytics, Airflow's usage data and dbt's
            # anonymous usage stats are off. Cosmos reads the first three (cosmos/settings.py).
            "AIRFLOW__COSMOS__ENABLE_TELEMETRY": "False",
            "DO_NOT_TRACK": "1",
            "SCARF_NO_ANALYTICS": "true",
            "AIRFLOW__USAGE_DATA_COLLECTION__ENABLED": "False",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            # `airflow standalone` starts its components as `airflow ...` from PATH
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        }
    )
    env.setdefault("AIRFLOW__CORE__EXECUTOR", "LocalExecutor")
    env.setdefault("AIRFLOW__DATABASE__SQL_ALCHEMY_CONN", f"sqlite:///{home / 'airflow.db'}")
    return env


def airflow_bin() -> str:
    return str(Path(sys.executable).with_name("airflow"))


def run_airflow(paths: Paths, *args: str, check: bool = True, capture: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run(
        [airflow_bin(), *args], env=airflow_env(paths), check=check, text=True, capture_output=capture
    )


def prepare(paths: Paths, pool: bool = True) -> None:
    """Idempotent: migrate the metadata DB (once per database) and make sure the writer pool exists
    (`pool=False` when the caller's own Airflow process sets it)."""
    paths.ensure()
    conn = airflow_env(paths)["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"]
    marker = paths.airflow_home / f".migrated-{hashlib.sha256(conn.encode()).hexdigest()[:12]}"  # per metadata DB
    if not marker.exists():
        run_airflow(paths, "db", "migrate", capture=True)
        marker.touch()
    if pool:
        run_airflow(paths, "pools", "set", *POOL, capture=True)
    from warehouse.dbt_runner import ensure_manifest

    ensure_manifest(paths)  # the DAG renders its dbt tasks from it
