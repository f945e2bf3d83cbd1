"""Places a text names: gazetteer hits (with «ريف X» read as X's governorate) and unknown places
introduced by «قرية/بلدة/حي/مخيم ...» that the gazetteer lacks, kept without coordinates."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extract.entities import PLACE_SPECIFICITY, place_matcher, places
from extract.matcher import AR

_COUNTRYSIDE_RE = re.compile(rf"(?<![{AR}])[وفب]?ريف\s+$")
_UNKNOWN_RE = re.compile(
    rf"(?<![{AR}])[وفب]?(?:قريه|بلده|بلدتي|حي|حيي|مخيم|منطقه|جبهات|محور)\s+[\"'«]?(?P<name>(?:ال)?[{AR}]{{3,}})")
_NOT_NAMES = {"الذي", "التي", "المحاصره", "المحيطه", "الشرقي", "الغربي", "الشمالي", "الجنوبي", "واحد", "جديد",
              "المدينه", "المنطقه", "وقف", "خفض", "عمليات", "سيطره", "بلده", "بلدات", "قريه", "مدينه", "محاصره", "المحاصر", "الشرقيه", "الغربيه", "القريبه", "السيطره", "العمليات", "الاشتباكات"}


@dataclass(frozen=True)
class PlaceMention:
    key: str            # gazetteer id or unknown:<normalised name>
    name: str           # the normalised surface
    start: int
    end: int
    specificity: int


@functools.cache
def _governorate_of() -> dict[str, str]:
    """admin1 -> the governorate row's id, for «ريف X»."""
    return {r["admin1"]: pid for pid, r in places().items() if r["kind"] == "governorate"}


def find_places(text: str) -> list[PlaceMention]:
    out: list[PlaceMention] = []
    spans = []
    for m in place_matcher().find(text):
        row = places()[m.key]
        key = m.key
        if _COUNTRYSIDE_RE.search(text[max(0, m.start - 8): m.start]) and row["kind"] != "governorate":
            key = _governorate_of().get(row["admin1"], key)
        kind = places()[key]["kind"]
        out.append(PlaceMention(key, m.surface, m.start, m.end, PLACE_SPECIFICITY.get(kind, 5)))
        spans.append((m.start, m.end))
    for m in _UNKNOWN_RE.finditer(text):
        s, e = m.span("name")
        if any(a <= s < b for a, b in spans) or m["name"] in _NOT_NAMES:
            continue
        out.append(PlaceMention(f"unknown:{m['name']}", m["name"], s, e, 1))
    out.sort(key=lambda p: p.start)
    return out
