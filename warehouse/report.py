"""The analysts' report, rendered from the published snapshot: report.html (one self-contained file
that opens offline: charts are embedded PNGs), report.md (with the same charts as files in charts/)
and summary.json for other tools."""
from __future__ import annotations

import base64
import html
import io
import json
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import matplotlib

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


def gather(con: duckdb.DuckDBPyConnection) -> dict:
    totals = _q(con, """
        select
          (select count(*) from marts.articles) as articles,
          (select count(*) from marts.events) as events,
          (select count(*) from marts.casualties) as casualty_rows,
          (select coalesce(sum(fatalities), 0) from marts.events) as fatalities,
          (select coalesce(sum(count_best), 0) from marts.casualties where is_primary and outcome = 'injured') as injured,
          (select coalesce(sum(count_best), 0) from marts.casualties where is_primary and outcome = 'displaced') as displaced,
          (select count(*) from marts.locations where not in_gazetteer) as unknown_places,
          (select max(published_at) from marts.articles) as latest_published,
          (select max(loaded_at) from marts.articles) as latest_loaded,
          (select max(event_date) from marts.events) as latest_event
    """).iloc[0].to_dict()
    return {
        "totals": {k: (None if pd.isna(v) else (v.isoformat() if hasattr(v, "isoformat") else int(v) if isinstance(v, (int, float)) or hasattr(v, "item") else v)) for k, v in totals.items()},
        "over_time": _q(con, """
            select e.event_date, c.outcome, sum(coalesce(c.count_best, c.count_low, 0)) as people
            from marts.casualties c join marts.events e using (event_id)
            where c.is_primary and e.event_date is not null
            group by all order by 1"""),
        "by_governorate": _q(con, """
            select coalesce(l.admin1, case when c.event_id is null then 'tallies (no single event)' else 'unknown place' end) as governorate, c.outcome,
                   sum(coalesce(c.count_best, c.count_low, 0)) as people, count(*) as figures
            from marts.casualties c
            left join marts.events e using (event_id)
            left join marts.locations l on l.location_id = e.location_id
            where c.is_primary group by all order by people desc"""),
        "map": _q(con, """
            select l.name_en, l.admin1, l.latitude, l.longitude, count(*) as events,
                   coalesce(sum(e.fatalities), 0) as fatalities
            from marts.events e join marts.locations l on l.location_id = e.location_id
            where l.latitude is not null group by all"""),
        "by_admin1": _q(con, """
            select l.country, l.admin1, count(*) as events, cast(coalesce(sum(e.fatalities), 0) as bigint) as fatalities
            from marts.events e join marts.locations l on l.location_id = e.location_id
            where l.admin1 is not null group by all"""),
        "by_type": _q(con, "select event_type, sub_event_type, count(*) as events, cast(coalesce(sum(fatalities), 0) as bigint) as fatalities "
                           "from marts.events group by all order by events desc"),
        "actors": _q(con, """
            select a.name_en, a.name_ar, a.actor_type, count(distinct ea.event_id) as events
            from marts.event_actors ea join marts.actors a using (actor_id)
            where ea.role in ('actor1', 'actor2') group by all order by events desc, name_en limit 12"""),
        "pairs": _q(con, """
            select a1.name_en as actor1, a2.name_en as actor2, count(*) as events
            from marts.event_actors x join marts.event_actors y on x.event_id = y.event_id and x.role = 'actor1' and y.role = 'actor2'
            join marts.actors a1 on a1.actor_id = x.actor_id join marts.actors a2 on a2.actor_id = y.actor_id
            group by all order by events desc limit 10"""),
        "latest": _q(con, """
            select e.event_date, e.date_precision, e.event_type, e.sub_event_type,
                   coalesce(l.name_en, l.name_ar) as location, l.admin1, e.fatalities, e.notes, e.evidence
            from marts.events e left join marts.locations l on l.location_id = e.location_id
            order by e.event_date desc nulls last, e.fatalities desc nulls last, e.event_id limit 15"""),
        "validations": _q(con, """
            select suite, severity, count(*) as expectations, count(*) filter (where not success) as failed,
                   string_agg(detail, '; ') filter (where not success) as failures
            from ops.validations where run_id = (select run_id from ops.validations order by validated_at desc limit 1)
            group by all order by suite, severity"""),
        "sources": _sources(con),
        "runs": _q(con, """
            select run_id, outcome, started_at, round(epoch(finished_at - started_at), 1) as seconds,
                   files_seen, articles_loaded, feed_articles_loaded, rows_quarantined, articles_extracted,
                   rows_validated, rows_published, failures
            from ops.runs order by started_at desc limit 10"""),
    }


def _sources(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The reference data to attribute (marts.data_sources: OCHA, GeoNames); empty for a snapshot
    published before the mart existed."""
    if not con.execute("select count(*) from information_schema.tables where table_schema = 'marts' "
                       "and table_name = 'data_sources'").fetchone()[0]:
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
    return map_draw.draw(fatalities_by_iso(by_admin1), points,
                         "Fatalities by governorate, and where events happened")


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


def _table(df: pd.DataFrame, rtl_columns: tuple[str, ...] = ()) -> str:
    if df.empty:
        return "<p class='empty'>None.</p>"
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = []
    for _, r in df.iterrows():
        cells = []
        for c in df.columns:
            v = r[c]
            text = "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
            attr = " dir='rtl' lang='ar' class='ar'" if c in rtl_columns else ""
            cells.append(f"<td{attr}>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _img(png: bytes | None, alt: str, empty: str, id_: str = "") -> str:
    ident = f" id='{id_}'" if id_ else ""
    return (f"<img{ident} alt='{html.escape(alt)}' src='{_data_uri(png)}'>" if png
            else f"<p class='empty'>{html.escape(empty)}</p>")


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


CSS = """
body{font-family:'DejaVu Sans',Arial,sans-serif;margin:2em auto;max-width:1100px;color:#222}
h1{margin-bottom:.2em}.status{padding:.6em 1em;border-radius:6px;margin:1em 0}
.ok{background:#e7f5e7;border:1px solid #7c7}.warn{background:#fff6e0;border:1px solid #eb5}
.fail{background:#fde8e8;border:1px solid #d66}
table{border-collapse:collapse;width:100%;font-size:13px;margin:.5em 0 1.5em}
th,td{border:1px solid #ddd;padding:4px 6px;vertical-align:top;text-align:left}th{background:#f3f3f3}
td.ar{font-family:'Noto Naskh Arabic','Noto Sans Arabic','DejaVu Sans',serif;font-size:15px;text-align:right}
.totals td{font-size:16px}img{max-width:100%}.empty{color:#777;font-style:italic}
"""


def render(paths: Paths, status: dict) -> dict:
    """Writes report.html, report.md and summary.json from the published snapshot."""
    con = connect(paths.published_warehouse, read_only=True)
    try:
        data = gather(con)
    finally:
        con.close()
    charts = _charts(data)
    t = data["totals"]
    generated = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
    warnings = int(data["validations"]["failed"][data["validations"]["severity"] == "warning"].sum()) if len(data["validations"]) else 0
    summary = {
        "generated_at": generated,
        "run_id": status.get("run_id"),
        "validation": "passed" + (f" with {warnings} warning(s)" if warnings else ""),
        "last_failure": status.get("last_failure"),
        "unchanged_since": status.get("unchanged_since"),
        "totals": t,
        "events_by_type": data["by_type"].to_dict(orient="records"),
        "held_back": status.get("held_back") or [],
        "sources": data["sources"].to_dict(orient="records"),
    }
    held = pd.DataFrame(summary["held_back"], columns=["article_id", "stage", "reasons", "detail"])
    css_class = "warn" if warnings or status.get("last_failure") else "ok"
    failure_note = (f"<br>Previous run failed its checks and was not published: {html.escape(status['last_failure'])}"
                    if status.get("last_failure") else "")
    unchanged_note = (f"<br><b>Unchanged:</b> this run found no article loaded, re-extracted or withdrawn; the "
                      f"snapshot is unchanged since run <code>{html.escape(status['unchanged_since'])}</code>"
                      if status.get("unchanged_since") else "")
    body = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Conflict-news warehouse report</title><style>{CSS}</style></head><body>
<h1>Conflict-news warehouse</h1>
<div class="status {css_class}" id="status"><b>Status:</b> published after validation {summary['validation']} ·
run <code>{html.escape(str(status.get('run_id')))}</code> · generated {generated}<br>
<b>Freshness:</b> latest article published {t['latest_published'] or 'unknown (undated input)'} ·
latest load {t['latest_loaded']} · latest event date {t['latest_event'] or 'none dated'}{failure_note}{unchanged_note}</div>
<h2 id="totals">Totals</h2>
<table class="totals"><tr><th>articles</th><th>events</th><th>casualty figures</th><th>killed (best, per event)</th>
<th>injured</th><th>displaced</th><th>unknown places</th></tr>
<tr><td>{t['articles']}</td><td>{t['events']}</td><td>{t['casualty_rows']}</td><td>{t['fatalities']}</td>
<td>{t['injured']}</td><td>{t['displaced']}</td><td>{t['unknown_places']}</td></tr></table>
<h2 id="over-time">Casualties over time</h2>
{_img(charts['over_time'], 'Casualties over time by outcome', 'No dated events yet: the input gives no publication dates, so no event date is invented.')}
<h2 id="by-governorate">By governorate</h2>
{_img(charts['by_governorate'], 'Casualty figures by governorate', 'No casualty figures.')}
<h2 id="map">Map</h2>
<figure>{_img(charts['map'], 'Map: country borders, governorates shaded by fatalities, events as points', '', 'map-image')}
<figcaption>Syria's governorates shaded by fatalities of the events placed in them; neighbours' provinces
outlined; boundaries from Natural Earth (public domain).</figcaption></figure>
<h2 id="by-type">Events by type</h2>
{_img(charts['by_type'], 'Events by type', 'No events.')}
{_table(data['by_type'])}
<h2 id="actors">Most active actors</h2>
{_table(data['actors'], rtl_columns=('name_ar',))}
<h3>Actor pairs (actor1 vs actor2)</h3>
{_table(data['pairs'])}
<h2 id="latest">Latest events</h2>
{_table(data['latest'], rtl_columns=('evidence',))}
<h2 id="data">Data and dictionary</h2>
<p><a id="docs-link" href="docs/index.html">Data dictionary</a> (every mart and column, with lineage; opens offline) ·
ACLED-shaped events: <a href="exports/acled_events.csv">exports/acled_events.csv</a> ·
UCDP GED-shaped events: <a href="exports/ged_events.csv">exports/ged_events.csv</a> ·
every mart as Parquet in <code>parquet/</code> · SQL shell: <code>make sql</code>.</p>
<h2 id="validation">Validation</h2>
<p>Great Expectations checks of this run's batch (errors block publishing; warnings are listed).
Full results: <a href="data_docs/index.html">GX Data Docs</a>.</p>
{_table(data['validations'])}
<h2 id="held-back">Held back</h2>
<p>{len(held)} article(s) are held back: they stay in the raw layer, out of the marts, until an extractor
fix re-extracts them or an operator releases them (<code>python -m warehouse.cli release ARTICLE_ID --why ...</code>).</p>
{_table(held, rtl_columns=('detail',)) if len(held) else ''}
<h2 id="runs">Last runs</h2>
{_table(data['runs'])}
<h2 id="sources">Sources and attribution</h2>
<p>Places are located with reference data used under its licence:</p>
{_table(data['sources'])}
</body></html>"""
    paths.published_dir.mkdir(parents=True, exist_ok=True)
    images = _write_charts(charts, paths.published_dir / "charts")
    _atomic_write(paths.report_html, body)
    md = ["# Conflict-news warehouse report", "", f"Status: published after validation {summary['validation']} "
          f"(run `{status.get('run_id')}`, generated {generated})." + (
              f" The snapshot is unchanged since run `{status['unchanged_since']}`."
              if status.get("unchanged_since") else ""), "", "## Totals", "",
          "| " + " | ".join(t) + " |", "|" + "---|" * len(t), "| " + " | ".join(str(v) for v in t.values()) + " |", "",
          *[f"![{name}]({path})" for name, path in images.items()], "",
          "Data dictionary: [docs/index.html](docs/index.html) · ACLED-shaped: [exports/acled_events.csv]"
          "(exports/acled_events.csv) · UCDP GED-shaped: [exports/ged_events.csv](exports/ged_events.csv)", "",
          "## Events by type", "", data["by_type"].to_markdown(index=False),
          "", "## Validation", "", data["validations"].to_string(index=False),
          "", "## Held back", "", f"{len(held)} article(s) held back (out of the marts until fixed or released).", "",
          held.to_markdown(index=False) if len(held) else "",
          "", "## Sources and attribution", "",
          *(f"- {r.attribution} ({r.licence})" for r in data["sources"].itertuples())]
    _atomic_write(paths.published_dir / "report.md", "\n".join(md) + "\n")
    _atomic_write(paths.published_dir / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2, default=str))
    return summary


def _atomic_write(path: Path, text: str) -> None:
    tmp = path.with_name("." + path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
