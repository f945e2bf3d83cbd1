"""The incremental marts equal a full rebuild after new articles (some joining existing events),
withdrawn articles (some the representative report of a merged event) and re-extracted articles."""

from __future__ import annotations

import duckdb

from benchmarks.corpus import write_corpus
from tests.helpers import mart_rows
from warehouse import dbt_runner, tasks
from warehouse.config import paths
from warehouse.db import writer
from warehouse.publish import build_snapshot, publish
from warehouse.withdraw import withdraw


def _marts(db, audit: frozenset[str] = frozenset({"updated_at"})) -> dict[str, list[tuple]]:
    return {t: rows for t, (_, rows) in mart_rows(db, audit).items()}


def _ingest_extract_build(run_id: str) -> None:
    tasks.load_raw(run_id, tasks.discover_inputs(run_id))
    tasks.extract(run_id)
    dbt_runner.build(paths())


def test_incremental_build_equals_full_rebuild(home, inbox, monkeypatch):
    monkeypatch.setattr("warehouse.publish.REWRITE_SHARE", 1.0)  # patch even this large a change
    p = paths()
    write_corpus(inbox, 300, seed=1, tag="a")
    _ingest_extract_build("run_a")
    publish(p)
    con = duckdb.connect(str(p.warehouse), read_only=True)
    merged = con.execute(
        "select article_id from marts.events where report_count > 1 order by event_id limit 3"
    ).fetchall()
    alone = con.execute(
        "select article_id from marts.events where report_count = 1 order by event_id limit 2"
    ).fetchall()
    stale = con.execute("select article_id from extracted.article_status order by article_id limit 20").fetchall()
    untouched_before = con.execute("select count(*) from marts.events").fetchall()[0][0]
    con.close()
    assert len(merged) == 3, "the corpus must contain merged events for this test to mean anything"

    write_corpus(inbox, 200, seed=2, tag="b")  # same days and places: some reports join old events
    with writer(p.warehouse) as con:
        for (article_id,) in set(merged + alone):
            withdraw(con, article_id, "test")
        con.executemany("update extracted.article_status set extractor_version = 'old' where article_id = ?", stale)
    _ingest_extract_build("run_b")
    incremental = _marts(p.warehouse)

    # the snapshot patched from the previous one equals one copied whole, audit columns included
    patched = publish(p).patched
    assert {"articles", "events", "event_sources", "event_actors", "casualties"} <= set(patched)
    whole, _ = build_snapshot(p.warehouse, home / "whole.duckdb")
    assert _marts(p.published_warehouse, audit=frozenset()) == _marts(home / "whole.duckdb", audit=frozenset())
    assert whole["marts.events"] == len(incremental["events"])

    con = duckdb.connect(str(p.warehouse), read_only=True)
    kept = con.execute(
        "select count(*) from marts.events e where e.updated_at = (select min(updated_at) from marts.events)"
    ).fetchall()[0][0]
    # events reported by a first-run article and a second-run one: old events the new data joined
    joined = con.execute("""
        select count(distinct s.event_id) from marts.event_sources s
        join raw.articles a using (article_id)
        group by all having bool_or(a.batch_id = 'run_a') and bool_or(a.batch_id = 'run_b')
        """).fetchall()
    con.close()
    assert 0 < kept < untouched_before, "the incremental build must leave unchanged events alone"
    assert joined, "the new articles must join some old events for this test to mean anything"

    dbt_runner.build(p, full_refresh=True)
    full = _marts(p.warehouse)
    assert set(incremental) == set(full)
    for table in full:
        assert incremental[table] == full[table], table
    assert not any(r[0] in {a for (a,) in merged + alone} for r in full["articles"])
