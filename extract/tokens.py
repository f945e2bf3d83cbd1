"""Tokens with offsets (the split of camel-tools' word tokenizer) and the clitic-stripped forms we look up."""
from __future__ import annotations

import functools
import re
from itertools import accumulate, compress
from operator import attrgetter, itemgetter
from typing import Any, Callable, Iterator, NamedTuple

from camel_tools.tokenizers.word import simple_word_tokenize


class Token(NamedTuple):
    text: str
    start: int
    end: int
    is_number: bool


# The same split as camel-tools' simple_word_tokenize(split_digits=True) on normalised text (runs of
# letters, runs of digits, and each punctuation mark or symbol alone: tests/test_tokens.py checks the
# two agree on the sample corpus), compiled once so offsets come for free and the scan runs in C.
_TOKEN_RE = re.compile(r"\d+|[^\W\d_]+|[^\w\s]|_", re.UNICODE)
# The same tokens as a split: what lies between them is whitespace, so the pieces' lengths give
# every offset, and the tokens are built by C-level maps rather than a Python loop per token.
_TOKEN_SPLIT_RE = re.compile(f"({_TOKEN_RE.pattern})")
# A decimal is a number token, «.» or «,», and a digit token, touching: where no separator stands
# between two word characters, no token is merged. (The separator comes first in the regex so the
# engine can skip to candidates in C; the lookbehind then checks the character before it.)
_JOINED_SEPARATOR_RE = re.compile(r"[.,](?<=\w[.,])(?=\w)")
_TEXT = attrgetter("text")
_new_token = functools.partial(tuple.__new__, Token)  # skips the NamedTuple's Python-level constructor
_FIRST = itemgetter(0)


def camel_tokenize(text: str) -> list[str]:
    return simple_word_tokenize(text, split_digits=True)


def tokenize(text: str) -> list[Token]:
    """Tokens with offsets (digits split from letters: «ال3» -> «ال», «3»); a decimal written «2.7»
    is put back together."""
    if not _JOINED_SEPARATOR_RE.search(text):
        parts = _TOKEN_SPLIT_RE.split(text)  # between, token, between, token, ..., between
        bounds = list(accumulate(map(len, parts)))
        pieces = parts[1::2]
        return list(map(_new_token, zip(pieces, bounds[0:-1:2], bounds[1::2], map(str.isdigit, map(_FIRST, pieces)))))
    out: list[Token] = []
    for m in _TOKEN_RE.finditer(text):
        piece = m.group()
        start, end = m.span()
        digit = piece[0].isdigit()
        if (digit and len(out) >= 2 and out[-1].text in ".," and out[-2].is_number
                and out[-1].start == out[-2].end and start == out[-1].end):
            merged = out[-2]
            out[-2:] = [Token(text[merged.start:end], merged.start, end, True)]
            continue
        out.append(Token(piece, start, end, digit))
    return out


_PHRASE_INDEXES: dict[int, dict[str, list]] = {}


def first_word_index(items, phrase_of=lambda item: item) -> dict[str, list]:
    """Phrases (or items holding one) indexed by their first word, longest first, so a token only
    tries its own phrases. Built once per lexicon list (the lists live for the whole process)."""
    index = _PHRASE_INDEXES.get(id(items))
    if index is None:
        index = {}
        for item in sorted(items, key=lambda it: len(phrase_of(it)), reverse=True):
            index.setdefault(phrase_of(item)[0], []).append(item)
        _PHRASE_INDEXES[id(items)] = index
    return index


_PROCLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")


@functools.lru_cache(maxsize=200_000)
def forms(word: str) -> tuple[str, ...]:
    """The word and its readings with proclitics removed, longest first: «وبالغوطة» -> …, «غوطة»."""
    out = [word]
    for p in _PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 2:
            out.append(word[len(p):])
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


def where(toks: list[Token], memo: WordMemo) -> Iterator[int]:
    """Indices of the tokens whose word the memo answers truly for (the loop over tokens runs in C)."""
    return compress(range(len(toks)), map(memo.__getitem__, map(_TEXT, toks)))


def form_lookup(table: dict) -> WordMemo:
    """word -> the table's value for the word or for its first clitic-stripped reading in the table,
    None when neither is there."""
    return WordMemo(lambda word: next((table[f] for f in forms(word) if f in table), None))
