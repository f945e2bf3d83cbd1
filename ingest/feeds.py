"""RSS/Atom sources: the feed (feedparser) and the article pages it links (trafilatura for the main
text), fetched incrementally: conditional GETs with ETag/Last-Modified, entries already loaded are
skipped, and an entry whose text changed upstream becomes a new version (a new article row).

One transaction per source; a source that fails is marked failed and the others still load; every
refusal is a quarantine row with its reason."""

from __future__ import annotations

import calendar
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

import duckdb
import feedparser
import pandas as pd
import trafilatura

from extract.keys import content_hash
from ingest.db import transaction
from ingest.http import FetchFailed, HttpPolicy, client, fetch
from ingest.readers import MIN_ARABIC_SHARE
from ingest.records import Article, Quarantined, arabic_share, canonical_body
from ingest.sources import Source

log = logging.getLogger(__name__)
_ENTITY_DECL_RE = re.compile(rb"<!ENTITY", re.IGNORECASE)


@dataclass
class SourceStats:
    source: str
    status: str = "ok"
    entries: int = 0
    loaded: int = 0
    new_versions: int = 0
    skipped: int = 0
    quarantined: int = 0
    error: str | None = None


@dataclass
class _Outcome:
    articles: list[tuple[Article, str, str]] = field(default_factory=list)  # article, entry_id, url
    refused: list[tuple[Quarantined, str]] = field(default_factory=list)  # reason, url


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _published(entry) -> datetime | None:
    for key in ("published_parsed", "updated_parsed"):
        t = entry.get(key)
        if t:
            return datetime.fromtimestamp(calendar.timegm(t), tz=UTC).replace(tzinfo=None)
    return None


def _page_text(page, url: str) -> str | Quarantined:
    try:
        html = page.content.decode(page.charset or "utf-8")
    except (UnicodeDecodeError, LookupError) as e:
        return Quarantined(
            "bad_encoding", f"{url}: declared {page.charset or 'utf-8'}, {e}", payload=repr(page.content[:200])
        )
    text = trafilatura.extract(html, favor_recall=True, include_comments=False, include_tables=False)
    if not text or not text.strip():
        return Quarantined("no_main_text", f"{url}: trafilatura found no main text", payload=html[:500])
    share = arabic_share(text)
    if share < MIN_ARABIC_SHARE:
        return Quarantined("not_arabic", f"{url}: Arabic-script share {share:.2f}", payload=text[:500])
    return canonical_body(text)


def _read_feed(source: Source, state: dict, policy: HttpPolicy) -> tuple[str, _Outcome, dict]:
    out = _Outcome()
    headers = {}
    if state.get("etag"):
        headers["If-None-Match"] = state["etag"]
    if state.get("last_modified"):
        headers["If-Modified-Since"] = state["last_modified"]
    with client(policy) as c:
        feed = fetch(c, source.url, policy, headers)
        if feed.status == 304:
            return "not_modified", out, state
        new_state = {"etag": feed.headers.get("etag"), "last_modified": feed.headers.get("last-modified")}
        if _ENTITY_DECL_RE.search(feed.content):
            raise FetchFailed("xml_entities", f"{source.url} declares XML entities")
        parsed = feedparser.parse(feed.content)
        if parsed.bozo:
            problem = Quarantined(
                "malformed_feed",
                f"{source.url}: {parsed.get('bozo_exception')}",
                payload=feed.content[:500].decode("utf-8", "replace"),
            )
            if not parsed.entries:
                raise FetchFailed(problem.reason, problem.detail)
            out.refused.append((problem, source.url))
        for position, entry in enumerate(parsed.entries, start=1):
            link = entry.get("link")
            entry_id = entry.get("id") or link
            if not link or not entry_id:
                out.refused.append((Quarantined("missing_text", "entry has no link", position), source.url))
                continue
            try:
                page = fetch(c, link, policy)
            except FetchFailed as e:
                out.refused.append((Quarantined(e.reason, e.detail, position), link))
                continue
            body = _page_text(page, link)
            if isinstance(body, Quarantined):
                out.refused.append((Quarantined(body.reason, body.detail, position, body.payload), link))
                continue
            out.articles.append(
                (
                    Article(
                        source=source.name,
                        body=body,
                        position=position,
                        url=link,
                        title=entry.get("title"),
                        published_at=_published(entry),
                        external_id=entry_id,
                    ),
                    entry_id,
                    link,
                )
            )
    return "ok", out, new_state


def load_feed(
    con: duckdb.DuckDBPyConnection, source: Source, batch_id: str, policy: HttpPolicy | None = None
) -> SourceStats:
    policy = policy or HttpPolicy()
    stats = SourceStats(source.name)
    row = con.execute("select etag, last_modified from raw.source_state where source = ?", [source.name]).fetchall()
    state = {"etag": row[0][0], "last_modified": row[0][1]} if row else {}
    now = _now()
    try:
        status, outcome, new_state = _read_feed(source, state, policy)
    except FetchFailed as e:
        stats.status, stats.error, stats.quarantined = "failed", e.detail, 1
        with transaction(con):
            _quarantine(con, source, [(Quarantined(e.reason, e.detail), source.url)], batch_id, now)
            _save_state(con, source, state, "failed", e.detail, 0, now)
        log.error("source %s failed: %s", source.name, e)
        return stats
    stats.status = status
    with transaction(con):
        for article, entry_id, url in outcome.articles:
            stats.entries += 1
            versions = con.execute(
                "select version, content_hash from raw.source_entries where source = ? and entry_id = ? "
                "order by version desc limit 1",
                [source.name, entry_id],
            ).fetchall()
            digest = content_hash(article.body)
            if versions and versions[0][1] == digest:
                stats.skipped += 1
                continue
            version = versions[0][0] + 1 if versions else 1
            inserted = con.execute(
                "insert into raw.articles values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " on conflict do nothing returning 1",
                [
                    article.article_id,
                    article.source,
                    article.url,
                    article.external_id,
                    article.published_at,
                    article.title,
                    article.body,
                    article.paragraph_count,
                    f"feed:{source.name}",
                    article.position,
                    batch_id,
                    now,
                ],
            ).fetchall()
            con.execute(
                "insert into raw.source_entries values (?, ?, ?, ?, ?, ?, ?, ?)",
                [source.name, entry_id, version, digest, article.article_id, url, batch_id, now],
            )
            stats.loaded += len(inserted)
            stats.new_versions += int(version > 1)
        _quarantine(con, source, outcome.refused, batch_id, now)
        stats.quarantined = len(outcome.refused)
        _save_state(con, source, new_state, status, None, stats.entries, now)
    return stats


def _quarantine(con, source: Source, refused: list[tuple[Quarantined, str]], batch_id: str, now: datetime) -> None:
    if not refused:
        return
    df = pd.DataFrame(
        {
            "quarantine_id": [content_hash("feed", source.name, url, q.reason, batch_id) for q, url in refused],
            "file_sha256": f"feed:{source.name}",
            "path": [url for _, url in refused],
            "position": pd.Series([q.position for q, _ in refused], dtype="Int32"),
            "reason": [q.reason for q, _ in refused],
            "detail": [q.detail for q, _ in refused],
            "payload": [q.payload[:2000] for q, _ in refused],
        }
    )
    con.register("feed_refused", df)
    con.execute(
        "insert into raw.quarantine (quarantine_id, file_sha256, path, position, reason, detail, payload, "
        "batch_id, quarantined_at, stage) select quarantine_id, file_sha256, path, position, reason, detail, "
        "payload, ?, ?, 'ingest' from feed_refused on conflict do nothing",
        [batch_id, now],
    )
    con.unregister("feed_refused")


def _save_state(con, source: Source, state: dict, status: str, error: str | None, entries: int, now: datetime) -> None:
    con.execute(
        """insert into raw.source_state values (?, ?, ?, ?, ?, ?, ?)
           on conflict (source) do update set etag = excluded.etag, last_modified = excluded.last_modified,
               last_fetch_at = excluded.last_fetch_at, last_status = excluded.last_status,
               last_error = excluded.last_error, entries_seen = excluded.entries_seen""",
        [source.name, state.get("etag"), state.get("last_modified"), now, status, error, entries],
    )
