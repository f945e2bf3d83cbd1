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

    start: int            # token index of the first token of the quantity (qualifier included)
    end: int              # token index after the last token
    low: int | None
    best: int | None
    high: int | None
    qualifier: str        # exact | approx | at_least | at_most | range | vague
    number_start: int     # token index where the number itself starts (after any qualifier)


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
        for kind, table in (("scale", lx["scales"]), ("hundred", lx["hundreds"]), ("ten", lx["tens"]),
                            ("unit", lx["units"]), ("fraction", lx["fractions"])):
            if f in table:
                return kind, table[f]
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


def _read_number(toks: Tokens, i: int, additive: bool = True) -> tuple[int, float] | None:
    """(end index, value) of the number starting at token i, or None. Without `additive`, «و» never
    joins two parts (inside «بين 470 ألفا و500 ألف» it separates the bounds)."""
    lx = _lex()
    texts, numeric = toks.texts, toks.numeric
    n = len(texts)
    total, current, j, seen, last_end = 0.0, 0.0, i, False, i
    last_scale = 0
    while j < n:
        if seen and texts[j - 1] != "و":
            last_end = j
        t = texts[j]
        if seen and not additive and t.startswith("و"):
            break
        if t == "و" and j + 1 < n and seen and (numeric[j + 1] or _word_value(texts[j + 1])):
            j += 1  # «ألف و 400» with the و split off by the tokenizer
            continue
        if numeric[j]:
            v = _grouped_value(t) if not (j + 1 < n and _is_scale(texts[j + 1])) else None
            v = _digits_value(t) if v is None else v
            if v is None or (seen and current):
                break  # «20 و50» are two numbers; only «ألف و400» adds
            current += v
            seen = True
            j += 1
            continue
        # «ثلاثة عشر»: a unit followed by the teen tail
        if seen and t in lx["teen_tail"] and 0 < current < 10:
            current += 10
            j += 1
            continue
        wv = _word_value(t)
        if wv is None:
            if t in lx["teen_heads"] and j + 1 < n and texts[j + 1] in lx["teen_tail"]:
                current += lx["teen_heads"][t] + 10
                seen = True
                j += 2
                continue
            break
        kind, value = wv
        if kind == "fraction":
            # «نصف مليون»: a fraction counts only as a share of the scale word after it
            scale = _word_value(texts[j + 1]) if j + 1 < n and not seen else None
            if scale is None or scale[0] != "scale":
                if seen and (t.startswith("و") or texts[j - 1] == "و") and last_scale:  # «مليون ونصف»
                    total += value * last_scale
                    j += 1
                    last_end = j
                    continue
                break
            current = value
            seen = True
            j += 1
            continue
        if kind == "scale":
            last_scale = value
            current = (current or 1) * value
            total += current
            current = 0.0
            seen = True
        elif kind == "hundred" and seen and current and current < 10 and t in lx["hundred_word"]:
            current *= 100  # «ثلاث مئة»
        else:
            if seen and not t.startswith("و") and kind != "unit":
                # two number words without و are two numbers, except unit + teen tail (handled above)
                break
            if seen and kind == "unit" and not t.startswith("و") and current:
                break
            current += value
            seen = True
        j += 1
    if not seen:
        return None
    if texts[j - 1] != "و":
        last_end = j
    return last_end, total + current


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


def find_quantities(toks: Tokens) -> list[Quantity]:
    lx = _lex()
    out: list[Quantity] = []
    texts, numeric = toks.texts, toks.numeric
    n = len(texts)
    free = 0  # the first token not read into a quantity yet
    for i in where(toks, starts_quantity()):
        if i < free:
            continue
        vague_end = _phrase_at(toks, i, lx["vague"])
        if vague_end is not None and not (vague_end < n and _read_number(toks, vague_end)):
            # «آلاف» alone is vague; «3 آلاف» is read as a number below
            if i == 0 or not numeric[i - 1]:
                out.append(Quantity(i, vague_end, None, None, None, "vague", i))
                free = vague_end
                continue
        read = _read_number(toks, i)
        if read is None:
            continue
        opener = _phrase_before(toks, i, lx["range_openers"])
        # «بين X و Y» joins with و; «من X إلى Y» only with إلى/حتى («أكثر من مئة وعشرين» is 120)
        joiners = lx["range_joiners"] | {"-", "–"} if _is_between(toks, opener) else {"الي", "حتي", "-", "–"}
        if opener is not None:
            # «بين 470 ألفا و500 ألف»: inside a range «و» separates the bounds instead of adding
            bound = _read_number(toks, i, additive=False)
            if bound and bound[0] < n:
                nxt = texts[bound[0]]
                separate = nxt in joiners and bound[0] + 1 < n and _read_number(toks, bound[0] + 1)
                attached = "و" in joiners and nxt.startswith("و") and _word_value(nxt) is not None  # «بين أربعين وخمسين»
                if separate or attached:
                    read = bound
        end, value = read
        start, number_start = i, i
        low = high = None
        qualifier = "exact"
        # ranges: «20-50 ألف», «بين 20 إلى 50 ألف», «من 20 إلى 50»
        attached = "و" in joiners and end < n and texts[end].startswith("و") and _word_value(texts[end]) is not None
        if (end + 1 < n and texts[end] in joiners) or attached:
            second = _read_number(toks, end if attached else end + 1)
            if second and (texts[end] in {"-", "–"} or opener is not None):
                end2, value2 = second
                # a scale after the second number applies to the first: «20-50 ألف»
                scale = _word_value(texts[end2 - 1])
                if scale and scale[0] == "scale" and value < scale[1] <= value2:
                    value *= scale[1]
                low, high, qualifier = min(value, value2), max(value, value2), "range"  # «بين 50 و20» too
                if opener is not None:
                    start = opener
                end = end2
        if qualifier != "range":
            # «ما يزيد على الـ200»: the article written on the number stands between it and its qualifier
            q_at = i - 1 if i > 1 and texts[i - 1] == "ال" else i
            for q, phrases in lx["qualifiers"].items():
                k = _phrase_before(toks, q_at, phrases)
                if k is not None:
                    qualifier, start = q, k
                    break
            else:
                # «لم يتجاوز عدد المصابين 40»: a bound two words before the number
                for q in ("at_most", "at_least"):
                    if any(_phrase_before(toks, i - gap, lx["qualifiers"][q]) is not None
                           for gap in (2, 3) if i - gap > 0 and texts[i - gap] in {"عدد", "حصيله"}):
                        qualifier = q
                        break
            if qualifier == "exact" and "الاقل" in texts[end + 1:end + 5] and any(
                    _phrase_at(toks, k, _AT_LEAST_AFTER) is not None for k in range(end, min(n, end + 4))):
                qualifier = "at_least"
        best = None if qualifier == "range" else value
        if qualifier == "exact" or qualifier == "approx":
            low = high = value
        elif qualifier == "at_least":
            low, high = value, None
        elif qualifier == "at_most":
            low, high = None, value
        as_int = lambda v: None if v is None else int(round(min(v, LARGEST)))
        out.append(Quantity(start, end, as_int(low), as_int(best), as_int(high), qualifier, number_start))
        free = end
    return out
