"""A real DAG run (`airflow dags test`, DuckDB, dbt, GX) on the sample beside the ingest's bad inputs:
the bad files are quarantined, the good ones load and publish. Its own file (it was in test_dag.py)
so that `make test`'s workers, which take whole files, run it beside test_dag's long run."""

from __future__ import annotations

import duckdb
import pytest

from tests.helpers import bad_inbox, marts_snapshot, run_dag

pytestmark = pytest.mark.slow


def test_bad_files_are_quarantined_while_good_ones_load(home, sample_inbox):
    bad_inbox(sample_inbox)
    result = run_dag(home, sample_inbox)
    assert result.returncode == 0, result.stdout + result.stderr
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        quarantined = con.execute("select count(*) from raw.quarantine").fetchall()[0][0]
        ledger = con.execute(
            "select rows_loaded, rows_quarantined from ops.task_runs where task_id = 'load_raw'"
        ).fetchall()
    finally:
        con.close()
    assert quarantined == 9
    assert ledger == [(13, 9)]
    assert len(marts_snapshot(home / "published" / "warehouse.duckdb")["articles"]) == 13
