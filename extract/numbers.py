"""Reads quantities written in any form: digits (12, ١٢, 2.7), number words and compounds
(ثلاثة عشر, مئتين وخمسة وعشرين), scales (200 ألف, ألف و400, 2.7 مليون), ranges (20-50 ألف,
بين 20 إلى 50 ألف), qualifiers (أكثر من, نحو) and vague quantities (عشرات, عدد من)."""

from __future__ import annotations

import functools
from typing import NamedTuple

from extract.lexicon import load_yaml
from extract.text import normalize
from extract.tokens import Tokens, WordMemo, forms, phrases_opening, where

# Beyond any count a text can mean (and past it, a float of digits is inf, which has no int): a
# reading this large is kept as this value, for the casualty bounds to reject with its reason.
LARGEST = 1e30


class Quantity(NamedTuple):
    """A quantity in a token list (a tuple: one is built for every number a sentence holds)."""

    start: int  # token index of the first token of the quantity (qualifier included)
    end: int  # token index after the last token
    low: int | None
    best: int | None
    high: int | None
    qualifier: str  # exact | approx | at_least | at_most | range | vague
    number_start: int  # token index where the number itself starts (after any qualifier)


@functools.cache
def _lex() -> dict:
    raw = load_yaml("numbers.yml")

    def table(section: str) -> dict[str, int]:
        return {normalize(w): int(v) for v, words in raw[section].items() for w in words}

    return {
        "units": table("units"),
        "teen_heads": table("teen_heads"),
        "teen_tail": {normalize(w) for w in raw["teen_tail"]},
        "tens": table("tens"),
        "hundreds": table("hundreds"),
        "hundred_word": {normalize(w) for w in raw["hundred_word"]},
        "scales": table("scales"),
        "fractions": {normalize(w): float(v) for v, words in raw["fractions"].items() for w in words},
        "vague": [tuple(normalize(v).split()) for v in raw["vague"]],
        "qualifiers": {q: [tuple(normalize(p).split()) for p in ps] for q, ps in raw["qualifiers"].items()},
        "range_joiners": {normalize(w) for w in raw["range_joiners"]},
        "range_openers": [tuple(normalize(p).split()) for p in raw["range_openers"]],
    }


def _word_value(word: str) -> tuple[str, int] | None:
    """('unit'|'ten'|'hundred'|'scale', value) for a number word, clitic و allowed."""
    return _word_values()[word]


@functools.cache
def _word_values() -> WordMemo:
    return WordMemo(_read_word_value)


def _read_word_value(word: str) -> tuple[str, int] | None:
    lx = _lex()
    for f in (word, word[1:] if word.startswith("و") else None):
        if not f:
            continue
        for kind, table in (
            ("scale", lx["scales"]),
            ("hundred", lx["hundreds"]),
            ("ten", lx["tens"]),
            ("unit", lx["units"]),
            ("fraction", lx["fractions"]),
        ):
            if f in table:
                return kind, table[f]
    return _tens_with_article(word)


_ARTICLES = ("وال", "ال")


def _tens_with_article(word: str) -> tuple[str, int] | None:
    """«وتجاوز العشرون شهيداً», «أكثر من الخمسين»: a tens word takes the article. Only the tens:
    «الاثنين» is Monday and «المئات», «الآلاف» are vague amounts."""
    for article in _ARTICLES:
        if word.startswith(article) and word[len(article) :] in _lex()["tens"]:
            return "ten", _lex()["tens"][word[len(article) :]]
    return None


def _digits_value(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _is_scale(word: str) -> bool:
    value = _word_value(word)
    return value is not None and value[0] == "scale"


def _grouped_value(text: str) -> float | None:
    """«2.147 عائلة», «(61.229) نسمة»: a separator before exactly three digits groups thousands
    (the Levantine press writes 61.229 for 61229); before a scale word («2.147 مليون») it is a
    decimal point, which the caller tells apart."""
    head, sep, tail = text.replace(",", ".").partition(".")
    if sep and len(tail) == 3 and head.isdigit() and tail.isdigit() and head != "0":
        return float(head + tail)
    return None


class _NumberRead:
    """A number being read token by token: the sum of the scaled parts so far (`total`), the part
    not scaled yet (`current`), the next token (`j`) and the end of the last part (`last_end`)."""

    __slots__ = ("texts", "numeric", "n", "total", "current", "j", "seen", "last_end", "last_scale")

    def __init__(self, toks: Tokens, i: int) -> None:
        self.texts, self.numeric, self.n = toks.texts, toks.numeric, len(toks.texts)
        self.total, self.current, self.j, self.seen, self.last_end = 0.0, 0.0, i, False, i
        self.last_scale = 0


def _take_digits(s: _NumberRead, t: str) -> bool:
    """«2.147 عائلة» (thousands grouped), «2.7 مليون» (a decimal before a scale), «ألف و400» (added
    to a scale); but «20 و50» are two numbers."""
    j = s.j
    v = _grouped_value(t) if not (j + 1 < s.n and _is_scale(s.texts[j + 1])) else None
    v = _digits_value(t) if v is None else v
    if v is None or (s.seen and s.current):
        return False
    s.current += v
    s.seen = True
    s.j += 1
    return True


def _take_teen(s: _NumberRead, t: str) -> bool:
    """«ثلاثة عشر» after a unit read, «اثنا عشر» from a teen head: ten more."""
    lx = _lex()
    if s.seen and t in lx["teen_tail"] and 0 < s.current < 10:
        s.current += 10
        s.j += 1
        return True
    if t in lx["teen_heads"] and s.j + 1 < s.n and s.texts[s.j + 1] in lx["teen_tail"]:
        s.current += lx["teen_heads"][t] + 10
        s.seen = True
        s.j += 2
        return True
    return False


def _take_fraction(s: _NumberRead, t: str, value: float) -> bool:
    """«نصف مليون»: a fraction counts only as a share of the scale word after it, or of the scale
    before it («مليون ونصف»)."""
    j, texts = s.j, s.texts
    scale = _word_value(texts[j + 1]) if j + 1 < s.n and not s.seen else None
    if scale is None or scale[0] != "scale":
        if s.seen and (t.startswith("و") or texts[j - 1] == "و") and s.last_scale:
            s.total += value * s.last_scale
            s.j += 1
            s.last_end = s.j
            return True
        return False
    s.current = value
    s.seen = True
    s.j += 1
    return True


def _take_word(s: _NumberRead, t: str, kind: str, value: float) -> bool:
    """A number word: a scale multiplies what came before («ثلاثة آلاف»), «مئة» after a unit
    multiplies it («ثلاث مئة»), other words add when joined by «و» («مئتين وخمسة وعشرين»)."""
    if kind == "scale":
        s.last_scale = value
        s.current = (s.current or 1) * value
        s.total += s.current
        s.current = 0.0
        s.seen = True
    elif kind == "hundred" and s.seen and s.current and s.current < 10 and t in _lex()["hundred_word"]:
        s.current *= 100
    else:
        if s.seen and not t.startswith("و") and kind != "unit":
            return False  # two number words without و are two numbers, except unit + teen tail
        if s.seen and kind == "unit" and not t.startswith("و") and s.current:
            return False
        s.current += value
        s.seen = True
    s.j += 1
    return True


def _take_token(s: _NumberRead, t: str) -> bool:
    """Reads token t into the number, or says the number ended before it."""
    j = s.j
    if t == "و" and j + 1 < s.n and s.seen and (s.numeric[j + 1] or _word_value(s.texts[j + 1])):
        s.j += 1  # «ألف و 400» with the و split off by the tokenizer
        return True
    if s.numeric[j]:
        return _take_digits(s, t)
    wv = _word_value(t)
    if wv is None or (s.seen and t in _lex()["teen_tail"] and 0 < s.current < 10):
        return _take_teen(s, t)
    kind, value = wv
    if kind == "fraction":
        return _take_fraction(s, t, value)
    return _take_word(s, t, kind, value)


def _read_number(toks: Tokens, i: int, additive: bool = True) -> tuple[int, float] | None:
    """(end index, value) of the number starting at token i, or None. Without `additive`, «و» never
    joins two parts (inside «بين 470 ألفا و500 ألف» it separates the bounds)."""
    s = _NumberRead(toks, i)
    texts = s.texts
    while s.j < s.n:
        if s.seen and texts[s.j - 1] != "و":
            s.last_end = s.j
        t = texts[s.j]
        if s.seen and not additive and t.startswith("و"):
            break
        if not _take_token(s, t):
            break
    if not s.seen:
        return None
    if texts[s.j - 1] != "و":
        s.last_end = s.j
    return s.last_end, s.total + s.current


_ENDING: dict[int, dict[str, list[tuple[int, frozenset]]]] = {}


def _phrases_ending(phrases: list[tuple[str, ...]]) -> dict[str, list[tuple[int, frozenset]]]:
    """word -> (length, the phrases of that length) for the phrases a token with this word can end,
    longest first: keyed by each phrase's last word, and a one-word phrase also by its form with the
    clitic و. Built once per lexicon list (the lists live for the whole process)."""
    index = _ENDING.get(id(phrases))
    if index is None:
        index = {}
        for n in sorted({len(p) for p in phrases}, reverse=True):
            group = frozenset(p for p in phrases if len(p) == n)
            for last in {p[-1] for p in group} | ({"و" + p[0] for p in group} if n == 1 else set()):
                index.setdefault(last, []).append((n, group))
        _ENDING[id(phrases)] = index
    return index


def _phrase_before(toks: Tokens, i: int, phrases: list[tuple[str, ...]]) -> int | None:
    """Start index of a phrase ending right before token i (clitic و allowed on its first word); the
    longest phrase wins."""
    if i <= 0:
        return None
    texts = toks.texts
    for n, group in _phrases_ending(phrases).get(texts[i - 1], ()):
        k = i - n
        if k < 0:
            continue
        words = tuple(texts[k:i])
        first = words[0]
        if words in group or (first.startswith("و") and len(first) > 2 and (first[1:],) + words[1:] in group):
            return k
    return None


def _phrase_at(toks: Tokens, i: int, phrases: list[tuple[str, ...]]) -> int | None:
    """End index of a phrase starting at token i (proclitics allowed on its first word)."""
    texts = toks.texts
    for p in phrases_opening(phrases)[texts[i]]:
        if i + len(p) <= len(texts) and all(texts[i + m] == p[m] for m in range(1, len(p))):
            return i + len(p)
    return None


@functools.cache
def quantity_words() -> frozenset[str]:
    """Every word that can start a quantity, so other tokens are skipped with one set lookup."""
    lx = _lex()
    words = set()
    for table in ("units", "teen_heads", "tens", "hundreds", "scales", "fractions"):
        words.update(lx[table])
    words.update(p[0] for p in lx["vague"])
    return frozenset(words | {"و" + w for w in words})


@functools.cache
def starts_quantity() -> WordMemo:
    """word -> whether a quantity can start with it: digits, or a number or vague word (clitics
    stripped)."""
    starts = quantity_words()
    return WordMemo(lambda word: word[0].isdigit() or any(f in starts for f in forms(word)))


_AT_LEAST_AFTER = [("علي", "الاقل")]  # «40 على الأقل» (the gate before it looks for its second word)


def _is_between(toks: Tokens, opener: int | None) -> bool:
    return opener is not None and toks.texts[opener] in {"بين", "ما"}


def _vague_at(toks: Tokens, i: int) -> Quantity | None:
    """«عشرات», «عدد من», «آلاف» alone: a vague quantity; «3 آلاف» is a number, and «آلاف» right
    after digits belongs to them."""
    vague_end = _phrase_at(toks, i, _lex()["vague"])
    if vague_end is None or (vague_end < len(toks.texts) and _read_number(toks, vague_end)):
        return None
    if i > 0 and toks.numeric[i - 1]:
        return None
    return Quantity(i, vague_end, None, None, None, "vague", i)


def _range_joiners(toks: Tokens, opener: int | None) -> set[str]:
    """«بين X و Y» joins with و; «من X إلى Y» only with إلى/حتى («أكثر من مئة وعشرين» is 120)."""
    return _lex()["range_joiners"] | {"-", "–"} if _is_between(toks, opener) else {"الي", "حتي", "-", "–"}


def _first_bound(
    toks: Tokens, i: int, read: tuple[int, float], opener: int | None, joiners: set[str]
) -> tuple[int, float]:
    """«بين 470 ألفا و500 ألف», «بين أربعين وخمسين»: inside a range «و» separates the bounds
    instead of adding them."""
    if opener is None:
        return read
    texts, n = toks.texts, len(toks.texts)
    bound = _read_number(toks, i, additive=False)
    if bound and bound[0] < n:
        nxt = texts[bound[0]]
        separate = nxt in joiners and bound[0] + 1 < n and _read_number(toks, bound[0] + 1)
        attached = "و" in joiners and nxt.startswith("و") and _word_value(nxt) is not None
        if separate or attached:
            return bound
    return read


def _range(
    toks: Tokens, end: int, value: float, opener: int | None, joiners: set[str]
) -> tuple[int, float, float] | None:
    """(end, low, high) of a range whose first bound ends at `end`: «20-50 ألف», «بين 20 إلى 50
    ألف», «من 20 إلى 50», «بين 50 و20» (bounds in either order); a scale after the second number
    applies to the first («20-50 ألف»)."""
    texts, n = toks.texts, len(toks.texts)
    attached = "و" in joiners and end < n and texts[end].startswith("و") and _word_value(texts[end]) is not None
    if not ((end + 1 < n and texts[end] in joiners) or attached):
        return None
    second = _read_number(toks, end if attached else end + 1)
    if not (second and (texts[end] in {"-", "–"} or opener is not None)):
        return None
    end2, value2 = second
    scale = _word_value(texts[end2 - 1])
    if scale and scale[0] == "scale" and value < scale[1] <= value2:
        value *= scale[1]
    return end2, min(value, value2), max(value, value2)


def _qualifier(toks: Tokens, i: int, end: int) -> tuple[str, int]:
    """(qualifier, start) of a single number: a phrase before it («أكثر من», «نحو», «ما يزيد على
    الـ200» with the article between), a bound two words before («لم يتجاوز عدد المصابين 40»), or
    «40 على الأقل» after it."""
    lx = _lex()
    texts, n = toks.texts, len(toks.texts)
    q_at = i - 1 if i > 1 and texts[i - 1] == "ال" else i
    for q, phrases in lx["qualifiers"].items():
        k = _phrase_before(toks, q_at, phrases)
        if k is not None:
            return q, k
    for q in ("at_most", "at_least"):
        if any(
            _phrase_before(toks, i - gap, lx["qualifiers"][q]) is not None
            for gap in (2, 3)
            if i - gap > 0 and texts[i - gap] in {"عدد", "حصيله"}
        ):
            return q, i
    if "الاقل" in texts[end + 1 : end + 5] and any(
        _phrase_at(toks, k, _AT_LEAST_AFTER) is not None for k in range(end, min(n, end + 4))
    ):
        return "at_least", i
    return "exact", i


def _as_int(v: float | None) -> int | None:
    return None if v is None else int(round(min(v, LARGEST)))


def _number_quantity(toks: Tokens, i: int, read: tuple[int, float], opener: int | None) -> Quantity:
    """The quantity of the number read at token i: a range, or one value with its qualifier's bounds
    (at least: no high; at most: no low)."""
    joiners = _range_joiners(toks, opener)
    end, value = _first_bound(toks, i, read, opener, joiners)
    ranged = _range(toks, end, value, opener, joiners)
    if ranged is not None:
        end2, low, high = ranged
        return Quantity(opener if opener is not None else i, end2, _as_int(low), None, _as_int(high), "range", i)
    qualifier, start = _qualifier(toks, i, end)
    low = high = value
    if qualifier == "at_least":
        high = None
    elif qualifier == "at_most":
        low = None
    elif qualifier not in ("exact", "approx"):
        low = high = None
    return Quantity(start, end, _as_int(low), _as_int(value), _as_int(high), qualifier, i)


def find_quantities(toks: Tokens) -> list[Quantity]:
    """The quantities of a token list, left to right, none overlapping."""
    out: list[Quantity] = []
    free = 0  # the first token not read into a quantity yet
    for i in where(toks, starts_quantity()):
        if i < free:
            continue
        vague = _vague_at(toks, i)
        if vague is not None:
            out.append(vague)
            free = vague.end
            continue
        read = _read_number(toks, i)
        if read is None:
            continue
        q = _number_quantity(toks, i, read, _phrase_before(toks, i, _lex()["range_openers"]))
        out.append(q)
        free = q.end
    return out
