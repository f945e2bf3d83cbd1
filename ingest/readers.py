"""Parses landing-folder files into articles. Bad input becomes Quarantined with a reason; good input
in the same file still loads."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

from extract.segment import segment
from ingest.encoding import Decoded, UndecodableError, decode
from ingest.records import Article, Quarantined, arabic_share, arabic_shares, canonical_body

MIN_ARABIC_SHARE = 0.5
MAX_ARTICLE_CHARS = 200_000
_FILE_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def file_date(path: Path) -> date | None:
    """A full date in the file name (`name_2017-07-27.txt`) is the publication date of its articles."""
    m = _FILE_DATE_RE.search(path.stem)
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def source_name(path: Path) -> str:
    """`shaam_2017-07.txt` -> `shaam`: the file stem without dates or numbering."""
    stem = re.sub(r"[_\-. ]*\d{4}(-\d{2}){0,2}.*$", "", path.stem)
    return stem or path.stem


def _decode(data: bytes) -> Decoded | Quarantined:
    try:
        decoded = decode(data)
    except UndecodableError as exc:
        return Quarantined("bad_encoding", str(exc), payload=repr(data[:200]))
    if not decoded.text.strip():
        return Quarantined("empty_file", "no non-blank line")
    return decoded


def _check_text(body: str, position: int, share: float | None = None) -> Quarantined | None:
    """`share`: the body's arabic_share when the caller counted it in bulk."""
    if not body.strip():
        return Quarantined("missing_text", "text is empty", position)
    if len(body) > MAX_ARTICLE_CHARS:
        return Quarantined("too_long", f"{len(body)} characters", position, body[:500])
    share = arabic_share(body) if share is None else share
    if share < MIN_ARABIC_SHARE:
        return Quarantined("not_arabic", f"Arabic-script share {share:.2f}", position, body[:500])
    return None


def read_paragraph_dump(path: Path, text: str) -> Iterator[Article | Quarantined]:
    published = file_date(path)
    published_at = datetime(published.year, published.month, published.day) if published else None
    source = source_name(path)
    for paragraphs in segment(text.splitlines()):
        body = canonical_body("\n".join(p for _, p in paragraphs))
        position = paragraphs[0][0]
        problem = _check_text(body, position)
        if problem:
            yield problem
            continue
        yield Article(source=source, body=body, position=position, published_at=published_at)


def _parse_published_at(value: object, position: int) -> datetime | None | Quarantined:
    if value in (None, ""):
        return None
    try:
        ts = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return Quarantined("bad_published_at", f"cannot parse {value!r}", position, str(value)[:200])
    if ts.tzinfo is not None:
        ts = ts.astimezone(UTC).replace(tzinfo=None)
    if ts > datetime.now(UTC).replace(tzinfo=None):
        return Quarantined("published_in_future", f"{ts.isoformat()} is in the future", position)
    return ts


def _parse_lines(text: str) -> Iterator[Quarantined | tuple[int, dict, str]]:
    """Each non-blank line as (position, object, canonical body), or why it cannot be an article."""
    for position, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Quarantined("malformed_json", exc.msg, position, line[:500])
            continue
        if not isinstance(obj, dict):
            yield Quarantined("malformed_json", f"expected an object, got {type(obj).__name__}", position, line[:500])
            continue
        body = obj.get("text")
        if not isinstance(body, str) or not body.strip():
            yield Quarantined("missing_text", "field `text` is missing or empty", position, line[:500])
            continue
        yield position, obj, canonical_body(body)


def read_jsonl(path: Path, text: str) -> Iterator[Article | Quarantined]:
    default_source = source_name(path)
    lines = list(_parse_lines(text))
    shares = iter(arabic_shares([line[2] for line in lines if not isinstance(line, Quarantined)]))
    for line in lines:
        if isinstance(line, Quarantined):
            yield line
            continue
        position, obj, body = line
        problem = _check_text(body, position, next(shares))
        if problem:
            yield problem
            continue
        published_at = _parse_published_at(obj.get("published_at"), position)
        if isinstance(published_at, Quarantined):
            yield published_at
            continue
        yield Article(
            source=str(obj.get("source") or default_source),
            body=body,
            position=position,
            url=obj.get("url") or None,
            title=obj.get("title") or None,
            published_at=published_at,
            external_id=str(obj["id"]) if obj.get("id") is not None else None,
        )


READERS = {".txt": ("paragraph_dump", read_paragraph_dump), ".jsonl": ("jsonl", read_jsonl)}


def read_file(path: Path, data: bytes) -> tuple[str, str | None, Iterator[Article | Quarantined]]:
    """The file's kind, the encoding its bytes were read in (None when none reads them as Arabic
    text) and its articles or refusals."""
    kind, reader = READERS[path.suffix.lower()]
    decoded = _decode(data)
    if isinstance(decoded, Quarantined):
        return kind, None, iter([decoded])
    return kind, decoded.encoding, reader(path, decoded.text)
