"""The same dbt project builds the marts on PostgreSQL: a real local server (Debian's package), the
source layer replicated from DuckDB, `dbt build --target postgres`, and every mart row equal to the
DuckDB build, first in full and then after an incremental round (new, withdrawn, re-extracted)."""

from __future__ import annotations

import shutil

import duckdb
import psycopg2
import pytest

from benchmarks.corpus import write_corpus
from tests.helpers import SAMPLE, mart_rows, run_dag
from tests.postgres_server import postgres_server
from warehouse import dbt_runner, tasks
from warehouse.config import paths
from warehouse.db import writer
from warehouse.postgres_sync import push_sources
from warehouse.withdraw import withdraw


def _pg_rows(pg, table: str, cols: list[str]) -> list[tuple]:
    cur = pg.cursor()
    cur.execute(f'select {", ".join(cols)} from marts."{table}"')
    return sorted(cur.fetchall(), key=repr)


def _round(run_id: str, pg) -> None:
    """One pipeline round up to the marts, on both engines."""
    p = paths()
    tasks.load_raw(run_id, tasks.discover_inputs(run_id))
    tasks.extract(run_id)
    dbt_runner.build(p)
    con = duckdb.connect(str(p.warehouse), read_only=True)
    try:
        push_sources(con, pg)
    finally:
        con.close()
    dbt_runner.build(p, target="postgres")


def _assert_same(p, pg) -> None:
    duck = mart_rows(p.warehouse)
    assert {"articles", "events", "event_sources", "event_actors", "casualties", "locations", "actors"} <= set(duck)
    for table, (cols, rows) in duck.items():
        assert rows, f"{table} is empty: the comparison would prove nothing"
        assert _pg_rows(pg, table, cols) == rows, table


@pytest.fixture
def pg_env(monkeypatch):
    with postgres_server() as env:
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        yield env


def test_postgres_marts_equal_duckdb_marts_full_and_incremental(home, inbox, pg_env):
    p = paths()
    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    write_corpus(inbox, 150, seed=3, tag="a")  # dated articles, so events merge across articles
    pg = psycopg2.connect(
        host=pg_env["CONFLICT_PG_HOST"],
        port=pg_env["CONFLICT_PG_PORT"],
        user=pg_env["CONFLICT_PG_USER"],
        dbname=pg_env["CONFLICT_PG_DATABASE"],
    )
    try:
        _round("run_a", pg)
        _assert_same(p, pg)

        write_corpus(inbox, 80, seed=4, tag="b")
        con = duckdb.connect(str(p.warehouse), read_only=True)
        merged = con.execute(
            "select distinct article_id from marts.events where report_count > 1 order by 1 limit 2"
        ).fetchall()
        stale = con.execute("select article_id from extracted.article_status order by article_id limit 10").fetchall()
        con.close()
        assert merged
        with writer(p.warehouse) as con:
            for (article_id,) in merged:
                withdraw(con, article_id, "test")
            con.executemany("update extracted.article_status set extractor_version = 'old' where article_id = ?", stale)
        _round("run_b", pg)
        _assert_same(p, pg)
    finally:
        pg.close()


@pytest.mark.slow
def test_dag_in_production_settings_on_postgres(home, sample_inbox, pg_env):
    """The whole DAG with Airflow's metadata on PostgreSQL and the marts built there by dbt: the
    published snapshot equals marts built from the same data on DuckDB."""
    admin = psycopg2.connect(
        host=pg_env["CONFLICT_PG_HOST"],
        port=pg_env["CONFLICT_PG_PORT"],
        user=pg_env["CONFLICT_PG_USER"],
        dbname=pg_env["CONFLICT_PG_DATABASE"],
    )
    admin.autocommit = True
    admin.cursor().execute("create database airflow")
    admin.close()
    write_corpus(sample_inbox, 60, seed=5, tag="p")
    conn = (
        f"postgresql+psycopg2://{pg_env['CONFLICT_PG_USER']}@{pg_env['CONFLICT_PG_HOST']}:"
        f"{pg_env['CONFLICT_PG_PORT']}/airflow"
    )
    result = run_dag(home, sample_inbox, AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=conn, CONFLICT_DBT_TARGET="postgres")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert not (home / "airflow" / "airflow.db").exists()

    meta = psycopg2.connect(
        host=pg_env["CONFLICT_PG_HOST"],
        port=pg_env["CONFLICT_PG_PORT"],
        user=pg_env["CONFLICT_PG_USER"],
        dbname="airflow",
    )
    cur = meta.cursor()
    cur.execute("select state, count(*) from dag_run where dag_id = 'conflict_news' group by state")
    assert cur.fetchall() == [("success", 1)]
    cur.execute("select task_id from task_instance where dag_id = 'conflict_news' and state = 'success'")
    done = {t for (t,) in cur.fetchall()}
    meta.close()
    assert {"push_sources", "pull_marts", "validate", "publish", "report"} <= done

    published = mart_rows(home / "published" / "warehouse.duckdb")
    dbt_runner.build(paths(), full_refresh=True, target="duckdb")  # the same sources, built on DuckDB
    assert published == mart_rows(home / "warehouse.duckdb")
