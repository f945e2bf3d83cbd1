"""Arabic normalisation with camel-tools, keeping a map back to the original characters.

Matching runs on the normalised text (no diacritics, one alef, ه for ة, ي for ى, ASCII digits);
every span we report is mapped back so the evidence is the exact text the reporter wrote.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)

# camel-tools' AR_LETTERS_CHARSET and AR_DIAC_CHARSET (camel_tools.utils.charsets), spelled out: that
# module classifies all 1.1 million code points when imported (a third of a second and tens of
# megabytes in every worker) for sets we never read. tests/unit/test_text.py checks they are equal.
AR_LETTERS_CHARSET = frozenset(
    "\u0621\u0622\u0623\u0624\u0625\u0626\u0627\u0628\u0629\u062a\u062b\u062c\u062d\u062e\u062f\u0630"
    "\u0631\u0632\u0633\u0634\u0635\u0636\u0637\u0638\u0639\u063a\u0640\u0641\u0642\u0643\u0644\u0645"
    "\u0646\u0647\u0648\u0649\u064a\u0671\u067e\u0686\u06a4\u06af"
)
AR_DIAC_CHARSET = frozenset("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670")

TATWEEL = "\u0640"
_REMOVED = set(AR_DIAC_CHARSET) | {TATWEEL}
_REMOVED_RE = re.compile("[" + "".join(sorted(_REMOVED)) + "]")
_KEPT_RUN_RE = re.compile("[^" + "".join(sorted(_REMOVED)) + "]+")
# Filter-dodging spellings split a word with a tatweel and a mark: «مقـ.ـتل ضابـ.ـط وإصـ.ـابة»
# (also «مقـ-ـتل», «قـ*ـتل»). A mark touching a tatweel inside a run of Arabic letters is part of the
# word's disguise, never punctuation (a full stop does not sit between two letters of one word), so
# it goes with the tatweel; a mark with no tatweel beside it stays (it may end a sentence).
_LETTER = "\u0621-\u063a\u0641-\u064a"
_SPLIT_MARKS = ".\\-_*•·"
_SPLIT_RE = re.compile(
    f"(?<=[{_LETTER}{''.join(sorted(AR_DIAC_CHARSET))}])(?:{TATWEEL}+[{_SPLIT_MARKS}]+{TATWEEL}*"
    f"|[{_SPLIT_MARKS}]+{TATWEEL}+)(?=[{_LETTER}])"
)
# what a text with a tatweel loses: diacritics, tatweels, and the marks of split words
_REMOVED_SPLIT_RE = re.compile(f"{_SPLIT_RE.pattern}|[{''.join(sorted(_REMOVED))}]")
# the letters camel-tools' normalize_alef_ar turns into a bare alef: str.replace on each is several
# times faster than its regex substitution
_ALEF_VARIANTS = [c for c in sorted(AR_LETTERS_CHARSET) if c != "ا" and normalize_alef_ar(c) == "ا"]
# Arabic-Indic and Persian digits, and the Arabic decimal separator, to ASCII (one char for one char).
_FOREIGN_DIGITS = "٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫"
_DIGITS = str.maketrans(_FOREIGN_DIGITS, "01234567890123456789.")
# str.translate looks every character of a non-ASCII string up in its table, which costs more than
# the rest of the normalisation together: only the runs that hold such digits go through it. (The
# regex opens with a character class, not a repeat, so the engine can skip to candidates in C.)
_FOREIGN_DIGITS_RE = re.compile(f"[{_FOREIGN_DIGITS}][{_FOREIGN_DIGITS}]*")
ARABIC_LETTER_RE = re.compile(r"[\u0621-\u064A\u0671-\u06D3]")


def normalize(text: str) -> str:
    """The normal form every lexicon entry and every text is compared in."""
    # dediac_ar and the tatweel in one pass; the marks of split words only where a tatweel stands
    s = (_REMOVED_SPLIT_RE if TATWEEL in text else _REMOVED_RE).sub("", text)
    for alef in _ALEF_VARIANTS:
        s = s.replace(alef, "ا")  # normalize_alef_ar
    s = normalize_alef_maksura_ar(normalize_teh_marbuta_ar(s))
    return _FOREIGN_DIGITS_RE.sub(_ascii_digits, s)


def _ascii_digits(m: re.Match) -> str:
    return m.group().translate(_DIGITS)


@dataclass(slots=True)
class NormText:
    """A text and its normal form, with offsets mapped back to the original."""

    orig: str
    norm: str
    # where each run of kept characters starts, in the normal form and in the original (empty when
    # nothing was removed: the offsets are the same)
    _norm_starts: list[int] = field(default_factory=list)
    _orig_starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, orig: str) -> NormText:
        norm = normalize(orig)
        if len(norm) == len(orig):  # nothing removed: offsets are the same
            return cls(orig, norm)
        norm_starts, orig_starts, pos = [], [], 0
        if TATWEEL in orig:
            # the kept runs lie between the removed pieces, which may be longer than one character
            kept_from = 0
            for m in _REMOVED_SPLIT_RE.finditer(orig):
                if m.start() > kept_from:
                    norm_starts.append(pos)
                    orig_starts.append(kept_from)
                    pos += m.start() - kept_from
                kept_from = m.end()
            if kept_from < len(orig):
                norm_starts.append(pos)
                orig_starts.append(kept_from)
            return cls(orig, norm, norm_starts, orig_starts)
        for m in _KEPT_RUN_RE.finditer(orig):
            norm_starts.append(pos)
            orig_starts.append(m.start())
            pos += m.end() - m.start()
        return cls(orig, norm, norm_starts, orig_starts)

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the normalised span [start, end), keeping trailing diacritics."""
        norm_starts = self._norm_starts
        if not norm_starts:  # nothing was removed, so no diacritic trails the span either
            return start, max(start, end)
        # the offset within the run that holds the position, from the run's original start
        k = bisect.bisect_right(norm_starts, start) - 1
        o_start = self._orig_starts[k] + (start - norm_starts[k])
        if end > start:
            k = bisect.bisect_right(norm_starts, end - 1) - 1
            o_end = self._orig_starts[k] + (end - norm_starts[k])
        else:
            o_end = o_start
        orig = self.orig
        while o_end < len(orig) and orig[o_end] in _REMOVED:
            o_end += 1
        return o_start, o_end


def last_words(text: str, n: int) -> list[str]:
    """`[w for w in text.split() if len(w) > 1][-n:]`, read from the text's last few words when they
    hold n (a rule reads the words before each trigger: a split of the whole prefix each time)."""
    words = [w for w in text.rsplit(None, 3 * n)[1:] if len(w) > 1] if n > 0 else []
    if len(words) < n or n <= 0:
        words = [w for w in text.split() if len(w) > 1]
    return words[-n:]


def arabic_share(text: str) -> float:
    """Share of letters that are Arabic script (digits, spaces and punctuation do not count)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(1 for c in letters if ARABIC_LETTER_RE.match(c)) / len(letters)
