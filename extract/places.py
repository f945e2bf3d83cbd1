"""Places a text names: gazetteer hits (with «ريف X» read as X's governorate) and unknown places
introduced by «قرية/بلدة/حي/مخيم ...» that the gazetteer lacks, kept without coordinates."""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from extract.entities import PLACE_SPECIFICITY, place_matcher, places
from extract.matcher import AR

# «ريف X», «محافظة X», «محافظتي X و...»: the governorate of X, not the city
_COUNTRYSIDE_RE = re.compile(rf"(?<![{AR}])[وفب]?(?:ريف|محافظه|محافظتي)\s+$")
# «محافظتي الرقة ودير الزور», «محافظات درعا والقنيطرة والسويداء»: every place in the list
_DUAL_GOVERNORATE_RE = re.compile(rf"(?<![{AR}])[وفب]?(?:محافظتي|محافظات)(?:\s+[^\s.،,؛]+){{1,6}}\s+و?$")
# «تشرين الأول» is a month, not the Damascus district
_MONTH_AFTER_RE = re.compile(r"^\s+(?:الاول|الثاني)(?![\u0621-\u064A])")
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
        if key == "tishreen_damascus" and _MONTH_AFTER_RE.match(text[m.end: m.end + 8]):
            continue
        before = text[max(0, m.start - 60): m.start]
        if (_COUNTRYSIDE_RE.search(before[-10:]) or _DUAL_GOVERNORATE_RE.search(before)) and row["kind"] != "governorate":
            key = _governorate_of().get(row["admin1"], key)
        # a short form after the long one names the same place: «الغوطة» after «الغوطة الشرقية»
        longer_all = {p.key: p for p in out if p.name != m.surface and p.name.startswith(m.surface + " ")}
        longer = next(iter(longer_all.values())) if len(longer_all) == 1 else None  # «القلمون» after both halves stays
        if longer is not None:
            key = longer.key
        kind = places()[key]["kind"]
        out.append(PlaceMention(key, m.surface if longer is None else longer.name, m.start, m.end,
                                PLACE_SPECIFICITY.get(kind, 5)))
        spans.append((m.start, m.end))
    for m in _UNKNOWN_RE.finditer(text):
        s, e = m.span("name")
        if any(a <= s < b for a, b in spans) or m["name"] in _NOT_NAMES:
            continue
        out.append(PlaceMention(f"unknown:{m['name']}", m["name"], s, e, 1))
    out.sort(key=lambda p: p.start)
    return out
