"""Holding back single articles so the rest of a batch publishes.

An article is held back when the extractor raised on it, when its rows break an invariant the marts
rely on, or when a gate expectation names it. Holding keeps the article in raw.articles (nothing
good is lost), removes its extracted rows, marks its extraction `held_back` (so the marts leave it
out and the same extractor version does not try it again) and writes raw.quarantine rows saying
at which stage and why. A new extractor version tries it again; `release` tries it again now, and
for a gate hold also accepts that check for it (an operator who read the sentence and found the
figure right)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb
import pandas as pd

from extract.keys import content_hash
from warehouse.db import transaction


@dataclass(frozen=True)
class Hold:
    article_id: str
    reason: str  # the failed check: an expectation, `extractor_error`, `invariant:<name>`
    detail: str  # what was found, with the offending value or sentence


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def hold_back(con: duckdb.DuckDBPyConnection, holds: list[Hold], stage: str, batch_id: str, version: str) -> int:
    """Holds the articles back in one transaction; returns how many distinct articles."""
    if not holds:
        return 0
    now = _now()
    df = pd.DataFrame(
        {
            "quarantine_id": [content_hash("held", h.article_id, stage, h.reason, batch_id) for h in holds],
            "article_id": [h.article_id for h in holds],
            "reason": [h.reason for h in holds],
            "detail": [h.detail[:2000] for h in holds],
        }
    ).drop_duplicates("quarantine_id")
    with transaction(con):
        con.register("held_rows", df)
        con.execute("create or replace temp table held_ids as select distinct article_id from held_rows")
        _delete_extracted(con, "held_ids")
        con.execute("delete from extracted.article_status where article_id in (select article_id from held_ids)")
        con.execute(
            """
            insert into extracted.article_status
                (article_id, extractor_version, batch_id, n_sentences, n_events, n_casualties, extracted_at, held_back)
            select article_id, ?, ?, 0, 0, 0, ?, true from held_ids""",
            [version, batch_id, now],
        )
        con.execute(
            """
            insert into raw.quarantine (quarantine_id, file_sha256, path, position, reason, detail, payload, batch_id,
                                        quarantined_at, stage, article_id, extractor_version)
            select h.quarantine_id, a.file_sha256, coalesce(f.path, a.source), a.position_in_file, h.reason, h.detail,
                   left(a.body, 2000), ?, ?, ?, h.article_id, ?
            from held_rows h
            join raw.articles a using (article_id)
            left join raw.files f using (file_sha256)
            on conflict do nothing""",
            [batch_id, now, stage, version],
        )
        n = con.execute("select count(*) from held_ids").fetchall()[0][0]
        con.unregister("held_rows")
    return n


def _delete_extracted(con: duckdb.DuckDBPyConnection, ids_table: str) -> None:
    con.execute(
        "delete from extracted.event_actors where event_key in (select event_key from extracted.events "
        f"where article_id in (select article_id from {ids_table}))"
    )
    for table in ("events", "casualties", "article_mentions"):
        con.execute(f"delete from extracted.{table} where article_id in (select article_id from {ids_table})")


def release(con: duckdb.DuckDBPyConnection, article_id: str, why: str) -> int:
    """Brings a held-back article back: the next run extracts it again (a fixed extractor gives it
    new rows) and the gate no longer holds it for the checks released here. Returns how many holds
    were released."""
    open_holds = con.execute(
        "select count(*) from raw.quarantine where article_id = ? and released_at is null "
        "and stage in ('extract', 'gate')",
        [article_id],
    ).fetchall()[0][0]
    if not open_holds:
        raise KeyError(f"article {article_id} is not held back")
    with transaction(con):
        con.execute(
            "update raw.quarantine set released_at = ?, released_why = ? "
            "where article_id = ? and released_at is null and stage in ('extract', 'gate')",
            [_now(), why, article_id],
        )
        con.execute("delete from extracted.article_status where article_id = ?", [article_id])
    return open_holds


def released_checks(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """(article_id, check) pairs an operator released: the gate accepts them."""
    return set(
        con.execute(
            "select article_id, reason from raw.quarantine where stage = 'gate' and released_at is not null"
        ).fetchall()
    )


def held_articles(con: duckdb.DuckDBPyConnection, batch_id: str | None = None) -> list[dict]:
    """The articles held back now (those one run held, with `batch_id`), with every reason, for the
    report, the ledger and the alert."""
    return [
        dict(zip(("article_id", "stage", "reasons", "detail"), r))
        for r in con.execute(
            """
        select article_id, string_agg(distinct stage, ','), string_agg(distinct reason, '; '),
               left(min(detail), 300)
        from raw.quarantine
        where stage in ('extract', 'gate') and released_at is null and ($batch is null or batch_id = $batch)
          and article_id in (select article_id from extracted.article_status where held_back)
        group by article_id order by article_id""",
            {"batch": batch_id},
        ).fetchall()
    ]
