"""The report as a person sees it: rendered by headless Chromium with the network cut off."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import duckdb
import numpy as np
import pytest
from PIL import Image

from tests.helpers import SAMPLE
from warehouse import tasks
from warehouse.maps import draw

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The sample through every task body (no Airflow here: the DAG tests cover that path)."""
    home = tmp_path_factory.mktemp("home")
    inbox = tmp_path_factory.mktemp("inbox")
    shutil.copy(SAMPLE, inbox / SAMPLE.name)
    mp = pytest.MonkeyPatch()
    mp.setenv("CONFLICT_HOME", str(home))
    mp.setenv("CONFLICT_INBOX", str(inbox))
    run = "report-test"
    discovered = tasks.discover_inputs(run)
    tasks.load_raw(run, discovered)
    tasks.extract(run)
    tasks.dbt_build(run)
    tasks.validate(run)
    tasks.publish(run)
    tasks.report(run)
    yield home / "published"
    mp.undo()


def _chromium(*args: str, tmp_path) -> subprocess.CompletedProcess:
    assert CHROMIUM, "chromium is installed by `make test` (Debian package chromium)"
    return subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--host-resolver-rules=MAP * ~NOTFOUND",
            f"--user-data-dir={tmp_path / 'profile'}",
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_report_is_self_contained(published):
    html = (published / "report.html").read_text(encoding="utf-8")
    external = re.findall(r"""(?:src|href)=['"](https?:)?//""", html)
    assert not external, "the report must open offline"
    assert len(re.findall(r"src='data:image/png;base64,", html)) >= 3
    assert (published / "report.md").exists() and (published / "summary.json").exists()
    assert (published / "data_docs" / "index.html").exists()


def test_report_renders_every_section_in_chromium(published, tmp_path):
    dom = _chromium("--dump-dom", (published / "report.html").as_uri(), tmp_path=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    for section in (
        "status",
        "totals",
        "over-time",
        "by-governorate",
        "map",
        "by-type",
        "actors",
        "latest",
        "data",
        "validation",
        "runs",
    ):
        assert f'id="{section}"' in dom.stdout
    assert dom.stdout.count("<table") >= 6
    assert 'dir="rtl"' in dom.stdout  # Arabic evidence is shown right-to-left
    shot = tmp_path / "report.png"
    result = _chromium(
        f"--screenshot={shot}", "--window-size=1200,5000", (published / "report.html").as_uri(), tmp_path=tmp_path
    )
    assert result.returncode == 0 and shot.stat().st_size > 50_000


def _count(pixels: np.ndarray, colour: str) -> int:
    rgb = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return int((pixels == rgb).all(axis=2).sum())


def test_report_map_shows_borders_and_governorates_in_chromium(published, tmp_path):
    shot = tmp_path / "report.png"
    result = _chromium(
        f"--screenshot={shot}", "--window-size=1200,5000", (published / "report.html").as_uri(), tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stderr[-2000:]
    pixels = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    # the borders are drawn in colours used nowhere else on the page
    assert _count(pixels, draw.COUNTRY_BORDER) > 500, "country borders"
    assert _count(pixels, draw.ADMIN1_BORDER) > 500, "governorate and province outlines"
    r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    assert ((r > 150) & (g < 110) & (b < 110)).sum() > 2000, "governorates with fatalities are filled in red"
    assert (published / "charts" / "map.png").exists()
    assert "![map](charts/map.png)" in (published / "report.md").read_text(encoding="utf-8")


def test_map_shades_the_governorates_that_had_fatalities(published):
    con = duckdb.connect(str(published / "warehouse.duckdb"), read_only=True)
    rows = con.execute("""
        select l.country, l.admin1, sum(e.fatalities) from marts.events e join marts.locations l using (location_id)
        where l.admin1 is not null and e.fatalities > 0 group by all""").fetchall()
    con.close()
    assert rows, "the sample has placed events with fatalities"
    outlined = {f["properties"].get("iso_3166_2") for f in draw.boundaries() if f["properties"]["level"] == "admin1"}
    for country, admin1, _ in rows:
        assert draw.iso_3166_2(country, admin1) in outlined, (country, admin1)


def test_docs_site_is_published_and_opens_offline(published, tmp_path):
    page = published / "docs" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert not re.findall(r"""<(?:script|link|img)[^>]+(?:src|href)=["'](?:https?:)?//""", html), "no CDN"
    # dbt's page loads a tracker from a CDN only when usage stats are on in the manifest it embeds
    assert '"send_anonymous_usage_stats": false' in html
    assert "href='docs/index.html'" in (published / "report.html").read_text(encoding="utf-8").replace('"', "'")
    dom = _chromium(
        "--virtual-time-budget=15000",
        "--dump-dom",
        page.as_uri() + "#!/model/model.conflict_news.acled_events",
        tmp_path=tmp_path,
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    # rendered by the page's own scripts: the model's columns with their descriptions
    assert re.search(r'class="text-dark ng-binding">\s*event_id_cnty', dom.stdout)
    assert "ACLED-style id" in re.sub(r"<script.*?</script>", "", dom.stdout, flags=re.S)


def test_every_mart_column_is_documented(published):
    """The data dictionary covers every column of every published mart, and lists no column that is gone."""
    manifest = json.loads((published / "docs" / "manifest.json").read_text(encoding="utf-8"))
    models = {n["name"]: n for n in manifest["nodes"].values() if n["resource_type"] == "model"}
    con = duckdb.connect(str(published / "warehouse.duckdb"), read_only=True)
    tables = {}
    for table, column in con.execute(
        "select table_name, column_name from information_schema.columns "
        "where table_schema = 'marts' order by table_name, ordinal_position"
    ).fetchall():
        tables.setdefault(table, []).append(column)
    con.close()
    assert {"events", "acled_events", "ged_events"} <= set(tables)
    undocumented = []
    for table, columns in tables.items():
        model = models[table]
        if not model["description"].strip():
            undocumented.append(table)
        documented = model["columns"]
        undocumented += [f"{table}.{c}" for c in columns if not documented.get(c, {}).get("description", "").strip()]
        assert set(documented) <= set(columns), f"{table}: documented columns that do not exist"
    assert not undocumented, f"describe these in dbt_project/models/marts/_marts.yml: {undocumented}"
