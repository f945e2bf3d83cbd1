"""Near-duplicate paragraphs across articles (wire copies, an outlet repeating itself), found with
datasketch's MinHash and stored as LSH band hashes, so the warehouse finds reports of one paragraph
with an equality join (dbt_project/models/intermediate/int_event_clusters.sql) instead of comparing
every pair.

A paragraph is the line of the body that holds the event's sentence (a dump has one paragraph a
line; a feed article keeps its paragraph breaks). Its shingles come from the normalised text
(extract/text.py), so punctuation, diacritics, alef and teh marbuta spellings and a reworded dateline
change few shingles while two paragraphs of the same formula about different happenings share few.
Shingles are the words and the word pairs: pairs keep the word order, words keep one changed word
from costing more than a few shingles.
With BANDS bands of ROWS rows two paragraphs share a band with probability 1 - (1 - J^ROWS)^BANDS for
Jaccard J: 0.97 at J = 0.8, 0.24 at J = 0.6, under 0.01 at J = 0.4 (the S-curve's middle is near
(1/BANDS)^(1/ROWS) = 0.71).
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Iterable

import numpy as np

from extract.text import normalize

BANDS = 16
ROWS = 8
# datasketch's default seed: the permutations, hence every stored band, depend on it and on the
# datasketch version (pinned), so a rebuild gives the same bands
SEED = 1
_WORD_RE = re.compile(r"[^\W_]+")
# a paragraph of fewer words is a formula more than a copy («قتل شخص في قصف»): it gets no bands
MIN_WORDS = 8


@functools.cache
def _prototype():
    from datasketch import MinHash  # imported here: the extractor's import stays cheap

    # crc32 (C, no Python frame per shingle) instead of the default sha1 wrapper: a third of the cost
    return MinHash(num_perm=BANDS * ROWS, seed=SEED, hashfunc=zlib.crc32)


def shingles(paragraph: str) -> set[bytes]:
    """The paragraph's words and word pairs in the normal form, or none for a paragraph too short
    to tell a copy from a formula."""
    words = _WORD_RE.findall(normalize(paragraph))
    if len(words) < MIN_WORDS:
        return set()
    return {w.encode() for w in words} | {f"{a} {b}".encode() for a, b in zip(words, words[1:])}


def band_hashes(paragraphs: Iterable[str]) -> list[str | None]:
    """Per paragraph, its LSH bands as one space-separated string of `<band><hash>` tokens (the band
    number keeps equal rows of two different bands apart), or None when it has no shingles."""
    paragraphs = list(paragraphs)
    sets = [shingles(p) for p in paragraphs]
    wanted = [s for s in sets if s]
    if not wanted:
        return [None] * len(paragraphs)
    base = _prototype()
    hashed = iter(_minhashes(base, wanted))
    return [_bands(next(hashed)) if s else None for s in sets]


def _minhashes(base, sets: list[set[bytes]]):
    for s in sets:
        m = base.copy()
        m.update_batch(s)  # one numpy pass over the paragraph's shingles
        yield m.hashvalues


# fixed odd multipliers: a band's hash is a 64-bit linear mix of its rows, one numpy pass per paragraph
_MIX = np.random.default_rng(SEED).integers(1, 2**63, size=ROWS, dtype=np.uint64) | np.uint64(1)


def _bands(values) -> str:
    mixed = (values.reshape(BANDS, ROWS).astype(np.uint64) * _MIX).sum(axis=1, dtype=np.uint64)
    return " ".join(f"{i:x}{h:016x}" for i, h in enumerate(mixed.tolist()))


def paragraph_at(body: str, start: int, end: int) -> str:
    """The line of the body that holds the span [start, end) (the whole span when it crosses lines)."""
    first = body.rfind("\n", 0, start) + 1
    last = body.find("\n", end)
    return body[first : len(body) if last < 0 else last]


def sign_events(body: str, events: list) -> None:
    """Sets each event's `paragraph_bands`: one MinHash per distinct paragraph of the article."""
    paragraphs = [paragraph_at(body, e.evidence_start, e.evidence_end) for e in events]
    distinct = list(dict.fromkeys(paragraphs))
    bands = dict(zip(distinct, band_hashes(distinct)))
    for e, p in zip(events, paragraphs):
        e.paragraph_bands = bands[p]
