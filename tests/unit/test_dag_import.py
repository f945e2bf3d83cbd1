"""Fast, no services: the DAG file imports with Airflow's DagBag in a fresh process, starts no
process and opens nothing of the warehouse while it is parsed, and wires its tasks with edges
(`>>`, `chain`) rather than XCom arguments nobody reads."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.helpers import REPO
from warehouse.airflow_home import airflow_env
from warehouse.config import paths
from warehouse.dbt_runner import ensure_manifest


def _parse(home, **env) -> dict:
    p = paths()
    proc = subprocess.run(
        [sys.executable, "-m", "tests.dag_parse_probe", str(REPO / "dags"), str(p.warehouse)],
        cwd=REPO,
        env={**airflow_env(p), **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture
def prepared(home):
    ensure_manifest(paths().ensure())  # what `warehouse.cli prepare` does before any parse
    return home


def test_dag_parses_without_work(prepared):
    parsed = _parse(prepared)
    assert parsed["import_errors"] == {}
    assert set(parsed["dags"]) == {"conflict_news"}
    assert parsed["started"] == [], "parsing the DAG file started a process"
    assert parsed["opened"] == [], "parsing the DAG file opened the warehouse"
    assert not paths().warehouse.exists(), "parsing the DAG file created the warehouse"


def test_tasks_are_ordered_by_edges(prepared):
    tasks = _parse(prepared)["dags"]["conflict_news"]
    assert tasks["load_raw"] == ["discover_inputs"]
    assert tasks["fetch_feeds"] == ["load_raw"]
    assert tasks["plan_extract"] == ["fetch_feeds"]
    assert tasks["load_extract"] == ["extract_batch", "plan_extract"]
    assert tasks["changes"] == ["load_extract"]
    assert tasks["dbt.build"] == ["changes"]
    assert "dbt.dbt_project_test" in tasks["dbt_summary"]
    assert tasks["validate"] == ["changes", "dbt_summary"]
    assert tasks["publish"] == ["changes", "validate"]
    assert tasks["report"] == ["publish"]
    models = [t for t in tasks if t.startswith("dbt.") and t.endswith("_run")]
    assert models and all("dbt.build" in tasks[m] for m in models)


def test_postgres_target_adds_push_and_pull(prepared):
    tasks = _parse(prepared, CONFLICT_DBT_TARGET="postgres")["dags"]["conflict_news"]
    assert tasks["push_sources"] == ["changes"]
    assert "push_sources" in tasks["dbt.build"]
    assert "pull_marts" in tasks["dbt_summary"]


def test_missing_manifest_is_an_import_error(home):
    parsed = _parse(home)
    assert parsed["dags"] == {}
    assert any("warehouse.cli prepare" in err for err in parsed["import_errors"].values())
