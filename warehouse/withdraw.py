"""An operator's way out of a blocked gate: move one article from raw into quarantine (reason
`withdrawn`), with its extracted rows, in one transaction. The next run rebuilds the marts without it."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

from extract.keys import content_hash
from warehouse.db import transaction


def withdraw(con: duckdb.DuckDBPyConnection, article_id: str, why: str) -> None:
    row = con.execute(
        "select file_sha256, position_in_file, body from raw.articles where article_id = ?", [article_id]
    ).fetchall()
    if not row:
        raise KeyError(f"no article {article_id} in raw.articles")
    file_sha, position, body = row[0]
    path = con.execute("select path from raw.files where file_sha256 = ?", [file_sha]).fetchall()
    now = datetime.now(UTC).replace(tzinfo=None)
    with transaction(con):
        con.execute(
            "insert into raw.quarantine (quarantine_id, file_sha256, path, position, reason, detail, payload, "
            "batch_id, quarantined_at, stage, article_id) "
            "values (?, ?, ?, ?, 'withdrawn', ?, ?, 'operator', ?, 'operator', ?) on conflict do nothing",
            [
                content_hash(file_sha, str(position), "withdrawn", article_id),
                file_sha,
                path[0][0] if path else "",
                position,
                why,
                body[:2000],
                now,
                article_id,
            ],
        )
        con.execute(
            "delete from extracted.event_actors where event_key in "
            "(select event_key from extracted.events where article_id = ?)",
            [article_id],
        )
        for table in ("events", "casualties", "article_mentions", "article_status"):
            con.execute(f"delete from extracted.{table} where article_id = ?", [article_id])
        con.execute("delete from raw.articles where article_id = ?", [article_id])
