"""marts.locations, ops.unknown_places and the attribution of the gazetteer's sources after a real
DAG run (airflow dags test, DuckDB, dbt, GX) on the sample plus an article naming villages."""

from __future__ import annotations

import json

import duckdb
import pytest

from tests.helpers import run_dag

pytestmark = pytest.mark.slow

VILLAGES = (
    "قصفت الطائرات الحربية بلدات كفرعويد وإحسم والموزرة في جبل الزاوية بريف إدلب الجنوبي، ما أدى "
    "إلى مقتل ثلاثة مدنيين.\nوقتل مدني آخر في قصف على قرية الزهراويات بريف حماة الشمالي.\n"
    "واستهدف القصف أيضاً قرية الفرجة بريف إدلب."
)


def test_locations_mart_has_admin_levels_pcodes_and_unknown_places(home, sample_inbox):
    article = {
        "id": "villages-1",
        "url": "https://example.org/villages-1",
        "title": "قصف على جبل الزاوية",
        "published_at": "2019-05-02T08:00:00+00:00",
        "source": "test",
        "text": VILLAGES,
    }
    (sample_inbox / "villages.jsonl").write_text(json.dumps(article, ensure_ascii=False) + "\n", encoding="utf-8")
    result = run_dag(home, sample_inbox)
    assert result.returncode == 0, result.stdout + result.stderr
    con = duckdb.connect(str(home / "published" / "warehouse.duckdb"), read_only=True)
    try:
        cols = [
            c
            for (c,) in con.execute(
                "select column_name from information_schema.columns where "
                "table_schema = 'marts' and table_name = 'locations'"
            ).fetchall()
        ]
        for c in (
            "location_id",
            "name_en",
            "name_ar",
            "admin1",
            "admin2",
            "admin3",
            "pcode",
            "iso_3166_2",
            "country",
            "latitude",
            "longitude",
            "geo_precision",
            "kind",
            "in_gazetteer",
        ):
            assert c in cols
        row = lambda key: con.execute(  # noqa: E731
            "select admin1, admin2, admin3, pcode, iso_3166_2, geo_precision, kind from marts.locations "
            "where location_id = ?",
            [key],
        ).fetchone()
        assert row("C4062") == ("Idlib", "Al Ma'ra", "Kafr Nobol", "C4062", "SY-ID", 1, "village")  # Kafruwaid
        assert row("ariha")[:5] == ("Idlib", "Ariha", "Ariha", "C4278", "SY-ID")  # curated id kept
        assert row("SY0702")[5:] == (2, "district")
        assert row("idlib_gov")[3:6] == ("SY07", "SY-ID", 3)
        assert row("unknown:الزهراويات") == ("Hama", None, None, None, "SY-HM", 3, "unknown")
        assert con.execute("select count(*) from marts.locations where geo_precision is null").fetchone()[0] == 0
        # the strike lands on the villages, each an event with admin1 to admin3
        placed = {
            k
            for (k,) in con.execute(
                "select location_id from marts.events where article_id in "
                "(select article_id from marts.articles where title = ?)",
                [article["title"]],
            ).fetchall()
        }
        assert {"C4062", "C4295", "C4298"} <= placed
        unknown = con.execute(
            "select name, mentions, admin1_iso, example from ops.unknown_places where place_key = 'unknown:الزهراويات'"
        ).fetchone()
        assert unknown == ("الزهراويات", 1, "SY-HM", "وقتل مدني آخر في قصف على قرية الزهراويات بريف حماة الشمالي.")
        sources = dict(con.execute("select source_id, licence from marts.data_sources").fetchall())
        assert sources == {"ocha_syria_locations": "CC BY 3.0 IGO", "geonames": "CC BY 4.0"}
    finally:
        con.close()
    report = (home / "published" / "report.html").read_text(encoding="utf-8")
    assert 'id="sources"' in report and "OCHA" in report and "GeoNames" in report
    summary = json.loads((home / "published" / "summary.json").read_text())
    assert {s["licence"] for s in summary["sources"]} == {"CC BY 3.0 IGO", "CC BY 4.0"}
