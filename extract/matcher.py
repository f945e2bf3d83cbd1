"""Finds lexicon entries (actors, places, reporters, triggers) in normalised Arabic text.

One compiled alternation per lexicon, longest alias first, so «قوات سوريا الديمقراطية» wins over
«سوريا». Proclitics (و, ف, ب, ل, ك, and ال after them) must not hide a match: «لقوات», «وحزب»,
«بالغوطة» and «للأمم» all match their entry.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex as re

AR = r"\u0621-\u064A"
# و/ف, then ب/ل/ك, optionally; «لل» stands for ل + ال when the alias starts with ال.
_PREFIX = rf"(?<![{AR}])(?:[وف]?[بلك]?(?:ال(?=[{AR}]{{3}}))?)"


@dataclass(frozen=True)
class Match:
    key: str
    start: int        # offsets in the normalised text, clitics excluded
    end: int
    surface: str


class AliasMatcher:
    def __init__(self, entries: dict[str, list[str]], prefix_terms: set[str] | None = None):
        """entries: key -> normalised aliases. prefix_terms: aliases that may be followed by more
        letters (stems such as «اشتباك» matching «اشتباكات»)."""
        prefix_terms = prefix_terms or set()
        self._key_of: dict[str, str] = {}
        for key, names in entries.items():
            for name in names:
                self._key_of.setdefault(name, key)
        names = sorted(self._key_of, key=len, reverse=True)
        alts = []
        for name in names:
            body = re.escape(name).replace(r"\ ", r"\s+")
            if name.startswith("ال") and len(name) > 3:
                # «للأمم» = ل + الأمم: the ا of ال drops after ل.
                body = rf"(?:{body}|(?<=[وف]?ل)ل{re.escape(name[2:]).replace(chr(92) + ' ', chr(92) + 's+')})"
            tail = "" if name in prefix_terms else rf"(?![{AR}])"
            alts.append(body + tail)
        self._re = re.compile(rf"{_PREFIX}(?P<m>{'|'.join(alts)})") if alts else None

    def _key(self, surface: str) -> str:
        key = self._key_of.get(surface)
        if key is not None:
            return key
        squeezed = re.sub(r"\s+", " ", surface)
        if squeezed in self._key_of:
            return self._key_of[squeezed]
        # «للأمم المتحدة» matched the ل-form; «لحزب» etc. are exact. Find the alias it stands for.
        for alias, key in self._key_of.items():
            if alias.startswith("ال") and squeezed == "ل" + alias[2:]:
                return key
        for alias, key in self._key_of.items():  # stems: longest alias that prefixes the surface
            if squeezed.startswith(alias):
                return key
        raise KeyError(surface)

    def find(self, text: str) -> list[Match]:
        if self._re is None:
            return []
        out = []
        for m in self._re.finditer(text):
            s, e = m.span("m")
            surface = text[s:e]
            out.append(Match(self._key(surface), s, e, surface))
        return out
