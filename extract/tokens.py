"""Tokens with offsets, from camel-tools' word tokenizer, and the clitic-stripped forms we look up."""
from __future__ import annotations

import functools
from dataclasses import dataclass

from camel_tools.tokenizers.word import simple_word_tokenize


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def is_number(self) -> bool:
        return self.text[0].isdigit()


def tokenize(text: str) -> list[Token]:
    """camel-tools tokens (digits split from letters: «ال3» -> «ال», «3»), aligned to offsets;
    a decimal written «2.7» is put back together."""
    out: list[Token] = []
    pos = 0
    for piece in simple_word_tokenize(text, split_digits=True):
        start = text.find(piece, pos)
        end = start + len(piece)
        pos = end
        if (len(out) >= 2 and piece.isdigit() and out[-1].text in ".," and out[-2].is_number
                and out[-1].start == out[-2].end and start == out[-1].end):
            merged = out[-2]
            out[-2:] = [Token(text[merged.start:end], merged.start, end)]
            continue
        out.append(Token(piece, start, end))
    return out


_PROCLITICS = ("وال", "فال", "بال", "كال", "لل", "ال", "وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك")


@functools.lru_cache(maxsize=200_000)
def forms(word: str) -> tuple[str, ...]:
    """The word and its readings with proclitics removed, longest first: «وبالغوطة» -> …, «غوطة»."""
    out = [word]
    for p in _PROCLITICS:
        if word.startswith(p) and len(word) - len(p) >= 2:
            out.append(word[len(p):])
    return tuple(out)
