"""What a reader yields: articles ready for raw.articles, and quarantine rows with their reason."""

from __future__ import annotations

import functools
import sys
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from extract.keys import content_hash
from extract.text import ARABIC_LETTER_RE

# The code point ranges of ARABIC_LETTER_RE, for the bulk count (a test checks they agree).
ARABIC_FIRST, ARABIC_SECOND = (0x0621, 0x064A), (0x0671, 0x06D3)

# Reasons are a closed list so the report and the quarantine table can group by them.
REASONS = {
    "bad_encoding": "file is not valid UTF-8",
    "empty_file": "file has no text",
    "unsupported_type": "file type is not .txt or .jsonl",
    "malformed_json": "line is not a JSON object",
    "missing_text": "article has no text",
    "bad_published_at": "published_at is not an ISO 8601 date",
    "published_in_future": "published_at is later than now",
    "not_arabic": "text is mostly not Arabic script",
    "too_long": "article text exceeds the size cap",
    "withdrawn": "withdrawn by an operator after it failed validation",
    "http_error": "the server answered with an error or could not be reached",
    "timeout": "the server did not answer in time, after retries",
    "too_large": "the response exceeds the size cap",
    "redirect_loop": "too many redirects",
    "xml_entities": "the feed declares XML entities (possible entity expansion attack); not parsed",
    "malformed_feed": "the feed is not well-formed XML (entries that parsed were kept)",
    "no_main_text": "no article text could be extracted from the page",
}


def canonical_body(body: str) -> str:
    r"""The form an article id is hashed from: NFC, runs of whitespace made one space, lines stripped,
    blank lines dropped. `" ".join(line.split())` is that per line in C (str.split and the regex `\s`
    both test str.isspace), three times faster than a regex substitution and a strip."""
    body = unicodedata.normalize("NFC", body)
    return "\n".join(filter(None, map(" ".join, map(str.split, body.splitlines()))))


_CHUNK_CHARS = 4_000_000  # code points per numpy pass: ~40 MB of buffers


@functools.cache
def _letter_table() -> np.ndarray:
    """str.isalpha of every code point, looked up in bulk (built once per process, ~0.2 s)."""
    return np.fromiter(map(str.isalpha, map(chr, range(sys.maxunicode + 1))), dtype=bool, count=sys.maxunicode + 1)


def _shares_of_chunk(texts: list[str]) -> list[float]:
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32)
    letters = _letter_table()[codes]
    arabic = ((codes >= ARABIC_FIRST[0]) & (codes <= ARABIC_FIRST[1])) | (
        (codes >= ARABIC_SECOND[0]) & (codes <= ARABIC_SECOND[1])
    )
    ends = np.cumsum([len(t) for t in texts], dtype=np.int64)
    starts = ends - [len(t) for t in texts]

    def in_spans(mask: np.ndarray) -> list[int]:
        # how many marked characters fall in each text's span, by bisecting their positions: a
        # cumulative sum over every character costs ten times more
        at = np.flatnonzero(mask)
        return (np.searchsorted(at, ends) - np.searchsorted(at, starts)).tolist()

    return [a / n if n else 0.0 for a, n in zip(in_spans(arabic), in_spans(letters))]


def arabic_shares(texts: list[str]) -> list[float]:
    """arabic_share of every text, counted over all of them at once (numpy over their code points)."""
    out: list[float] = []
    chunk: list[str] = []
    size = 0
    for t in texts:
        chunk.append(t)
        size += len(t)
        if size >= _CHUNK_CHARS:
            out += _shares_of_chunk(chunk)
            chunk, size = [], 0
    return out + (_shares_of_chunk(chunk) if chunk else [])


def arabic_share(text: str) -> float:
    """Share of letters that are Arabic script (digits, spaces and punctuation do not count): the
    figure of extract.text.arabic_share, counted by C loops (str.isalpha over the text, one regex
    scan; every character of the Arabic range is a letter) instead of a Python test per character."""
    letters = sum(map(str.isalpha, text))
    if not letters:
        return 0.0
    return len(ARABIC_LETTER_RE.findall(text)) / letters


@dataclass(frozen=True)
class Article:
    source: str
    body: str
    position: int
    url: str | None = None
    title: str | None = None
    published_at: datetime | None = None
    external_id: str | None = None

    @property
    def article_id(self) -> str:
        return content_hash(self.body)

    @property
    def paragraph_count(self) -> int:
        return self.body.count("\n") + 1


@dataclass(frozen=True)
class Quarantined:
    reason: str
    detail: str
    position: int | None = None
    payload: str = ""

    def __post_init__(self) -> None:
        if self.reason not in REASONS:
            raise ValueError(f"unknown quarantine reason {self.reason!r}")
