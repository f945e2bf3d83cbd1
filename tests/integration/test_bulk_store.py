"""The extract stage's bulk store: rows as Arrow tables; a chunk of new articles skips the deletes,
a re-extracted chunk still replaces its rows; rows staged as JSON by the mapped tasks store alike."""

from __future__ import annotations

import json
from datetime import date

import duckdb

from extract.article import prepare_extractor
from warehouse.db import apply_schema
from warehouse.extraction import _extract_rows, _store

ARTICLES = [
    (
        "a1",
        "قتل 12 مدنياً بينهم ثلاثة أطفال جراء غارات جوية روسية على مدينة أريحا بريف إدلب الجنوبي أمس.",
        date(2019, 5, 3),
    ),
    (
        "a2",
        "أصيب سبعة مدنيين بجروح إثر قصف مدفعي لقوات النظام على بلدة كفرنبل في ريف إدلب الجنوبي اليوم.",
        date(2019, 5, 3),
    ),
]
TABLES = ("events", "casualties", "event_actors", "article_mentions", "article_status", "places")


def _snapshot(con) -> dict:
    return {
        t: sorted(
            con.execute(
                f"select * exclude (batch_id{', extracted_at' if t == 'article_status' else ''}) from extracted.{t}"
            ).fetchall(),
            key=repr,
        )
        for t in TABLES
    }


def test_store_new_then_again_replaces_and_json_staged_rows_store_alike():
    prepare_extractor()
    rows = [_extract_rows(a) for a in ARTICLES]
    assert all("held" not in r for r in rows) and sum(len(r["events"]) for r in rows) > 0
    con = duckdb.connect()
    apply_schema(con)
    _store(con, ["a1", "a2"], rows, "run1", "v1")
    first = _snapshot(con)
    assert len(first["article_status"]) == 2 and first["events"]
    # re-extraction (another version): the chunk's old rows go, the new ones come, nothing doubles
    staged = [json.loads(json.dumps(r, ensure_ascii=False, default=str)) for r in rows]
    _store(con, ["a1", "a2"], staged, "run2", "v2")
    assert _snapshot(con) == {
        **first,
        "article_status": [(a, "v2", *rest) for (a, _, *rest) in first["article_status"]],
    }
    assert con.execute("select count(distinct batch_id) from extracted.events").fetchall() == [(1,)]
