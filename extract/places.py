"""Places a text names: gazetteer hits (with «ريف X» read as X's governorate) and unknown places
introduced by «قرية/بلدة/حي/مخيم ...» that the gazetteer lacks, kept without coordinates."""
from __future__ import annotations

import functools
import re
from operator import attrgetter
from typing import NamedTuple, Sequence

from extract.entities import PLACE_SPECIFICITY, place_matcher, places
from extract.matcher import AR, Words, match_at_words

# «ريف X», «محافظة X», «محافظتي X و...»: the governorate of X, not the city
_COUNTRYSIDE_RE = re.compile(rf"(?<![{AR}])[وفب]?(?:ريف|محافظه|محافظتي)\s+$")
# «محافظتي الرقة ودير الزور», «محافظات درعا والقنيطرة والسويداء»: every place in the list
_DUAL_GOVERNORATE_RE = re.compile(rf"(?<![{AR}])[وفب]?(?:محافظتي|محافظات)(?:\s+[^\s.،,؛]+){{1,6}}\s+و?$")
# «تشرين الأول» is a month, not the Damascus district
_MONTH_AFTER_RE = re.compile(r"^\s+(?:الاول|الثاني)(?![\u0621-\u064A])")
_UNKNOWN_INTROS = ("قريه", "بلده", "بلدتي", "حي", "حيي", "مخيم", "منطقه", "جبهات", "محور")
_UNKNOWN_RE = re.compile(
    rf"(?<![{AR}])[وفب]?(?:{'|'.join(_UNKNOWN_INTROS)})\s+[\"'«]?(?P<name>(?:ال)?[{AR}]{{3,}})")
# the whole words that can open such a match (a space follows the introducing noun)
_UNKNOWN_OPENERS = frozenset(c + w for c in ("", "و", "ف", "ب") for w in _UNKNOWN_INTROS)
_new_tuple = tuple.__new__
_NOT_NAMES = {"الذي", "التي", "المحاصره", "المحيطه", "الشرقي", "الغربي", "الشمالي", "الجنوبي", "واحد", "جديد",
              "المدينه", "المنطقه", "وقف", "خفض", "عمليات", "سيطره", "بلده", "بلدات", "قريه", "مدينه", "محاصره", "المحاصر", "الشرقيه", "الغربيه", "القريبه", "السيطره", "العمليات", "الاشتباكات"}


class PlaceMention(NamedTuple):
    """A place named in the text (a tuple, like matcher.Match: one is built for every mention, with
    tuple.__new__, which skips the NamedTuple's Python-level constructor)."""

    key: str            # gazetteer id or unknown:<normalised name>
    name: str           # the normalised surface
    start: int
    end: int
    specificity: int

    def shifted(self, offset: int) -> "PlaceMention":
        """The same mention with offsets counted from `offset` (a sentence's start)."""
        return _new_tuple(PlaceMention, (self.key, self.name, self.start - offset, self.end - offset, self.specificity))


@functools.cache
def _governorate_of() -> dict[str, str]:
    """admin1 -> the governorate row's id, for «ريف X»."""
    return {r["admin1"]: pid for pid, r in places().items() if r["kind"] == "governorate"}


def _after_governorate_word(text: str, start: int) -> bool:
    """«ريف X», «محافظة X», «محافظتي X و...»: the 60 characters before a place name make it a
    governorate. Both patterns need «ريف» or «محافظ», a plain substring test (in place, without
    copying the text) that spares most regex searches."""
    lo = max(0, start - 60)
    if text.find("ريف", lo, start) < 0 and text.find("محافظ", lo, start) < 0:
        return False
    before = text[lo:start]
    return bool(_COUNTRYSIDE_RE.search(before[-10:]) or _DUAL_GOVERNORATE_RE.search(before))


def opens_unknown_place(word: str) -> bool:
    """Whether a place the gazetteer lacks can be introduced at this word («قرية», «وحي», ...)."""
    return word in _UNKNOWN_OPENERS


def find_places(text: str, words: Words | None = None, answers: Sequence | None = None) -> list[PlaceMention]:
    """`words`: the text's Words when the caller already has them, or any part of them that keeps
    every word where a mention can start; `answers`: the gazetteer matcher's answer at each of those words, when
    the caller has looked them up (AliasMatcher.find_at)."""
    words = words or Words.of(text)
    if answers is None:
        answers = list(map(place_matcher().answer, words.words))
    out: list[PlaceMention] = []
    # the multi-word mentions so far (the only ones a later mention can be the short form of), by
    # each of their leading word runs: «الغوطه» -> {key: mention} for «الغوطه الشرقيه»
    by_head: dict[str, dict[str, PlaceMention]] = {}
    spans = []
    rows = places()
    for m in place_matcher().find_at(text, words.starts, answers):
        row = rows[m.key]
        key = m.key
        if key == "tishreen_damascus" and _MONTH_AFTER_RE.match(text[m.end: m.end + 8]):
            continue
        if row["kind"] != "governorate" and _after_governorate_word(text, m.start):
            key = _governorate_of().get(row["admin1"], key)
        # a short form after the long one names the same place: «الغوطة» after «الغوطة الشرقية»
        longer = None
        longer_all = by_head.get(m.surface)
        if longer_all and len(longer_all) == 1:  # «القلمون» after both halves stays
            longer = next(iter(longer_all.values()))
            key = longer.key
        kind = rows[key]["kind"]
        out.append(_new_tuple(PlaceMention, (key, m.surface if longer is None else longer.name, m.start, m.end,
                                             PLACE_SPECIFICITY.get(kind, 5))))
        name = out[-1].name
        space = name.find(" ")
        while space > 0:
            by_head.setdefault(name[:space], {})[key] = out[-1]
            space = name.find(" ", space + 1)
        spans.append((m.start, m.end))
    for m in match_at_words(_UNKNOWN_RE, text, words, _UNKNOWN_OPENERS.__contains__):
        s, e = m.span("name")
        if any(a <= s < b for a, b in spans) or m["name"] in _NOT_NAMES:
            continue
        out.append(_new_tuple(PlaceMention, (f"unknown:{m['name']}", m["name"], s, e, 1)))
    out.sort(key=attrgetter("start"))
    return out
