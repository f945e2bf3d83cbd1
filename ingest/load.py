"""Loads new landing-folder files into raw.* in one transaction per file.

Files are keyed by content hash and articles by body hash, so a file or article already loaded is
skipped and a rerun of the same inputs changes nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from extract.keys import content_hash
from ingest.db import scalar, transaction
from ingest.readers import READERS, file_date, read_file
from ingest.records import Article, Quarantined

log = logging.getLogger(__name__)


@dataclass
class InputFile:
    path: Path
    sha256: str
    size_bytes: int


@dataclass
class LoadStats:
    files_seen: int = 0
    files_new: int = 0
    articles_seen: int = 0
    articles_loaded: int = 0
    articles_skipped: int = 0
    quarantined: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def discover(con: duckdb.DuckDBPyConnection, inbox: Path) -> tuple[list[InputFile], int]:
    """Files in the inbox not loaded before (by content hash), and how many files were seen."""
    if not inbox.is_dir():
        raise FileNotFoundError(f"CONFLICT_INBOX {inbox} is not a directory")
    candidates = sorted(p for p in inbox.rglob("*") if p.is_file() and not p.name.startswith("."))
    known = {r[0] for r in con.execute("select file_sha256 from raw.files").fetchall()}
    new = []
    for p in candidates:
        sha = _sha256(p)
        if sha not in known:
            new.append(InputFile(p, sha, p.stat().st_size))
            known.add(sha)  # the same content twice in one inbox loads once
    return new, len(candidates)


def _quarantine_file(quarantine_dir: Path, f: InputFile, items: list[Quarantined], whole_file: bool) -> None:
    """Keeps a copy of what was refused and why, beside the table, for people who read files."""
    quarantine_dir.mkdir(parents=True, exist_ok=True)
    stem = f"{f.path.name}.{f.sha256[:12]}"
    with open(quarantine_dir / f"{stem}.reasons.jsonl", "w", encoding="utf-8") as fh:
        for q in items:
            fh.write(
                json.dumps(
                    {
                        "file": str(f.path),
                        "position": q.position,
                        "reason": q.reason,
                        "detail": q.detail,
                        "payload": q.payload,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
    if whole_file:
        shutil.copyfile(f.path, quarantine_dir / stem)


def load_file(
    con: duckdb.DuckDBPyConnection,
    f: InputFile,
    batch_id: str,
    quarantine_dir: Path,
    stats: LoadStats,
    data: bytes | None = None,
    parsed: tuple[str, str | None, list] | None = None,
) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    if parsed is None:
        parsed = parse_file(f.path, f.path.read_bytes() if data is None else data)
    kind, encoding, items = parsed
    articles = [i for i in items if isinstance(i, Article)]
    refused = [i for i in items if isinstance(i, Quarantined)]

    # Arrow columns, not pandas: DuckDB scans them without a conversion, and building them from
    # Python lists is several times cheaper than pandas' string arrays
    art_df = pa.table(
        {
            "article_id": pa.array([a.article_id for a in articles], pa.string()),
            "source": pa.array([a.source for a in articles], pa.string()),
            "url": pa.array([a.url for a in articles], pa.string()),
            "external_id": pa.array([a.external_id for a in articles], pa.string()),
            "published_at": pa.array([a.published_at for a in articles], pa.timestamp("us")),
            "title": pa.array([a.title for a in articles], pa.string()),
            "body": pa.array([a.body for a in articles], pa.string()),
            "paragraph_count": pa.array([a.paragraph_count for a in articles], pa.int32()),
            "file_sha256": pa.array([f.sha256] * len(articles), pa.string()),
            "position_in_file": pa.array([a.position for a in articles], pa.int32()),
        }
    )
    q_df = pa.table(
        {
            "quarantine_id": pa.array(
                [content_hash(f.sha256, str(q.position), q.reason) for q in refused], pa.string()
            ),
            "position": pa.array([q.position for q in refused], pa.int32()),
            "reason": pa.array([q.reason for q in refused], pa.string()),
            "detail": pa.array([q.detail for q in refused], pa.string()),
            "payload": pa.array([q.payload[:2000] for q in refused], pa.string()),
        }
    )
    with transaction(con):
        before = scalar(con, "select count(*) from raw.articles")
        con.register("new_articles", art_df)
        con.execute(
            """
            insert into raw.articles
            select article_id, source, url, external_id, published_at, title, body, paragraph_count,
                   file_sha256, position_in_file, ?, ?
            from (select *, row_number() over (partition by article_id order by position_in_file) as rn
                  from new_articles) where rn = 1
            on conflict do nothing
            """,
            [batch_id, now],
        )
        loaded = scalar(con, "select count(*) from raw.articles") - before
        con.register("new_quarantine", q_df)
        con.execute(
            """
            insert into raw.quarantine (quarantine_id, file_sha256, path, position, reason, detail, payload,
                                        batch_id, quarantined_at, stage)
            select quarantine_id, ?, ?, position, reason, detail, payload, ?, ?, 'ingest' from new_quarantine
            on conflict do nothing
            """,
            [f.sha256, str(f.path), batch_id, now],
        )
        con.execute(
            "insert into raw.files values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                f.sha256,
                str(f.path),
                kind,
                f.size_bytes,
                file_date(f.path),
                len(articles),
                loaded,
                len(refused),
                batch_id,
                now,
                encoding,
            ],
        )
        con.unregister("new_articles")
        con.unregister("new_quarantine")
    if refused:
        _quarantine_file(quarantine_dir, f, refused, whole_file=not articles)
    stats.articles_seen += len(articles)
    stats.articles_loaded += loaded
    stats.articles_skipped += len(articles) - loaded
    stats.quarantined += len(refused)
    for q in refused:
        stats.reasons[q.reason] = stats.reasons.get(q.reason, 0) + 1
    log.info("%s: %d articles, %d new, %d quarantined", f.path.name, len(articles), loaded, len(refused))


def parse_file(path: Path, data: bytes) -> tuple[str, str | None, list[Article | Quarantined]]:
    """The file's kind, encoding and articles or refusals (what load_file stores)."""
    if path.suffix.lower() not in READERS:
        return "unsupported", None, [Quarantined("unsupported_type", f"suffix {path.suffix!r}")]
    kind, encoding, items = read_file(path, data)
    return kind, encoding, list(items)


def _read_and_parse(f: InputFile) -> tuple[str, str | None, list] | None:
    """A file's parse, or None when it changed or vanished since discovery (its hash differs)."""
    data = f.path.read_bytes() if f.path.exists() else None
    if data is None or hashlib.sha256(data).hexdigest() != f.sha256:
        return None
    return parse_file(f.path, data)


# Parsing (decoding, JSON, canonical bodies, hashes, Arabic shares) is the Python part of a load, a
# file at a time: worker processes parse the next files while this one appends. Below this much
# input a pool costs more than it saves.
PARALLEL_MIN_BYTES = 16 << 20


def ingest_workers() -> int:
    return max(1, int(os.environ.get("CONFLICT_INGEST_WORKERS", str(min(2, os.cpu_count() or 1)))))


def _parsed(files: list[InputFile], workers: int):
    """(file, its parse or None), in the files' order; a few files ahead at most, so memory stays
    at a few files' articles however many there are."""
    if workers <= 1 or len(files) < 2 or sum(f.size_bytes for f in files) < PARALLEL_MIN_BYTES:
        yield from ((f, _read_and_parse(f)) for f in files)
        return
    with ProcessPoolExecutor(workers) as pool:
        ahead = [pool.submit(_read_and_parse, f) for f in files[: workers + 1]]
        for i, f in enumerate(files):
            result = ahead.pop(0).result()
            if i + workers + 1 < len(files):
                ahead.append(pool.submit(_read_and_parse, files[i + workers + 1]))
            yield f, result


def load_files(
    con: duckdb.DuckDBPyConnection,
    files: list[InputFile],
    batch_id: str,
    quarantine_dir: Path,
    files_seen: int | None = None,
    on_committed=None,
) -> LoadStats:
    """Loads each file in its own transaction, in order (parsed ahead by worker processes, appended
    here: one writer); `on_committed(file)` is called after each commit."""
    stats = LoadStats(files_seen=len(files) if files_seen is None else files_seen, files_new=0)
    known = {r[0] for r in con.execute("select file_sha256 from raw.files").fetchall()}
    for f, parsed in _parsed(files, ingest_workers()):
        if parsed is None:
            log.warning("%s changed or vanished since discovery; the next run picks it up", f.path)
            continue
        if f.sha256 in known:  # loaded by a run that finished in between
            continue
        stats.files_new += 1
        load_file(con, f, batch_id, quarantine_dir, stats, parsed=parsed)
        known.add(f.sha256)
        if on_committed:
            on_committed(f)
    return stats


def load_inbox(
    con: duckdb.DuckDBPyConnection, inbox: Path, batch_id: str, quarantine_dir: Path, on_committed=None
) -> LoadStats:
    new_files, seen = discover(con, inbox)
    return load_files(con, new_files, batch_id, quarantine_dir, files_seen=seen, on_committed=on_committed)
