"""Tokens with offsets (the split of camel-tools' word tokenizer) and the clitic-stripped forms we look up."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from itertools import accumulate, compress
from operator import itemgetter
from typing import Any


class Tokens:
    """A text's tokens as parallel lists: texts[k] is the k-th token, text[starts[k]:ends[k]] where
    it stands, numeric[k] whether it is a number. Without a decimal in the text, one split builds all
    four with C-level maps; the parsers read a list item where a tuple per token would cost a
    construction and an attribute lookup at every read."""

    __slots__ = ("texts", "starts", "ends", "numeric")

    def __init__(self, texts: list[str], starts: list[int], ends: list[int], numeric: list[bool]):
        self.texts, self.starts, self.ends, self.numeric = texts, starts, ends, numeric

    def __len__(self) -> int:
        return len(self.texts)


# The same split as camel-tools' simple_word_tokenize(split_digits=True) on normalised text (runs of
# letters, runs of digits, and each punctuation mark or symbol alone: tests/unit/test_tokens.py checks the
# two agree on the sample corpus), compiled once so offsets come for free and the scan runs in C.
# (Letters first: the alternatives open with disjoint characters, so their order changes no token,
# and most tokens are words.)
_TOKEN_RE = re.compile(r"[^\W\d_]+|\d+|[^\w\s]|_", re.UNICODE)
# The same tokens as a split: what lies between them is whitespace, so the pieces' lengths give
# every offset, and the tokens are built by C-level maps rather than a Python loop per token.
_TOKEN_SPLIT_RE = re.compile(f"({_TOKEN_RE.pattern})")
# A decimal is a number token, «.» or «,», and a digit token, touching: where no separator stands
# between two word characters, no token is merged. (The separator comes first in the regex so the
# engine can skip to candidates in C; the lookbehind then checks the character before it.)
_JOINED_SEPARATOR_RE = re.compile(r"[.,](?<=\w[.,])(?=\w)")
_FIRST = itemgetter(0)


def camel_tokenize(text: str) -> list[str]:
    """camel-tools' own split, which tokenize() reproduces (imported here alone: its module builds
    Unicode-wide character sets, which extraction never needs, on import)."""
    from camel_tools.tokenizers.word import simple_word_tokenize

    return simple_word_tokenize(text, split_digits=True)


def tokenize(text: str) -> Tokens:
    """Tokens with offsets (digits split from letters: «ال3» -> «ال», «3»); a decimal written «2.7»
    is put back together."""
    if not _JOINED_SEPARATOR_RE.search(text):
        parts = _TOKEN_SPLIT_RE.split(text)  # between, token, between, token, ..., between
        bounds = list(accumulate(map(len, parts)))
        texts = parts[1::2]
        return Tokens(texts, bounds[0:-1:2], bounds[1::2], list(map(str.isdigit, map(_FIRST, texts))))
    texts, starts, ends, numeric = [], [], [], []
    for m in _TOKEN_RE.finditer(text):
        piece = m.group()
        start, end = m.span()
        digit = piece[0].isdigit()
        if (
            digit
            and len(texts) >= 2
            and texts[-1] in ".,"
            and numeric[-2]
            and starts[-1] == ends[-2]
            and start == ends[-1]
        ):
            del texts[-1], starts[-1], ends[-1], numeric[-1]
            texts[-1], ends[-1] = text[starts[-1] : end], end
            continue
        texts.append(piece)
        starts.append(start)
        ends.append(end)
        numeric.append(digit)
    return Tokens(texts, starts, ends, numeric)


_PROCLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")


@functools.lru_cache(maxsize=200_000)
def forms(word: str) -> tuple[str, ...]:
    """The word and its readings with proclitics removed, longest first: «وبالغوطة» -> …, «غوطة»."""
    out = [word]
    for p in _PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 2:
            out.append(word[len(p) :])
    return tuple(out)


class WordMemo(dict):
    """A pure function of a word, its answers kept: the same few thousand words recur in every
    article, and a kept answer costs one dict lookup (`memo[word]`, or a map over words in C)."""

    MAX_WORDS = 100_000  # bounded: a long run over many vocabularies starts afresh

    def __init__(self, fn: Callable[[str], Any]):
        super().__init__()
        self.fn = fn

    def __missing__(self, word: str):
        if len(self) >= self.MAX_WORDS:
            self.clear()
        value = self[word] = self.fn(word)
        return value


def where(toks: Tokens, memo: WordMemo) -> Iterator[int]:
    """Indices of the tokens whose word the memo answers truly for (the loop over tokens runs in C)."""
    return compress(range(len(toks.texts)), map(memo.__getitem__, toks.texts))


def form_lookup(table: dict) -> WordMemo:
    """word -> the table's value for the word or for its first clitic-stripped reading in the table,
    None when neither is there."""
    return WordMemo(lambda word: next((table[f] for f in forms(word) if f in table), None))


_OPENING: dict[int, WordMemo] = {}


def phrases_opening(items, phrase_of=lambda item: item) -> WordMemo:
    """word -> the items (phrases, or items holding one) whose phrase can open at the word: its
    first word is the word or one of its clitic-stripped forms, tried in this order (the word's
    forms longest first, then the phrases longest first). Kept per word, so a token that opens
    nothing costs one lookup. Built once per lexicon list (the lists live for the whole process)."""
    memo = _OPENING.get(id(items))
    if memo is None:
        index: dict[str, list] = {}
        for item in sorted(items, key=lambda it: len(phrase_of(it)), reverse=True):
            index.setdefault(phrase_of(item)[0], []).append(item)
        memo = _OPENING[id(items)] = WordMemo(lambda word: tuple(it for f in forms(word) for it in index.get(f, ())))
    return memo
