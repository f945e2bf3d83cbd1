"""Runs the Arabic extractor over articles that need it and stores its rows in extracted.*.

An article needs extraction when it has never been extracted or was extracted by another
extractor version. Work goes in bounded chunks, each replaced in one transaction, so a killed run
leaves every article either fully old or fully new and a rerun converges.
"""
from __future__ import annotations

import logging
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timezone

import duckdb
import pandas as pd

from extract.article import ArticleExtraction, extract_article
from extract.entities import places
from extract.version import extractor_version
from warehouse.db import scalar, transaction

log = logging.getLogger(__name__)
CHUNK = 2000


@dataclass
class ExtractStats:
    articles: int = 0
    events: int = 0
    casualties: int = 0
    version: str = ""

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _extract_one(args: tuple[str, str, date | None]) -> ArticleExtraction:
    return extract_article(*args)


def _frames(results: list[ArticleExtraction], batch_id: str) -> dict[str, pd.DataFrame]:
    ev, ea, ca, pl, me = [], [], [], {}, []
    for r in results:
        for e in r.events:
            ev.append((e.key, r.article_id, e.sentence_index, e.event_type, e.sub_event_type, e.trigger_text,
                       e.event_date, e.date_precision, e.date_text, e.place_key, e.fatalities, e.no_actor_reason,
                       e.evidence, e.evidence_start, e.evidence_end, batch_id))
            seen = set()
            for actor_id, role, surface in e.actors:
                if (actor_id, role) not in seen:
                    seen.add((actor_id, role))
                    ea.append((e.key, actor_id, role, surface, batch_id))
        for c in r.casualties:
            f = c.figure
            ca.append((c.key, r.article_id, c.event_key, f.outcome, f.victim_group, f.victim_actor_id, f.count_low,
                       f.count_best, f.count_high, f.qualifier, f.is_breakdown, f.is_tally, f.reported_by,
                       f.is_claim, c.evidence, c.evidence_start, c.evidence_end, c.sentence, batch_id))
        for key, name in r.places.items():
            pl.setdefault(key, (key, name, key in places(), r.article_id, batch_id))
        seen_m = set()
        for kind, key, surface, start in r.mentions:
            if (kind, key, start) not in seen_m:
                seen_m.add((kind, key, start))
                me.append((r.article_id, kind, key, surface, start, batch_id))
    cols = {
        "events": ["event_key", "article_id", "sentence_index", "event_type", "sub_event_type", "trigger_text",
                   "event_date", "date_precision", "date_text", "place_key", "fatalities", "no_actor_reason",
                   "evidence", "evidence_start", "evidence_end", "batch_id"],
        "event_actors": ["event_key", "actor_id", "role", "surface", "batch_id"],
        "casualties": ["casualty_key", "article_id", "event_key", "outcome", "victim_group", "victim_actor_id",
                       "count_low", "count_best", "count_high", "qualifier", "is_breakdown", "is_tally",
                       "reported_by", "is_claim", "evidence", "evidence_start", "evidence_end", "sentence",
                       "batch_id"],
        "places": ["place_key", "name_ar", "in_gazetteer", "first_article_id", "batch_id"],
        "article_mentions": ["article_id", "kind", "key", "surface", "start_char", "batch_id"],
    }
    data = {"events": ev, "event_actors": ea, "casualties": ca, "places": list(pl.values()), "article_mentions": me}
    frames = {name: pd.DataFrame(data[name], columns=cols[name]) for name in cols}
    for name in ("events", "casualties"):
        df = frames[name]
        for c in ("fatalities", "count_low", "count_best", "count_high"):
            if c in df:
                df[c] = df[c].astype("Int64")
    frames["events"]["event_date"] = pd.to_datetime(frames["events"]["event_date"]).astype("datetime64[s]")
    return frames


def _store(con: duckdb.DuckDBPyConnection, ids: list[str], results: list[ArticleExtraction], batch_id: str,
           version: str) -> None:
    frames = _frames(results, batch_id)
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    status = pd.DataFrame({
        "article_id": [r.article_id for r in results],
        "n_sentences": [r.n_sentences for r in results],
        "n_events": [len(r.events) for r in results],
        "n_casualties": [len(r.casualties) for r in results],
    })
    id_frame = pd.DataFrame({"article_id": ids})
    with transaction(con):
        con.register("chunk_ids", id_frame)
        con.execute("delete from extracted.event_actors where event_key in "
                    "(select event_key from extracted.events where article_id in (select article_id from chunk_ids))")
        for table in ("events", "casualties", "article_mentions", "article_status"):
            con.execute(f"delete from extracted.{table} where article_id in (select article_id from chunk_ids)")
        for name, df in frames.items():
            con.register(f"new_{name}", df)
            if name == "places":  # a place keeps the first article that named it
                con.execute("insert into extracted.places select * from new_places on conflict do nothing")
            elif name == "event_actors":
                con.execute("insert into extracted.event_actors select * from new_event_actors on conflict do nothing")
            else:
                con.execute(f"insert into extracted.{name} select * from new_{name}")
            con.unregister(f"new_{name}")
        con.register("new_status", status)
        con.execute("insert into extracted.article_status select article_id, ?, ?, n_sentences, n_events, "
                    "n_casualties, ? from new_status", [version, batch_id, now])
        con.unregister("new_status")
        con.unregister("chunk_ids")


def extract_pending(con: duckdb.DuckDBPyConnection, batch_id: str, workers: int = 1) -> ExtractStats:
    version = extractor_version()
    stats = ExtractStats(version=version)
    # ids first, bodies a chunk at a time: memory stays flat whatever the corpus size
    pending_ids = [r[0] for r in con.execute(
        """
        select a.article_id
        from raw.articles a left join extracted.article_status s using (article_id)
        where s.article_id is null or s.extractor_version <> ?
        order by a.article_id
        """,
        [version],
    ).fetchall()]
    pool = ProcessPoolExecutor(workers) if workers > 1 and len(pending_ids) > CHUNK else None
    try:
        for i in range(0, len(pending_ids), CHUNK):
            con.register("chunk_wanted", pd.DataFrame({"article_id": pending_ids[i: i + CHUNK]}))
            chunk = con.execute("select a.article_id, a.body, cast(a.published_at as date) from raw.articles a "
                                "join chunk_wanted using (article_id) order by a.article_id").fetchall()
            con.unregister("chunk_wanted")
            if pool:
                results = list(pool.map(_extract_one, chunk, chunksize=64))
            else:
                results = [_extract_one(a) for a in chunk]
            _store(con, [a[0] for a in chunk], results, batch_id, version)
            stats.articles += len(chunk)
            stats.events += sum(len(r.events) for r in results)
            stats.casualties += sum(len(r.casualties) for r in results)
            log.info("extracted %d/%d articles", stats.articles, len(pending_ids))
    finally:
        if pool:
            pool.shutdown()
    return stats


def load_reference(con: duckdb.DuckDBPyConnection) -> None:
    """Lexicons the marts join to (actors, places, event types), refreshed from the data files."""
    from extract.lexicon import load_csv

    with transaction(con):
        for table, name in (("actors", "actors.csv"), ("places", "places.csv"), ("event_types", "event_types.csv"),
                            ("reporters", "reporters.csv")):
            df = pd.DataFrame(list(load_csv(name)))
            con.register("ref_df", df)
            con.execute(f"create or replace table reference.{table} as select * from ref_df")
            con.unregister("ref_df")
    assert scalar(con, "select count(*) from reference.actors") > 0
