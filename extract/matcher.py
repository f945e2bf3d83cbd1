"""Finds lexicon entries (actors, places, reporters, triggers) in normalised Arabic text.

All aliases of a lexicon compile into one character-trie regular expression, whatever the lexicon's
size, and the longest alias wins («قوات سوريا الديمقراطية» over «سوريا»). Proclitics (و, ف, ب, ل,
ك and ال) must not hide a match: «لقوات», «وحزب», «بالغوطة», «للأمم». A match starts a word, so the
regex is tried only at the words that can open one of the lexicon's aliases, not at every character.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import accumulate, compress
from typing import Any, NamedTuple

from extract.tokens import WordMemo

AR = r"\u0621-\u064A"
# The lookbehind keeps matches at word starts; then و/ف, ب/ل/ك and ال, all optional («(?:ال…|)» is
# «(?:ال…)?» without the engine's costlier group repeat).
_CLITICS = rf"(?<![{AR}])[وف]?[بلك]?(?:ال(?=[{AR}]{{3}})|)"
_CLITIC_STRINGS = tuple({w + b + a for w in ("", "و", "ف") for b in ("", "ب", "ل", "ك") for a in ("", "ال")})
ARABIC_WORD_RE = re.compile(rf"[{AR}]+")  # a Words entry is a maximal run of these
_WORD_SPLIT_RE = re.compile(rf"([{AR}][{AR}]*)")  # a class first: the engine skips to words in C
_END = ""
_TEXT = object()  # AliasMatcher without word starts (an alias opens with another character): scan the text
_new_tuple = tuple.__new__


class Words(NamedTuple):
    """A text's Arabic words (maximal runs of Arabic letters) and where each starts: found once per
    text and shared by every scan that can only match at the start of a word."""

    words: list[str]
    starts: list[int]

    @classmethod
    def of(cls, text: str) -> Words:
        parts = _WORD_SPLIT_RE.split(text)  # between, word, between, word, ..., between
        ends = list(accumulate(map(len, parts)))
        return cls(parts[1::2], ends[0:-1:2])  # a word starts where the text before it ends

    def within(self, start: int, end: int) -> Words:
        """The words of text[start:end], offsets counted from `start` (a word never crosses a
        sentence end, which is punctuation or a line break)."""
        i, j = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return Words(self.words[i:j], [s - start for s in self.starts[i:j]])


def opening_words(phrases, clitics: tuple[str, ...] = ("",)) -> frozenset[str] | None:
    """The words a match of a clitic then a phrase can open the text with, for a regex that needs a
    non-letter after the phrase's first run of Arabic letters (a space, or a word end); None when a
    phrase does not start with an Arabic letter, as then no word start bounds the matches."""
    heads = [ARABIC_WORD_RE.match(p) for p in phrases]
    if not all(heads):
        return None
    return frozenset(c + h.group() for c in clitics for h in heads)


def substring_gate(phrases) -> tuple[str, ...]:
    """Pieces a text holds whenever it holds the first word of one of the phrases: those first words,
    less any that holds another. A few substring tests of these spare testing or searching for
    every phrase in most texts."""
    heads = {p.split()[0] for p in phrases}
    return tuple(sorted(h for h in heads if not any(o != h and o in h for o in heads)))


def match_at_words(regex: re.Pattern, text: str, words: Words, could_start: Callable[[str], Any]) -> Iterator[re.Match]:
    """What regex.finditer(text) yields, for a regex that can only match at the start of a word for
    which could_start(word) holds (and never matches the empty string): only those starts are
    tried, left to right, each at or after the end of the match before, as finditer does. Trying a
    few dozen starts beats scanning every character of the text."""
    return match_at_starts(regex, text, compress(words.starts, map(could_start, words.words)))


def match_at_starts(regex: re.Pattern, text: str, starts: Iterable[int]) -> Iterator[re.Match]:
    """match_at_words, given the (ascending) starts of the words that could open a match."""
    end = 0
    match = regex.match
    for p in starts:
        if p >= end:
            m = match(text, p)  # the lookbehind still sees the text before p
            if m:
                end = m.end()
                yield m


class Match(NamedTuple):
    """A lexicon hit: a tuple, built with tuple.__new__ (skipping the NamedTuple's Python-level
    constructor), as one is made for every hit."""

    key: str
    start: int  # offsets in the normalised text, clitics excluded
    end: int
    surface: str

    def shifted(self, offset: int) -> Match:
        """The same hit with offsets counted from `offset` (a sentence's start)."""
        return _new_tuple(Match, (self.key, self.start - offset, self.end - offset, self.surface))


def _is_letter(ch: str) -> bool:
    return "\u0621" <= ch <= "\u064a"


def _clitic_ends(text: str, p: int) -> list[int]:
    """Where an alias may start after the clitics at p, in the order the regex's
    «[وف]?[بلك]?(?:ال(?=…{3})|)» tries them: each clitic taken before it is left out."""
    out = []
    n = len(text)
    for w in (p + 1, p) if p < n and text[p] in "وف" else (p,):
        for b in (w + 1, w) if w < n and text[w] in "بلك" else (w,):
            if text.startswith("ال", b) and b + 5 <= n and all(_is_letter(c) for c in text[b + 2 : b + 5]):
                out.append(b + 2)
            if b < n and _is_letter(text[b]):  # every alias opens with a letter (else the regex serves)
                out.append(b)
    return out


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


def _alias_keys(entries: dict[str, list[str]]) -> dict[str, str]:
    """Every alias (whitespace collapsed) -> its key, the first key listing it winning."""
    key_of: dict[str, str] = {}
    for key, names in entries.items():
        for name in names:
            name = " ".join(name.split())
            key_of.setdefault(name, key)
            if name.startswith("ال") and len(name) > 3:
                # «للأمم» is ل + الأمم with the ا of ال dropped: after the ل prefix we see «لأمم».
                key_of.setdefault(name[1:], key)
    return key_of


def _trie(key_of: dict[str, str], prefix_terms: set[str]) -> dict:
    """The aliases as a character trie, each ending in its word-end condition (none for a stem)."""
    trie: dict = {}
    for name in key_of:
        node = trie
        for ch in name:
            node = node.setdefault(ch, {})
        stem = name in prefix_terms or (name[1:] in prefix_terms and name.startswith("ل"))
        node[_END] = "" if stem else rf"(?![{AR}])"
    return trie


def _running_aliases(key_of: dict[str, str]) -> dict[str, list[str]]:
    """An alias's first run of letters -> the aliases that run on past it (a space, a digit)."""
    out: dict[str, list[str]] = {}
    for name in key_of:
        head = ARABIC_WORD_RE.match(name).group()
        if len(head) < len(name):
            out.setdefault(head, []).append(name)
    return out


class AliasMatcher:
    def __init__(self, entries: dict[str, list[str]], prefix_terms: set[str] | None = None):
        """entries: key -> normalised aliases. prefix_terms: aliases that may be followed by more
        letters (stems such as «اشتباك» matching «اشتباكات»)."""
        prefix_terms = prefix_terms or set()
        self._key_of = _alias_keys(entries)
        first_words: set[str] = set()  # an alias's leading run of Arabic letters, a whole word in the text
        stem_heads: set[str] = set()  # a one-word stem, which the text word only starts with
        running_on: set[str] = set()  # a leading run of letters the alias continues past (a space, a digit)
        arabic_initial = True
        for name in self._key_of:
            stem = name in prefix_terms or (name[1:] in prefix_terms and name.startswith("ل"))
            head = ARABIC_WORD_RE.match(name)
            if head is None:
                arabic_initial = False
            elif stem and head.end() == len(name):
                stem_heads.add(name)
            else:
                first_words.add(head.group())
                if head.end() < len(name):
                    running_on.add(head.group())
        # Without stems, a word no alias runs on past is answered by a lookup, and a text position
        # by a small regex of the aliases that can open at its word: what the trie regex of every
        # alias finds, without compiling it (seconds and tens of megabytes for the national
        # gazetteer). Lexicons with stems keep the one regex.
        # The trie of every alias is built only for that regex (for the national gazetteer's aliases
        # it was a start-up's tens of thousands of dicts, dropped unread).
        self._by_ends = bool(self._key_of) and not prefix_terms and arabic_initial
        self._running = _running_aliases(self._key_of) if self._by_ends else {}
        trie = _trie(self._key_of, prefix_terms) if self._key_of and not self._by_ends else None
        self._re = re.compile(rf"{_CLITICS}(?P<m>{_trie_pattern(trie)})") if trie else None
        stems = tuple(stem_heads)

        def could_start(word: str) -> bool:
            """A match is clitics + an alias at a word start, so when every alias starts with an
            Arabic letter the word reads clitics + the alias's whole first word (its letters end
            where the alias's do: at a space, another character or the alias's end) or clitics +
            the beginning of a one-word stem."""
            return any(
                word.startswith(c) and (word[len(c) :] in first_words or word[len(c) :].startswith(stems))
                for c in _CLITIC_STRINGS
            )

        def at_word(word: str):
            """What the regex matches at a word's start, when the word alone decides: None for no
            match, else (key, start, end, surface), offsets from the word's start. Letters stand
            on neither side of a word (it is a maximal run of them), so the lookbehind, the ال
            lookahead and the word-end test read the same in the lone word as in the text, unless
            an alias runs on past the word: then the regex that must read the text (of the aliases
            that can open at this word, or of every alias where stems keep the one regex)."""
            if not could_start(word):
                return None
            if any(word.startswith(c) and word[len(c) :] in running_on for c in _CLITIC_STRINGS):
                return self._word_regex(word) if self._by_ends else self._re  # the text decides
            return self._lookup_word(word) if self._by_ends else self._match_regex(word, 0)

        self._at_word = WordMemo(at_word) if arabic_initial else None

    def regex(self) -> re.Pattern:
        """The trie regex of the aliases, what the lookups of _match_by_ends stand for (compiled on
        demand there: tests/unit/test_tokens.py checks the two agree)."""
        if self._re is None:
            self._re = re.compile(rf"{_CLITICS}(?P<m>{_trie_pattern(_trie(self._key_of, set()))})")
        return self._re

    def match_at(self, text: str, p: int):
        """(key, start, end, surface) of the alias that opens at the word start p, or None: what
        find_at reads there."""
        answer = self.answer(ARABIC_WORD_RE.match(text, p).group())
        if answer is None or answer.__class__ is tuple:
            return answer and (answer[0], p + answer[1], p + answer[2], answer[3])
        m = (self.regex() if answer is _TEXT else answer).match(text, p)
        return m and (self._key(m[1]), *m.span(1), m[1])

    def _match_regex(self, text: str, p: int):
        """(key, start, end, surface) of the alias the regex matches at p, or None."""
        m = self._re.match(text, p)  # the lookbehind still sees the text before p
        return m and (self._key(m[1]), *m.span(1), m[1])

    def _word_regex(self, word: str) -> re.Pattern:
        """The trie regex (clitics included) of the aliases whose first run of letters is the word
        less a clitic string: those running on past it and the one it spells."""
        trie: dict = {}
        for c in _CLITIC_STRINGS:
            if word.startswith(c):
                head = word[len(c) :]
                for name in [*self._running.get(head, ()), *([head] if head in self._key_of else [])]:
                    node = trie
                    for ch in name:
                        node = node.setdefault(ch, {})
                    node[_END] = rf"(?![{AR}])"
        return re.compile(rf"{_CLITICS}(?P<m>{_trie_pattern(trie)})" if trie else r"(?!)")

    def _lookup_word(self, word: str):
        """What the regex matches at a word no alias runs on past: the word less its clitics (tried
        in the regex's order) when that is an alias."""
        for q in _clitic_ends(word, 0):
            key = self._key_of.get(word[q:])
            if key is not None:
                return key, q, len(word), word[q:]
        return None

    def _key(self, surface: str) -> str:
        return self._key_of.get(surface) or self._key_of[" ".join(surface.split())]

    def answer(self, word: str):
        """What a match at this word's start depends on (see at_word): None when no match can
        start there; any word may open one when an alias opens with another character."""
        return _TEXT if self._at_word is None else self._at_word[word]

    def find(self, text: str, words: Words | None = None) -> list[Match]:
        """The aliases in the text, left to right, never overlapping: what the regex's finditer
        yields, trying only the words that can open an alias. `words`: the text's Words when the
        caller already has them, or any part of them that keeps every word `opens`."""
        if self._at_word is None:
            return self.find_at(text, [], [])
        words = words or Words.of(text)
        return self.find_at(text, words.starts, list(map(self._at_word.__getitem__, words.words)))

    def find_at(self, text: str, starts: Sequence[int], answers: Sequence) -> list[Match]:
        """find(), given the `answer` for each word start that could open a match (every word of the
        text that `opens`, at least): callers that scan one text with several matchers look each
        word up once for all of them."""
        if self._re is None and not self._by_ends:
            return []
        out = []
        if self._at_word is None:  # a match need not start at a word: scan the whole text
            for m in self._re.finditer(text):
                out.append(_new_tuple(Match, (self._key(m[1]), *m.span(1), m[1])))
            return out
        end = 0
        key_of, append = self._key_of, out.append
        for p, answer in compress(zip(starts, answers), answers):
            if p < end:
                continue  # inside the match before, as finditer would skip it
            if type(answer) is not tuple:  # the regex of what can open here reads the text
                m = answer.match(text, p)  # the lookbehind still sees the text before p
                if m is None:
                    continue
                surface = m[1]
                key = key_of.get(surface) or key_of[" ".join(surface.split())]  # self._key, inlined
                append(_new_tuple(Match, (key, *m.span(1), surface)))
                end = m.end()
            else:
                key, start, end, surface = answer
                append(_new_tuple(Match, (key, p + start, p + end, surface)))
                end += p
        return out
