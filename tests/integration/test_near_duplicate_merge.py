"""Near-duplicate paragraphs merge across articles with no publication date and no common place
(int_event_clusters), an article about another happening in the same style stays apart, and the
second copy arriving in a later incremental run gives the marts of one full build."""

from __future__ import annotations

import duckdb

from tests.helpers import mart_rows
from tests.unit.test_near_duplicates import ORIGINAL, SAME_FORMULA
from warehouse import dbt_runner, tasks
from warehouse.config import paths

# the outlet repeating its paragraph under another headline: other punctuation and spellings, and
# the town left out («في المدينة»), so no place is shared and no signature either
COPY = (
    "والجدير بالذكر أن طائرات التحالف الدولي وقوات سوريا الديمقراطية ارتكبت مجزرة بحق المدنيين في "
    "المدينة أمس الخميس حيث تعرضت المدينة لقصف جوى ومدفعى وصاروخى عنيف ما أدى لارتقاء ٨٤ شهيدا "
    "وسقوط عشرات الجرحى"
)


def _run(run_id: str, full_refresh: bool = False) -> None:
    tasks.load_raw(run_id, tasks.discover_inputs(run_id))
    tasks.extract(run_id)
    dbt_runner.build(paths(), full_refresh=full_refresh)


def _strike_sources(db) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("""
            select s.event_id, a.body
            from marts.event_sources s
            join marts.events e using (event_id)
            join raw.articles a on a.article_id = s.article_id
            where e.sub_event_type = 'Air/drone strike'
            order by 1, 2
            """).fetchall()
    finally:
        con.close()


def test_near_duplicates_merge_undated_and_incrementally(home, inbox):
    (inbox / "outlet_a.txt").write_text(f"مجزرة في الرقة\n{ORIGINAL}\n", encoding="utf-8")
    (inbox / "outlet_c.txt").write_text(f"مجزرة في الميادين\n{SAME_FORMULA}\n", encoding="utf-8")
    _run("run_1")
    (inbox / "outlet_b.txt").write_text(f"التحالف يرتكب مجزرة جديدة\n{COPY}\n", encoding="utf-8")
    _run("run_2")
    incremental = mart_rows(paths().warehouse)

    con = duckdb.connect(str(paths().warehouse), read_only=True)
    assert con.execute("select count(*) from raw.articles where published_at is not null").fetchone()[0] == 0
    con.close()
    sources = _strike_sources(paths().warehouse)
    by_event: dict[str, list[str]] = {}
    for event_id, body in sources:
        by_event.setdefault(event_id, []).append(body)
    merged = [bodies for bodies in by_event.values() if any(ORIGINAL in b for b in bodies)]
    assert len(merged) == 1 and len(merged[0]) == 2, by_event  # the copy joined the original's event
    assert any(COPY in b for b in merged[0])
    # the same style about another happening is its own event
    assert not any(SAME_FORMULA in b for b in merged[0])
    assert any(SAME_FORMULA in b for bodies in by_event.values() for b in bodies)

    _run("run_3", full_refresh=True)
    full = mart_rows(paths().warehouse)
    assert set(incremental) == set(full)
    for table in full:
        assert incremental[table] == full[table], table
