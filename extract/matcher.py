"""Finds lexicon entries (actors, places, reporters, triggers) in normalised Arabic text.

All aliases of a lexicon compile into one character-trie regular expression, so a text is scanned
once whatever the lexicon's size, and the longest alias wins («قوات سوريا الديمقراطية» over «سوريا»).
Proclitics (و, ف, ب, ل, ك and ال) must not hide a match: «لقوات», «وحزب», «بالغوطة», «للأمم».
"""
from __future__ import annotations

import re
from dataclasses import dataclass

AR = r"\u0621-\u064A"
# و/ف, then ب/ل/ك, then ال, all optional. The lookbehind keeps matches at word starts.
_PREFIX = rf"(?<![{AR}])(?:[وف]?[بلك]?(?:ال(?=[{AR}]{{3}}))?)"
_END = ""


@dataclass(frozen=True)
class Match:
    key: str
    start: int        # offsets in the normalised text, clitics excluded
    end: int
    surface: str


def _trie_pattern(node: dict) -> str:
    alts = []
    for ch in sorted(k for k in node if k != _END):
        piece = r"\s+" if ch == " " else re.escape(ch)
        alts.append(piece + _trie_pattern(node[ch]))
    if _END in node:
        alts.append(node[_END])  # the word-end condition, tried after every longer continuation
    if len(alts) == 1:
        return alts[0]
    return "(?:" + "|".join(alts) + ")"


class AliasMatcher:
    def __init__(self, entries: dict[str, list[str]], prefix_terms: set[str] | None = None):
        """entries: key -> normalised aliases. prefix_terms: aliases that may be followed by more
        letters (stems such as «اشتباك» matching «اشتباكات»)."""
        prefix_terms = prefix_terms or set()
        self._key_of: dict[str, str] = {}
        for key, names in entries.items():
            for name in names:
                name = " ".join(name.split())
                self._key_of.setdefault(name, key)
                if name.startswith("ال") and len(name) > 3:
                    # «للأمم» is ل + الأمم with the ا of ال dropped: after the ل prefix we see «لأمم».
                    self._key_of.setdefault(name[1:], key)
        trie: dict = {}
        for name in self._key_of:
            node = trie
            for ch in name:
                node = node.setdefault(ch, {})
            stem = name in prefix_terms or (name[1:] in prefix_terms and name.startswith("ل"))
            node[_END] = "" if stem else rf"(?![{AR}])"
        self._re = re.compile(rf"{_PREFIX}(?P<m>{_trie_pattern(trie)})") if trie else None

    def find(self, text: str) -> list[Match]:
        if self._re is None:
            return []
        out = []
        for m in self._re.finditer(text):
            s, e = m.span("m")
            surface = text[s:e]
            key = self._key_of.get(surface) or self._key_of[" ".join(surface.split())]
            out.append(Match(key, s, e, surface))
        return out
