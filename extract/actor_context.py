"""Actor mentions that name no party to what the article reports (GUIDELINE.md §4 and §7 rule 8):
a group named only as controlling the area where something happened, or as a victim's former
side. Each rule reads the few words around one mention; the matcher found the mention.
"""

from __future__ import annotations

import re

from extract.matcher import AR

# «الخاضعة لسيطرة X», «مناطق سيطرة X», «مناطق نفوذ X», «مناطق X», «تسيطر عليها X», «الواقعة تحت
# سيطرة X», with the clitics the mention may carry (ل, ال left to the matcher) between
_CONTROL_BEFORE_RE = re.compile(
    rf"(?<![{AR}])(?:ل?سيطره|ل?نفوذ|مناطق|تسيطر\s+عليها|يسيطر\s+عليها|الخاضعه\s+ل)\s*[\"'«“]?\s*[وبل]?$"
)
# a person's former side: «عنصر سابق بـ», «مقاتلين سابقين في صفوف» just before the mention, the adverb
# «سابقاً» after it («النظام السابق» after it is the former regime, an actor still)
_FORMER_BEFORE_RE = re.compile(
    rf"(?<![{AR}])(?:ال)?سابق(?:ين|ون)?\s+(?:(?:في|ضمن|من|لدى)\s+)?(?:صفوف\s+)?"
    r"[\"'«“]?\s*[وبل]?\s*[\"'«“]?\s*$"
)
_FORMER_AFTER_RE = re.compile(rf"(?<![{AR}])سابقا(?![{AR}])")
_HELD_ONCE_RE = re.compile(rf"(?<![{AR}])(?:كانت|كان)(?![{AR}])")
_SENTENCE_END = re.compile(r"[.!؟\n]")


def controls_territory(text: str, start: int) -> bool:
    """«عثر على جثة شاب في بلدة البوعمر الخاضعة لسيطرة النظام السوري»: the regime only holds the
    village where the body was found; «مناطق النظام», «تسيطر عليها المعارضة» likewise. Not
    «قرى كانت خاضعة لسيطرة الهيئة»: a side that held the villages it lost fought for them."""
    m = _CONTROL_BEFORE_RE.search(text, max(0, start - 24), start)
    return m is not None and not _HELD_ONCE_RE.search(text, max(0, m.start() - 16), m.start())


def former_side(text: str, start: int, end: int) -> bool:
    """«مقاتلين سابقين في فصائل المعارضة», «عنصر سابق بـ“فصائل الثوار”», «كانوا ضمن فصائل المعارضة
    المسلحة سابقاً»: the victims' side before a settlement, not a party to their killing. A
    «سابق» and a preposition just before the mention, or «سابقاً» after it, in its sentence."""
    lo, hi = max(0, start - 24), min(len(text), end + 24)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    stop = _SENTENCE_END.search(text, end, hi)
    return (
        _FORMER_BEFORE_RE.search(text, ends[-1] if ends else lo, start) is not None
        or _FORMER_AFTER_RE.search(text, end, stop.start() if stop else hi) is not None
    )


def is_background(text: str, start: int, end: int) -> bool:
    """Whether an actor mention (normalised text, offsets of the alias) names no party to the
    article's happenings."""
    return controls_territory(text, start) or former_side(text, start, end)
