"""Publishing swaps snapshots atomically; readers of the old file keep consistent data; rollback."""

from __future__ import annotations

import duckdb

from warehouse.config import paths
from warehouse.db import writer
from warehouse.publish import publish, rollback


def _warehouse_with(home, n_events: int) -> None:
    with writer(home / "warehouse.duckdb") as con:
        con.execute("create schema if not exists marts")
        con.execute(
            "create or replace table marts.events as select range as event_id, 'Battles' as event_type "
            f"from range({n_events})"
        )


def test_reader_of_old_snapshot_keeps_reading_and_rollback_restores(home):
    p = paths()
    _warehouse_with(home, 10)
    publish(p)
    reader = duckdb.connect(str(p.published_warehouse), read_only=True)
    assert reader.execute("select count(*) from marts.events").fetchall() == [(10,)]

    _warehouse_with(home, 25)
    publish(p)
    # the open reader still sees the whole old snapshot, never a mix
    assert reader.execute("select count(*), max(event_id) from marts.events").fetchall() == [(10, 9)]
    reader.close()
    fresh = duckdb.connect(str(p.published_warehouse), read_only=True)
    assert fresh.execute("select count(*) from marts.events").fetchall() == [(25,)]
    fresh.close()
    assert (p.published_dir / "parquet" / "events.parquet").exists()

    rollback(p)
    back = duckdb.connect(str(p.published_warehouse), read_only=True)
    assert back.execute("select count(*) from marts.events").fetchall() == [(10,)]
    back.close()
    parquet = (
        duckdb.connect()
        .execute(f"select count(*) from read_parquet('{p.published_dir / 'parquet' / 'events.parquet'}')")
        .fetchall()
    )
    assert parquet == [(10,)]
    # and rolling back again returns to the newer snapshot (one step, swappable)
    rollback(p)
    again = duckdb.connect(str(p.published_warehouse), read_only=True)
    assert again.execute("select count(*) from marts.events").fetchall() == [(25,)]
    again.close()


def test_snapshot_is_readable_while_the_working_warehouse_is_locked_by_a_writer(home):
    p = paths()
    _warehouse_with(home, 3)
    publish(p)
    with writer(home / "warehouse.duckdb") as con:  # a DAG task holding the write lock
        con.execute("insert into marts.events values (99, 'Riots')")
        analyst = duckdb.connect(str(p.published_warehouse), read_only=True)
        assert analyst.execute("select count(*) from marts.events").fetchall() == [(3,)]
        analyst.close()
