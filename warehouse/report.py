"""The analysts' report, rendered from the published snapshot: report.html (one self-contained file
that opens offline: charts are embedded PNGs), report.md (with the same charts as files in charts/)
and summary.json for other tools."""

from __future__ import annotations

import base64
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import matplotlib
from jinja2 import Environment, PackageLoader, select_autoescape

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from extract.lexicon import load_csv  # noqa: E402
from warehouse.config import Paths  # noqa: E402
from warehouse.db import connect  # noqa: E402
from warehouse.maps import draw as map_draw  # noqa: E402

OUTCOME_COLOURS = {r["value"]: r["colour"] for r in load_csv("outcomes.csv")}  # the outcome vocabulary's file


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    plt.close(fig)
    return buf.getvalue()


def _data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode()


def _q(con, sql: str) -> pd.DataFrame:
    return con.execute(sql).df()


TOTALS = """
    select
      (select count(*) from marts.articles) as articles,
      (select count(*) from marts.events) as events,
      (select count(*) from marts.casualties) as casualty_rows,
      (select coalesce(sum(fatalities), 0) from marts.events) as fatalities,
      (select coalesce(sum(count_best), 0) from marts.casualties where is_primary and outcome = 'injured') as injured,
      (select coalesce(sum(count_best), 0) from marts.casualties
       where is_primary and outcome = 'displaced') as displaced,
      (select count(*) from marts.locations where not in_gazetteer) as unknown_places,
      (select max(published_at) from marts.articles) as latest_published,
      (select max(loaded_at) from marts.articles) as latest_loaded,
      (select max(event_date) from marts.events) as latest_event
"""
# The report's tables and chart data, by name.
QUERIES = {
    "over_time": """
        select e.event_date, c.outcome, sum(coalesce(c.count_best, c.count_low, 0)) as people
        from marts.casualties c join marts.events e using (event_id)
        where c.is_primary and e.event_date is not null
        group by all order by 1""",
    "by_governorate": """
        select coalesce(l.admin1, case when c.event_id is null then 'tallies (no single event)'
                                       else 'unknown place' end) as governorate, c.outcome,
               sum(coalesce(c.count_best, c.count_low, 0)) as people, count(*) as figures
        from marts.casualties c
        left join marts.events e using (event_id)
        left join marts.locations l on l.location_id = e.location_id
        where c.is_primary group by all order by people desc""",
    "map": """
        select l.name_en, l.admin1, l.latitude, l.longitude, count(*) as events,
               coalesce(sum(e.fatalities), 0) as fatalities
        from marts.events e join marts.locations l on l.location_id = e.location_id
        where l.latitude is not null group by all""",
    "by_admin1": """
        select l.country, l.admin1, count(*) as events, cast(coalesce(sum(e.fatalities), 0) as bigint) as fatalities
        from marts.events e join marts.locations l on l.location_id = e.location_id
        where l.admin1 is not null group by all""",
    "by_type": """
        select event_type, sub_event_type, count(*) as events,
               cast(coalesce(sum(fatalities), 0) as bigint) as fatalities
        from marts.events group by all order by events desc""",
    "actors": """
        select a.name_en, a.name_ar, a.actor_type, count(distinct ea.event_id) as events
        from marts.event_actors ea join marts.actors a using (actor_id)
        where ea.role in ('actor1', 'actor2') group by all order by events desc, name_en limit 12""",
    "pairs": """
        select a1.name_en as actor1, a2.name_en as actor2, count(*) as events
        from marts.event_actors x
        join marts.event_actors y on x.event_id = y.event_id and x.role = 'actor1' and y.role = 'actor2'
        join marts.actors a1 on a1.actor_id = x.actor_id join marts.actors a2 on a2.actor_id = y.actor_id
        group by all order by events desc limit 10""",
    "latest": """
        select e.event_date, e.date_precision, e.event_type, e.sub_event_type,
               coalesce(l.name_en, l.name_ar) as location, l.admin1, e.fatalities, e.notes, e.evidence
        from marts.events e left join marts.locations l on l.location_id = e.location_id
        order by e.event_date desc nulls last, e.fatalities desc nulls last, e.event_id limit 15""",
    "validations": """
        select suite, severity, count(*) as expectations, count(*) filter (where not success) as failed,
               string_agg(detail, '; ') filter (where not success) as failures
        from ops.validations where run_id = (select run_id from ops.validations order by validated_at desc limit 1)
        group by all order by suite, severity""",
    "runs": """
        select run_id, outcome, started_at, round(epoch(finished_at - started_at), 1) as seconds,
               files_seen, articles_loaded, feed_articles_loaded, rows_quarantined, articles_extracted,
               rows_validated, rows_published, failures
        from ops.runs order by started_at desc limit 10""",
}


def _plain(v):
    """A totals value as JSON takes it: None for NULL, ISO text for a timestamp, int for a number."""
    if pd.isna(v):
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return int(v) if isinstance(v, (int, float)) or hasattr(v, "item") else v


def gather(con: duckdb.DuckDBPyConnection) -> dict:
    totals = _q(con, TOTALS).iloc[0].to_dict()
    return {
        "totals": {k: _plain(v) for k, v in totals.items()},
        **{name: _q(con, sql) for name, sql in QUERIES.items()},
        "sources": _sources(con),
    }


def _sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The reference data to attribute (marts.data_sources: OCHA, GeoNames); empty for a snapshot
    published before the mart existed."""
    if not con.execute(
        "select count(*) from information_schema.tables where table_schema = 'marts' and table_name = 'data_sources'"
    ).fetchone()[0]:
        return pd.DataFrame(columns=["name", "publisher", "licence", "attribution"])
    return _q(con, "select name, publisher, licence, attribution from marts.data_sources order by source_id")


def fatalities_by_iso(by_admin1: pd.DataFrame) -> dict[str, int]:
    """Fatalities per ISO 3166-2 division (the gazetteer's admin1 spellings mapped through admin1.csv)."""
    out: dict[str, int] = {}
    for r in by_admin1.itertuples():
        code = map_draw.iso_3166_2(r.country, r.admin1)
        if code:
            out[code] = out.get(code, 0) + int(r.fatalities)
    return out


def _map(points: pd.DataFrame, by_admin1: pd.DataFrame):
    return map_draw.draw(fatalities_by_iso(by_admin1), points, "Fatalities by governorate, and where events happened")


def _charts(data: dict) -> dict[str, bytes | None]:
    charts: dict[str, bytes | None] = {}
    ot = data["over_time"]
    if len(ot):
        fig, ax = plt.subplots(figsize=(8, 3.2))
        pivot = ot.pivot_table(index="event_date", columns="outcome", values="people", aggfunc="sum").fillna(0)
        for outcome in pivot.columns:
            ax.plot(pivot.index, pivot[outcome], marker="o", label=outcome, color=OUTCOME_COLOURS.get(outcome))
        ax.set_ylabel("people (best estimate)")
        ax.set_title("Casualties over time by outcome")
        ax.legend(fontsize=8)
        fig.autofmt_xdate()
        charts["over_time"] = _png(fig)
    else:
        charts["over_time"] = None
    bg = data["by_governorate"]
    if len(bg):
        fig, ax = plt.subplots(figsize=(8, 3.4))
        pivot = bg.pivot_table(index="governorate", columns="outcome", values="people", aggfunc="sum").fillna(0)
        pivot = pivot.loc[pivot.sum(axis=1).sort_values().index]
        left = None
        for outcome in pivot.columns:
            ax.barh(pivot.index, pivot[outcome], left=left, label=outcome, color=OUTCOME_COLOURS.get(outcome))
            left = pivot[outcome] if left is None else left + pivot[outcome]
        ax.set_xscale("symlog")
        ax.set_xlabel("people (best estimate, log scale)")
        ax.set_title("Casualty figures by governorate")
        ax.legend(fontsize=8)
        charts["by_governorate"] = _png(fig)
    else:
        charts["by_governorate"] = None
    charts["map"] = _png(_map(data["map"], data["by_admin1"]))
    bt = data["by_type"]
    if len(bt):
        fig, ax = plt.subplots(figsize=(8, 0.3 * len(bt) + 1))
        labels = bt["event_type"] + " / " + bt["sub_event_type"]
        ax.barh(labels[::-1], bt["events"][::-1], color="#4393c3")
        ax.set_xlabel("events")
        ax.set_title("Events by type")
        charts["by_type"] = _png(fig)
    else:
        charts["by_type"] = None
    return charts


def _text(v) -> str:
    return "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def _table(df: pd.DataFrame, rtl_columns: tuple[str, ...] = ()) -> dict:
    """A frame as the templates' `table` macro takes it: cells as text, the Arabic columns named."""
    return {
        "columns": [str(c) for c in df.columns],
        "rtl": set(rtl_columns),
        "empty": df.empty,
        "rows": [[(c, _text(r[c])) for c in df.columns] for _, r in df.iterrows()],
    }


def _write_charts(charts: dict[str, bytes | None], out_dir: Path) -> dict[str, str]:
    """The charts as PNG files beside report.md (relative paths by chart name)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, png in charts.items():
        if png:
            tmp = out_dir / f".{name}.png.tmp"
            tmp.write_bytes(png)
            tmp.replace(out_dir / f"{name}.png")
            written[name] = f"{out_dir.name}/{name}.png"
    return written


TEMPLATES = Environment(
    loader=PackageLoader("warehouse", "templates"), autoescape=select_autoescape(["html"]), keep_trailing_newline=True
)


def _summary(data: dict, status: dict) -> dict:
    """summary.json, and the status line both reports open with."""
    v = data["validations"]
    warnings = int(v["failed"][v["severity"] == "warning"].sum()) if len(v) else 0
    return {
        "generated_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "run_id": status.get("run_id"),
        "validation": "passed" + (f" with {warnings} warning(s)" if warnings else ""),
        "last_failure": status.get("last_failure"),
        "unchanged_since": status.get("unchanged_since"),
        "totals": data["totals"],
        "events_by_type": data["by_type"].to_dict(orient="records"),
        "held_back": status.get("held_back") or [],
        "sources": data["sources"].to_dict(orient="records"),
    }


def _html(data: dict, summary: dict, status: dict, charts: dict[str, bytes | None], held: pd.DataFrame) -> str:
    warned = summary["validation"] != "passed" or status.get("last_failure")
    tables = {name: _table(data[name]) for name in ("by_type", "pairs", "validations", "runs", "sources")}
    tables |= {
        "actors": _table(data["actors"], ("name_ar",)),
        "latest": _table(data["latest"], ("evidence",)),
        "held": _table(held, ("detail",)),
    }
    return TEMPLATES.get_template("report.html").render(
        summary=summary,
        status=status,
        t=summary["totals"],
        css_class="warn" if warned else "ok",
        charts={name: _data_uri(png) if png else None for name, png in charts.items()},
        tables=tables,
        held_count=len(held),
    )


def _markdown(data: dict, summary: dict, status: dict, images: dict[str, str], held: pd.DataFrame) -> str:
    return TEMPLATES.get_template("report.md").render(
        summary=summary,
        status=status,
        t=summary["totals"],
        images=images,
        by_type=data["by_type"].to_markdown(index=False),
        validations=data["validations"].to_string(index=False),
        held_count=len(held),
        held=held.to_markdown(index=False) if len(held) else "",
        sources=list(data["sources"].itertuples()),
    )


def render(paths: Paths, status: dict) -> dict:
    """Writes report.html, report.md and summary.json from the published snapshot."""
    con = connect(paths.published_warehouse, read_only=True)
    try:
        data = gather(con)
    finally:
        con.close()
    charts = _charts(data)
    summary = _summary(data, status)
    held = pd.DataFrame(summary["held_back"], columns=["article_id", "stage", "reasons", "detail"])
    paths.published_dir.mkdir(parents=True, exist_ok=True)
    images = _write_charts(charts, paths.published_dir / "charts")
    _atomic_write(paths.report_html, _html(data, summary, status, charts, held))
    _atomic_write(paths.published_dir / "report.md", _markdown(data, summary, status, images, held))
    _atomic_write(paths.published_dir / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    return summary


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
