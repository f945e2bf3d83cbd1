"""Recovers article boundaries in paragraph dumps that have none.

A new article opens with a lede; a paragraph continues the current article when it opens with a
conjunction or connective, refers back to something already named, or shares enough content words
with the paragraph before it. A short broken tail line is glued to the paragraph it came from.
"""

from __future__ import annotations

import functools
import re

from extract.lexicon import load_yaml, norm_list
from extract.text import normalize

_WORD_RE = re.compile(r"[\u0621-\u064A]+")
_CLOSING = tuple("\"'».،)]”")


@functools.cache
def _cues() -> dict:
    raw = load_yaml("segmentation.yml")
    return {
        "openers": [tuple(o.split()) for o in norm_list(raw["continuation_openers"])],
        "backrefs": set(norm_list(raw["back_references"])),
        "waw_roots": set(norm_list(raw["waw_root_words"])),
        "fa_words": set(norm_list(raw["fa_conjunction_words"])),
        "anchors": [tuple(a.split()) for a in norm_list(raw["lede_time_anchors"])],
        "anchor_window": int(raw["lede_anchor_window"]),
        "min_shared": int(raw["cohesion_min_shared"]),
        "stop": set(norm_list(raw["cohesion_stopwords"])),
        "tail_max_words": int(raw["tail_max_words"]),
    }


def _words(paragraph: str) -> list[str]:
    return _WORD_RE.findall(normalize(paragraph))


def _starts_with(words: list[str], phrase: tuple[str, ...], strip_waw: bool = True) -> bool:
    head = words[: len(phrase)]
    if strip_waw and head and head[0].startswith("و") and len(head[0]) > 2:
        head = [head[0][1:]] + head[1:]
    return tuple(head) == phrase


def _content(words: list[str], stop: set[str]) -> set[str]:
    out = set()
    for w in words:
        for prefix in ("وال", "بال", "لل", "ال", "و", "ب", "ل"):
            if w.startswith(prefix) and len(w) - len(prefix) >= 3:
                w = w[len(prefix) :]
                break
        if len(w) >= 3 and w not in stop:
            out.add(w)
    return out


def is_broken_tail(paragraph: str) -> bool:
    text = paragraph.strip()
    return bool(text) and (text.startswith(_CLOSING) or len(text.split()) <= _cues()["tail_max_words"])


def continues(previous: str, paragraph: str) -> bool:
    """True when `paragraph` continues the article that `previous` belongs to."""
    c = _cues()
    words = _words(paragraph)
    if not words:
        return True
    first = words[0]
    if any(_starts_with(words, o) for o in c["openers"]):
        return True
    if first.startswith("و") and len(first) >= 3 and first not in c["waw_roots"]:
        return True
    if first in c["fa_words"]:
        return True
    if c["backrefs"] & set(words[:2]):
        return True
    window = words[: c["anchor_window"]]
    if any(tuple(window[i : i + len(a)]) == a for a in c["anchors"] for i in range(len(window))):
        return False  # a dated lede: "توصلت اليوم ..."
    shared = _content(_words(previous), c["stop"]) & _content(words, c["stop"])
    return len(shared) >= c["min_shared"]


def join_broken_tails(lines: list[str]) -> list[tuple[int, str]]:
    """Paragraphs with the 1-based line number they start on; broken tails joined to their paragraph."""
    paragraphs: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        if paragraphs and is_broken_tail(text):
            start, prev = paragraphs[-1]
            paragraphs[-1] = (start, prev + " " + text)
        else:
            paragraphs.append((number, text))
    return paragraphs


def segment(lines: list[str]) -> list[list[tuple[int, str]]]:
    """Groups the lines of a dump into articles: each a list of (first line number, paragraph)."""
    articles: list[list[tuple[int, str]]] = []
    for number, text in join_broken_tails(lines):
        if articles and continues(articles[-1][-1][1], text):
            articles[-1].append((number, text))
        else:
            articles.append([(number, text)])
    return articles
