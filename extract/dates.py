"""Resolves the date a sentence talks about against the article's publication date.

اليوم, أمس, أول أمس / أمس الأول, a weekday (الخميس), قبل 3 أيام, منذ أبريل, explicit dates
(15 آذار 2018, 3 تموز/يوليو). Without a publication date nothing relative is resolved: no invented dates.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from datetime import date, timedelta
from itertools import compress
from operator import or_
from typing import NamedTuple

from extract.lexicon import load_yaml
from extract.matcher import AR, ARABIC_WORD_RE, Words, match_at_starts, opening_words, substring_gate
from extract.text import normalize
from extract.tokens import WordMemo

_DIGIT_RE = re.compile(r"\d")


class DateRef(NamedTuple):
    """A date reference in a sentence, resolved (a tuple, as Match and PlaceMention are)."""

    value: date | None
    precision: str  # day | week | month | unknown
    text: str
    start: int
    # the day relative to publication (0 today, -1 yesterday), known for «أمس» even when the
    # publication date is not; None when the reference names no single day
    offset: int | None = None


@functools.cache
def _lex() -> dict:
    raw = load_yaml("dates.yml")
    rel = {normalize(k): int(v) for k, v in raw["relative_days"].items()}
    week = {normalize(k): v for k, v in raw["weekdays"].items()}
    months = {normalize(name): int(m) for m, names in raw["months"].items() for name in names}
    ago = {normalize(k): (int(v[0]), v[1]) for k, v in raw["ago_units"].items()}

    def alt(words):
        return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))

    pre = rf"(?<![{AR}])(?:[وفب]|ب?ال)?"
    return {
        "rel": rel,
        "week": week,
        "months": months,
        "ago": ago,
        # the words each word-start regex below can open with (see matcher.match_at_words)
        "rel_openers": opening_words(rel, ("", "و", "ف", "ب")),
        "week_openers": opening_words(week, ("", "و", "ف", "ب", "ال", "بال")),
        "ago_openers": opening_words(["قبل"]),
        "month_openers": opening_words(["منذ", "خلال", "في"]),
        "rel_re": re.compile(rf"(?<![{AR}])(?:[وفب])?(?P<w>{alt(rel)})(?![{AR}])"),
        "week_re": re.compile(rf"{pre}(?P<w>{alt(week)})(?![{AR}])"),
        "ago_re": re.compile(rf"(?<![{AR}])قبل\s+(?P<n>\d+)?\s*(?P<u>{alt(ago)})(?![{AR}])"),
        # «15 آذار 2018», «3 تموز/يوليو», «15 آذار». The day's first digit opens the pattern (its
        # lookbehind, «no digit before», after it) so the engine can skip to digits in C.
        "explicit_re": re.compile(
            rf"(?P<d>\d(?<!\d\d)\d?)\s+(?:من\s+)?(?:شهر\s+)?(?P<m>{alt(months)})(?:\s*/\s*(?:{alt(months)}))?(?:\s+(?:عام\s+|سنه\s+)?(?P<y>\d{{4}}))?"
        ),
        "month_re": re.compile(rf"(?<![{AR}])(?:منذ|خلال|في)\s+(?:شهر\s+)?(?P<m>{alt(months)})(?:\s+(?P<y>\d{{4}}))?"),
        "week_phrase_re": re.compile(alt([normalize(w) for w in raw["week_phrases"]])),
        "month_phrase_re": re.compile(alt([normalize(w) for w in raw["month_phrases"]])),
        "week_phrase_gate": substring_gate(normalize(w) for w in raw["week_phrases"]),
        "month_phrase_gate": substring_gate(normalize(w) for w in raw["month_phrases"]),
        "future_re": re.compile(rf"(?<![{AR}])(?:غد|غدا|يوم\s+غد|الغد)\s*$"),
    }


@functools.cache
def date_words() -> frozenset[str]:
    """Words without which a sentence holds no date reference (find_date is skipped there)."""
    lx = _lex()
    raw = load_yaml("dates.yml")
    words = set(lx["rel"]) | set(lx["week"]) | set(lx["months"]) | {"قبل"}
    words |= {normalize(w) for w in raw["week_phrases"] + raw["month_phrases"]}
    return frozenset(words)


def _spaced(phrase: str) -> str:
    """A matched phrase with each run of whitespace as one space, as the lexicon keys are written."""
    return " ".join(phrase.split())


def _weekday_on_or_before(published: date, iso_weekday: int) -> date:
    return published - timedelta(days=(published.isoweekday() - iso_weekday) % 7)


# What can open at a word: a bit per word-start pattern, and one for a month name (an explicit
# date's month stands at a word start, after the day and a space).
_OPENS = {"rel": 1, "ago": 2, "week": 4, "month": 8}
_MONTH_NAME = 16


@functools.cache
def _month_heads() -> tuple[str, ...] | None:
    """The first words of the month names, which a word holding an explicit date's month starts
    with; None when a name does not open with an Arabic word (then no word can tell)."""
    heads = tuple({name.split()[0] for name in _lex()["months"]})
    return heads if all(ARABIC_WORD_RE.fullmatch(h) for h in heads) else None


@functools.cache
def _opens_at() -> WordMemo:
    """word -> the bits of the patterns that can start at it (0 for most words): one lookup per
    word of the sentence decides which patterns are tried at all, and where."""
    lx = _lex()
    openers = {name: lx[f"{name}_openers"] for name in _OPENS}
    month_heads = _month_heads() or ()

    def bits(word: str) -> int:
        out = _MONTH_NAME if word.startswith(month_heads) else 0
        for name, bit in _OPENS.items():
            if openers[name] is not None and word in openers[name]:
                out |= bit
        return out

    return WordMemo(bits)


def _matches(lx: dict, name: str, sentence: str, words: Words, bits: list[int], present: int) -> Iterator[re.Match]:
    """The matches of a word-start pattern, tried only at the words it can open with (everywhere,
    when one of its phrases does not open with an Arabic word)."""
    regex = lx[f"{name}_re"]
    if lx[f"{name}_openers"] is None:
        return regex.finditer(sentence)
    bit = _OPENS[name]
    if not present & bit:
        return iter(())
    return match_at_starts(regex, sentence, compress(words.starts, [b & bit for b in bits]))


def find_date(sentence: str, published: date | None, words: Words | None = None) -> DateRef | None:
    """The first date reference in a normalised sentence, resolved; None when the sentence has none.
    `words`: the sentence's Words, when the caller already has them."""
    found = find_dates(sentence, published, words)
    return found[0] if found else None


def _offset(d: date | None, published: date | None) -> int | None:
    return (d - published).days if d is not None and published is not None else None


def _explicit_dates(lx: dict, sentence: str, published: date | None, present: int) -> list[DateRef]:
    """«في 27 تموز 2017», «27 تموز»: a day and a month name, the year from publication when the
    text gives none (last year's when that day is still to come)."""
    found: list[DateRef] = []
    # an explicit date needs a digit and a month name: plain tests that spare most scans
    explicit = (present & _MONTH_NAME or _month_heads() is None) and _DIGIT_RE.search(sentence)
    for m in lx["explicit_re"].finditer(sentence) if explicit else ():
        day, month = int(m["d"]), lx["months"][_spaced(m["m"])]
        year = int(m["y"]) if m["y"] else (published.year if published else None)
        if year is None:
            found.append(DateRef(None, "unknown", m[0], m.start()))
            continue
        try:
            d = date(year, month, day)
        except ValueError:
            continue
        if not m["y"] and published and d > published:
            d = date(year - 1, month, day)
        found.append(DateRef(d, "day", m[0], m.start(), _offset(d, published)))
    return found


def find_dates(sentence: str, published: date | None, words: Words | None = None) -> list[DateRef]:
    """Every date reference in a normalised sentence, resolved, in text order: «وبالأمس استشهد 36
    ... وكان استشهد أول أمس قرابة 18» holds two days, each governing its own clause."""
    lx = _lex()
    words = words or Words.of(sentence)
    bits = list(map(_opens_at().__getitem__, words.words))
    present = functools.reduce(or_, bits, 0)
    found = _explicit_dates(lx, sentence, published, present)
    for m in _matches(lx, "rel", sentence, words, bits, present):
        days = lx["rel"][_spaced(m["w"])]
        # «أمس الخميس»: the weekday only confirms the relative day
        value = published - timedelta(days=days) if published else None
        found.append(DateRef(value, "day" if published else "unknown", m[0], m.start(), -days))
    for m in _matches(lx, "ago", sentence, words, bits, present):
        per, precision = lx["ago"][_spaced(m["u"])]
        days = per * (int(m["n"]) if m["n"] else 1)
        value = published - timedelta(days=days) if published else None
        found.append(
            DateRef(
                value, precision if published else "unknown", m[0], m.start(), -days if precision == "day" else None
            )
        )
    for m in _matches(lx, "week", sentence, words, bits, present):
        before = sentence[: m.start()]
        if "غد" in before and lx["future_re"].search(before):
            continue  # «يوم غد الخميس» is a plan, not when something happened
        if any(f.start <= m.start() <= f.start + len(f.text) + 2 for f in found):
            continue
        value = _weekday_on_or_before(published, lx["week"][m["w"]]) if published else None
        found.append(DateRef(value, "day" if published else "unknown", m[0], m.start(), _offset(value, published)))
    for m in _matches(lx, "month", sentence, words, bits, present):
        month = lx["months"][_spaced(m["m"])]
        year = int(m["y"]) if m["y"] else (published.year if published else None)
        if year is None:
            found.append(DateRef(None, "unknown", m[0], m.start()))
            continue
        d = date(year, month, 1)
        if not m["y"] and published and d > published:
            d = date(year - 1, month, 1)
        found.append(DateRef(d, "month", m[0], m.start()))
    if not found:
        for key, precision in (("week_phrase", "week"), ("month_phrase", "month")):
            m = any(map(sentence.__contains__, lx[f"{key}_gate"])) and lx[f"{key}_re"].search(sentence)
            if m:
                found.append(DateRef(published, precision if published else "unknown", m[0], m.start()))
                break
    return sorted(found, key=lambda f: f.start)
