"""Runs the Arabic extractor over articles that need it and stores its rows in extracted.*.

An article needs extraction when it has never been extracted or was extracted by another
extractor version. Work goes in bounded chunks, each replaced in one transaction, so a killed run
leaves every article either fully old or fully new and a rerun converges.
"""

from __future__ import annotations

import logging
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

import duckdb
import pandas as pd
import pyarrow as pa

from extract.article import ArticleExtraction, extract_article, prepare_extractor
from extract.entities import places
from extract.native import MODULES, compiled_modules
from extract.version import extractor_version
from warehouse.db import scalar, transaction
from warehouse.holdback import Hold, hold_back

log = logging.getLogger(__name__)
CHUNK = 2000


@dataclass
class ExtractStats:
    articles: int = 0
    events: int = 0
    casualties: int = 0
    version: str = ""
    held_back: int = 0
    held_back_reasons: dict = field(default_factory=dict)
    # a data engineer sees whether the run used the compiled extractor (extract/native.py) or source
    compiled_modules: str = ""

    def as_dict(self) -> dict:
        return {k: (dict(v) if isinstance(v, dict) else v) for k, v in self.__dict__.items()}


COLUMNS = {
    "events": [
        "event_key",
        "article_id",
        "sentence_index",
        "event_type",
        "sub_event_type",
        "trigger_text",
        "event_date",
        "date_precision",
        "date_text",
        "day_offset",
        "place_key",
        "fatalities",
        "no_actor_reason",
        "evidence",
        "evidence_start",
        "evidence_end",
    ],
    "event_actors": ["event_key", "actor_id", "role", "surface"],
    "casualties": [
        "casualty_key",
        "article_id",
        "event_key",
        "outcome",
        "victim_group",
        "victim_actor_id",
        "count_low",
        "count_best",
        "count_high",
        "qualifier",
        "is_breakdown",
        "is_tally",
        "reported_by",
        "is_claim",
        "evidence",
        "evidence_start",
        "evidence_end",
        "sentence",
        "repeats_casualty_key",
        "superseded_by",
    ],
    "places": ["place_key", "name_ar", "in_gazetteer", "first_article_id", "admin1_iso", "example"],
    "article_mentions": ["article_id", "kind", "key", "surface", "start_char"],
    "status": ["article_id", "n_sentences", "n_events", "n_casualties"],
}


def rows_of(r: ArticleExtraction) -> dict[str, list[tuple]]:
    """One article's extraction as plain row tuples per table: cheap to send back from a worker
    process (no dataclasses to pickle) and ready to become DataFrames."""
    ev, ea, ca, me = [], [], [], []
    for e in r.events:
        ev.append(
            (
                e.key,
                r.article_id,
                e.sentence_index,
                e.event_type,
                e.sub_event_type,
                e.trigger_text,
                e.event_date,
                e.date_precision,
                e.date_text,
                e.day_offset,
                e.place_key,
                e.fatalities,
                e.no_actor_reason,
                e.evidence,
                e.evidence_start,
                e.evidence_end,
            )
        )
        seen = set()
        for actor_id, role, surface in e.actors:
            if (actor_id, role) not in seen:
                seen.add((actor_id, role))
                ea.append((e.key, actor_id, role, surface))
    for c in r.casualties:
        f = c.figure
        ca.append(
            (
                c.key,
                r.article_id,
                c.event_key,
                f.outcome,
                f.victim_group,
                f.victim_actor_id,
                f.count_low,
                f.count_best,
                f.count_high,
                f.qualifier,
                f.is_breakdown,
                f.is_tally,
                f.reported_by,
                f.is_claim,
                c.evidence,
                c.evidence_start,
                c.evidence_end,
                c.sentence,
                c.repeats_key,
                c.superseded_by,
            )
        )
    seen_m = set()
    for kind, key, surface, start in r.mentions:
        if (kind, key, start) not in seen_m:
            seen_m.add((kind, key, start))
            me.append((r.article_id, kind, key, surface, start))
    gazetteer = places()
    return {
        "events": ev,
        "event_actors": ea,
        "casualties": ca,
        "article_mentions": me,
        "places": [
            (key, name, key in gazetteer, r.article_id, *r.unknown_places.get(key, (None, None)))
            for key, name in r.places.items()
        ],
        "status": [(r.article_id, r.n_sentences, len(r.events), len(r.casualties))],
    }


# Counts are stored as BIGINT; the gate's ceiling (expectations.suites.MAX_SANE_COUNT) is far below.
_INT64_MAX = 2**63 - 1


def _at(table: str, column: str) -> int:
    return COLUMNS[table].index(column)


def screen(rows: dict[str, list[tuple]]) -> str | None:
    """The first invariant one article's rows break, or None: keys unique and present, counts whole
    numbers that fit the column and are ordered, evidence present. The dbt source tests and the
    marts rely on these; an article that breaks one is held back instead of failing the batch."""
    for table, key_of in (
        ("events", lambda t: t[0]),
        ("casualties", lambda t: t[0]),
        ("event_actors", lambda t: t[:3]),
    ):
        keys = [key_of(t) for t in rows[table]]
        if any(k is None or k == "" for k in keys):
            return f"invariant:{table}_key_missing"
        if len(set(keys)) != len(keys):
            return f"invariant:{table}_key_unique"
    counts_at = [_at("casualties", c) for c in ("count_low", "count_best", "count_high")]
    evidence_at = _at("casualties", "evidence")
    for t in rows["casualties"]:
        low, best, high = (t[i] for i in counts_at)
        counts = [c for c in (low, best, high) if c is not None]
        if any(not isinstance(c, int) or c < 0 or c > _INT64_MAX for c in counts):
            return f"invariant:casualty_count_out_of_range {(low, best, high)!r} in «{t[evidence_at][:200]}»"
        if (low is not None and best is not None and low > best) or (
            best is not None and high is not None and best > high
        ):
            return f"invariant:casualty_counts_ordered {(low, best, high)!r} in «{t[evidence_at][:200]}»"
    fatalities_at = _at("events", "fatalities")
    for t in rows["events"]:
        f = t[fatalities_at]
        if f is not None and (not isinstance(f, int) or not 0 <= f <= _INT64_MAX):
            return f"invariant:event_fatalities_out_of_range {f!r}"
    return None


def _extract_rows(args: tuple[str, str, date | None]) -> dict[str, list[tuple]]:
    """One article's rows, or {"held": (reason, detail)} when the extractor raised on it or its rows
    break an invariant: one article never stops its chunk."""
    try:
        rows = rows_of(extract_article(*args))
    except Exception as exc:  # noqa: BLE001 - any fault of one article's content is that article's
        return {"held": ("extractor_error", f"{type(exc).__name__}: {exc}"[:2000])}
    problem = screen(rows)
    if problem:
        reason, _, detail = problem.partition(" ")
        return {"held": (reason, detail or reason)}
    return rows


# Arrow types of the columns that are not strings; the insert casts to the table's own types (as it
# did from pandas), so a value the table refuses still fails the chunk and isolates the article.
_ARROW_TYPES = {
    "sentence_index": pa.int64(),
    "event_date": pa.date32(),
    "day_offset": pa.int64(),
    "fatalities": pa.int64(),
    "evidence_start": pa.int64(),
    "evidence_end": pa.int64(),
    "count_low": pa.int64(),
    "count_best": pa.int64(),
    "count_high": pa.int64(),
    "is_breakdown": pa.bool_(),
    "is_tally": pa.bool_(),
    "is_claim": pa.bool_(),
    "in_gazetteer": pa.bool_(),
    "start_char": pa.int64(),
    "n_sentences": pa.int64(),
    "n_events": pa.int64(),
    "n_casualties": pa.int64(),
}


def _as_dates(values) -> list:
    """Dates as the extractor gives them, or as ISO text when the rows came through a mapped
    task's JSON staging (warehouse/mapped_extract.py)."""
    return [datetime.fromisoformat(v).date() if isinstance(v, str) else v for v in values]


def _frames(rows: list[dict[str, list[tuple]]], batch_id: str) -> dict[str, pa.Table]:
    """One chunk's rows as Arrow tables, column by column from the tuples: several times cheaper
    than pandas' object arrays, and DuckDB scans Arrow without a conversion."""
    frames = {}
    for name, cols in COLUMNS.items():
        table = [t for r in rows for t in r[name]]
        if name == "places":  # a place keeps the first article that named it
            table = list({t[0]: t for t in reversed(table)}.values())
        columns = list(zip(*table)) if table else [()] * len(cols)
        arrays = {
            c: pa.array(_as_dates(v) if c == "event_date" else v, _ARROW_TYPES.get(c, pa.string()))
            for c, v in zip(cols, columns)
        }
        if name != "status":
            arrays["batch_id"] = pa.array([batch_id] * len(table), pa.string())
        frames[name] = pa.table(arrays)
    return frames


def _store(
    con: duckdb.DuckDBPyConnection, ids: list[str], rows: list[dict[str, list[tuple]]], batch_id: str, version: str
) -> None:
    frames = _frames(rows, batch_id)
    status = frames.pop("status")
    now = datetime.now(UTC).replace(tzinfo=None)
    id_frame = pa.table({"article_id": pa.array(ids, pa.string())})
    with transaction(con):
        con.register("chunk_ids", id_frame)
        # Rows of an article exist only beside its status row (one transaction writes them, holding
        # back deletes both), so a chunk of never-extracted articles has nothing to delete: skipping
        # the deletes spares a scan of every extracted table per chunk, which grows with the warehouse.
        if scalar(con, "select count(*) from chunk_ids join extracted.article_status using (article_id)"):
            con.execute(
                "delete from extracted.event_actors where event_key in "
                "(select event_key from extracted.events where article_id in (select article_id from chunk_ids))"
            )
            for table in ("events", "casualties", "article_mentions", "article_status"):
                con.execute(f"delete from extracted.{table} where article_id in (select article_id from chunk_ids)")
        for name, df in frames.items():
            con.register(f"new_{name}", df)
            if name == "places":  # a place keeps the first article that named it
                con.execute(f"insert into extracted.{name} by name select * from new_{name} on conflict do nothing")
            else:
                # by name: a column added to a table of an existing warehouse sits after batch_id
                con.execute(f"insert into extracted.{name} by name select * from new_{name}")
            con.unregister(f"new_{name}")
        con.register("new_status", status)
        con.execute(
            "insert into extracted.article_status (article_id, extractor_version, batch_id, n_sentences, "
            "n_events, n_casualties, extracted_at, held_back) select article_id, ?, ?, n_sentences, n_events, "
            "n_casualties, ?, false from new_status",
            [version, batch_id, now],
        )
        con.unregister("new_status")
        con.unregister("chunk_ids")


# what building and inserting one article's rows can raise when the database refuses them
_REFUSED = (duckdb.Error, ValueError, TypeError, OverflowError)


def _store_isolating(
    con: duckdb.DuckDBPyConnection, good: list[tuple[str, dict]], batch_id: str, version: str
) -> list[Hold]:
    """Stores a chunk in one transaction; if that fails, each article alone, so an article whose rows
    the database refuses is held back and the others are stored (its rows are emptied in `good`)."""
    if not good:
        return []
    try:
        _store(con, [a for a, _ in good], [r for _, r in good], batch_id, version)
        return []
    except _REFUSED as exc:
        log.warning("chunk refused (%s); storing its %d articles one by one", exc, len(good))
    holds = []
    for article_id, r in good:
        try:
            _store(con, [article_id], [r], batch_id, version)
        except _REFUSED as exc:
            holds.append(Hold(article_id, "store_error", f"{type(exc).__name__}: {exc}"[:2000]))
            r["status"] = []
            r["events"] = r["casualties"] = []
    return holds


def pending_ids(con: duckdb.DuckDBPyConnection, version: str) -> list[str]:
    """The articles never extracted or extracted by another extractor version, sorted: the same
    pending set always cuts into the same batches."""
    return [
        r[0]
        for r in con.execute(
            """
        select a.article_id
        from raw.articles a left join extracted.article_status s using (article_id)
        where s.article_id is null or s.extractor_version <> ?
        order by a.article_id
        """,
            [version],
        ).fetchall()
    ]


def bodies(con: duckdb.DuckDBPyConnection, ids: list[str]) -> list[tuple[str, str, date | None]]:
    """(article_id, body, publication date) of the given articles, in article_id order."""
    con.register("chunk_wanted", pd.DataFrame({"article_id": ids}))
    rows = con.execute(
        "select a.article_id, a.body, cast(a.published_at as date) from raw.articles a "
        "join chunk_wanted using (article_id) order by a.article_id"
    ).fetchall()
    con.unregister("chunk_wanted")
    return rows


def _chunks(con: duckdb.DuckDBPyConnection, ids: list[str]):
    """The pending articles' bodies, a bounded chunk at a time."""
    for i in range(0, len(ids), CHUNK):
        yield bodies(con, ids[i : i + CHUNK])


def extract_rows(articles: list[tuple[str, str, date | None]], workers: int = 1) -> list[dict[str, list[tuple]]]:
    """Each article's rows (or its hold), in order, without touching the warehouse: what a mapped
    extraction task runs on any worker."""
    if not articles:
        return []
    if workers <= 1 or len(articles) < 2 * 64:
        prepare_extractor()
        return list(map(_extract_rows, articles))
    with ProcessPoolExecutor(workers, initializer=prepare_extractor) as pool:
        return list(pool.map(_extract_rows, articles, chunksize=64))


def store_results(
    con: duckdb.DuckDBPyConnection,
    ids: list[str],
    results: list[dict],
    batch_id: str,
    version: str,
    stats: ExtractStats,
) -> None:
    """Stores one chunk's extraction (one transaction, or one per article when refused) and holds
    back the articles that failed; adds the chunk to `stats`."""
    holds = [Hold(a, *r["held"]) for a, r in zip(ids, results) if "held" in r]
    good = [(a, r) for a, r in zip(ids, results) if "held" not in r]
    holds += _store_isolating(con, good, batch_id, version)
    hold_back(con, holds, "extract", batch_id, version)
    for h in holds:
        log.warning("article %s held back at extract: %s (%s)", h.article_id, h.reason, h.detail[:300])
        stats.held_back_reasons[h.reason] = stats.held_back_reasons.get(h.reason, 0) + 1
    stored = [r for _, r in good if r["status"]]
    stats.articles += len(ids)
    stats.held_back += len({h.article_id for h in holds})
    stats.events += sum(len(r["events"]) for r in stored)
    stats.casualties += sum(len(r["casualties"]) for r in stored)


def new_stats(version: str) -> ExtractStats:
    return ExtractStats(version=version, compiled_modules=f"{len(compiled_modules())}/{len(MODULES)}")


def extract_pending(con: duckdb.DuckDBPyConnection, batch_id: str, workers: int = 1) -> ExtractStats:
    """Extraction in one process (a pool of `workers` inside it): the benchmarks' and the tests' path;
    the DAG runs the same steps as mapped tasks (warehouse/mapped_extract.py)."""
    version = extractor_version()
    stats = new_stats(version)
    # ids first, bodies a chunk at a time: memory stays flat whatever the corpus size
    ids = pending_ids(con, version)

    def store(chunk: list[tuple], rows) -> None:
        store_results(con, [a[0] for a in chunk], list(rows), batch_id, version, stats)
        log.info("extracted %d/%d articles", stats.articles, len(ids))

    if workers <= 1 or len(ids) <= CHUNK:
        if ids:
            prepare_extractor()
        for chunk in _chunks(con, ids):
            store(chunk, map(_extract_rows, chunk))
        return stats
    with ProcessPoolExecutor(workers, initializer=prepare_extractor) as pool:
        # the workers extract the next chunk while this process stores the one before
        in_flight = None
        for chunk in _chunks(con, ids):
            submitted = (chunk, pool.map(_extract_rows, chunk, chunksize=64))
            if in_flight:
                store(*in_flight)
            in_flight = submitted
        if in_flight:
            store(*in_flight)
    return stats


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Lexicons the marts join to (actors, the national gazetteer, event types, reporters, the
    first-level divisions and the data sources to attribute), refreshed from the data files."""
    from extract.gazetteer import gazetteer
    from extract.lexicon import load_csv
    from extract.vocabulary import VOCABULARIES

    tables = {
        name.split(".")[0].split("/")[-1]: pd.DataFrame(list(load_csv(name)))
        for name in (
            "actors.csv",
            "event_types.csv",
            "reporters.csv",
            "admin1.csv",
            "gazetteer/sources.csv",
            *(f"{v}.csv" for v in VOCABULARIES),
        )
    }
    tables["places"] = pd.DataFrame(list(gazetteer().values()))
    tables["data_sources"] = tables.pop("sources")
    with transaction(con):
        for table, df in tables.items():
            con.register("ref_df", df)
            con.execute(f"create or replace table reference.{table} as select * from ref_df")
            con.unregister("ref_df")
    assert scalar(con, "select count(*) from reference.actors") > 0
