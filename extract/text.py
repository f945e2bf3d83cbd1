"""Arabic normalisation with camel-tools, keeping a map back to the original characters.

Matching runs on the normalised text (no diacritics, one alef, ه for ة, ي for ى, ASCII digits);
every span we report is mapped back so the evidence is the exact text the reporter wrote.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from camel_tools.utils.charsets import AR_DIAC_CHARSET
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

TATWEEL = "\u0640"
_REMOVED = set(AR_DIAC_CHARSET) | {TATWEEL}
_REMOVED_RE = re.compile("[" + "".join(sorted(_REMOVED)) + "]")
_KEPT_RUN_RE = re.compile("[^" + "".join(sorted(_REMOVED)) + "]+")
# Arabic-Indic and Persian digits, and the Arabic decimal separator, to ASCII (one char for one char).
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫", "01234567890123456789.")
ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")


def normalize(text: str) -> str:
    """The normal form every lexicon entry and every text is compared in."""
    s = dediac_ar(text).replace(TATWEEL, "")
    s = normalize_alef_maksura_ar(normalize_teh_marbuta_ar(normalize_alef_ar(s)))
    return s.translate(_DIGITS)


@dataclass
class NormText:
    """A text and its normal form, with offsets mapped back to the original."""

    orig: str
    norm: str
    _norm_starts: list[int] = field(default_factory=list)
    _orig_starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, orig: str) -> "NormText":
        norm = normalize(orig)
        if len(norm) == len(orig):  # nothing removed: offsets are the same
            return cls(orig, norm)
        norm_starts, orig_starts, pos = [], [], 0
        for m in _KEPT_RUN_RE.finditer(orig):
            norm_starts.append(pos)
            orig_starts.append(m.start())
            pos += m.end() - m.start()
        return cls(orig, norm, norm_starts, orig_starts)

    def to_orig(self, i: int) -> int:
        if not self._norm_starts:
            return i
        k = bisect.bisect_right(self._norm_starts, i) - 1
        if k < 0:
            return 0
        return self._orig_starts[k] + (i - self._norm_starts[k])

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised span [start, end), keeping trailing diacritics."""
        o_start = self.to_orig(start)
        o_end = self.to_orig(end - 1) + 1 if end > start else o_start
        while o_end < len(self.orig) and self.orig[o_end] in _REMOVED:
            o_end += 1
        return o_start, o_end


def arabic_share(text: str) -> float:
    """Share of letters that are Arabic script (digits, spaces and punctuation do not count)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if ARABIC_LETTER_RE.match(c)) / len(letters)
