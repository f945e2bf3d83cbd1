"""Places a text names: gazetteer hits (with «ريف X» read as X's governorate) and unknown places
introduced by «قرية/بلدة/حي/مخيم ...» that the gazetteer lacks, kept without coordinates.

The gazetteer is national (extract/gazetteer.py): thousands of village names, many of them also
ordinary words («الجنوبي», «حدث», «دار») or shared by several villages («المشيرفة» names twelve).
So a name only the national lists hold counts as a place where the text marks it as one (a place
noun or a locative word before it, «بـ» on it, a list of places it continues, «بريف X» after it),
and a name several places share is resolved by its context: the governorate or district named
beside it («بريف إدلب الجنوبي»), then the article's other places, then the curated lexicon's
reading (the place the news means by that name), else the coarsest level its candidates share (a
sub-district, district, governorate or country), whose row carries the matching geo_precision:
never the first candidate silently.
"""

from __future__ import annotations

import functools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from operator import attrgetter
from typing import NamedTuple

from extract.entities import (
    PLACE_SPECIFICITY,
    curated_aliases,
    curated_place_matcher,
    ordinary_aliases,
    place_aliases,
    place_matcher,
    places,
)
from extract.gazetteer import clitic_words, country_key, governorate_key, not_places, spelling_variants
from extract.lexicon import LEXICON_DIR
from extract.matcher import AR, Words, match_at_words
from extract.text import normalize

# «ريف X», «محافظة X», «محافظتي X و...»: the governorate of X, not the city
_COUNTRYSIDE_RE = re.compile(rf"(?<![{AR}])[وفب]?(?:ريف|محافظه|محافظتي)\s+$")
# «محافظتي الرقة ودير الزور», «محافظات درعا والقنيطرة والسويداء»: every place in the list
_DUAL_GOVERNORATE_RE = re.compile(rf"(?<![{AR}])[وفب]?(?:محافظتي|محافظات)(?:\s+[^\s.،,؛]+){{1,6}}\s+و?$")
# «تشرين الأول» is a month, not the Damascus district
_MONTH_AFTER_RE = re.compile(r"^\s+(?:الاول|الثاني)(?![\u0621-\u064A])")
_UNKNOWN_INTROS = ("قريه", "بلده", "بلدتي", "حي", "حيي", "مخيم", "منطقه", "جبهات", "محور")
_UNKNOWN_RE = re.compile(
    rf"(?<![{AR}])[وفب]?(?:{'|'.join(_UNKNOWN_INTROS)})\s+[\"'«]?(?P<name>(?:ال)?[{AR}]{{2,}})"
    rf"(?:\s+(?P<more>ال[{AR}]{{3,}}))?"
)
# the whole words that can open such a match (a space follows the introducing noun)
_UNKNOWN_OPENERS = frozenset(c + w for c in ("", "و", "ف", "ب") for w in _UNKNOWN_INTROS)
# «قرى X وY وZ», «قريتي X و Y»: a list of places a plural place noun opens; a member is one word
# or two («وخان السبل»), the members apart by «،» or «و»
_LIST_INTROS = ("قري", "بلدات", "قريتي", "قريتا", "بلدتا")
_MEMBER = rf"[\"'«(]?[{AR}]{{2,}}(?:\s+(?!و)[{AR}]{{2,}})?"
_MEMBER_SEP = r"(?:\s*[،,]\s*و?\s*|\s+و\s*)"
_LIST_RE = re.compile(
    rf"(?<![{AR}])[وفب]?(?:{'|'.join(_LIST_INTROS)})\s+(?P<items>{_MEMBER}(?:{_MEMBER_SEP}{_MEMBER})*)"
)
_SEP_RE = re.compile(_MEMBER_SEP)
_LIST_OPENERS = frozenset(c + w for c in ("", "و", "ف", "ب") for w in _LIST_INTROS)
# the word a compound's head runs on to («سد أبو فياض», «جبل "سنجار"»)
_NEXT_WORD_RE = re.compile(rf"\s+[\"'«]?([{AR}]{{2,}})")
_new_tuple = tuple.__new__

# Nouns that make the next name a place («قرية X», «بلدات X»), and locative words after which a
# longer name reads as one («في X», «قرب X»), in the normal form, clitics (و ف ب ل) stripped.
_PLACE_NOUNS = frozenset(
    normalize(w)
    for w in (
        "قرية",
        "قرى",
        "قريتي",
        "قريتا",
        "بلدة",
        "بلدات",
        "بلدتي",
        "بلدتا",
        "مدينة",
        "مدن",
        "مدينتي",
        "حي",
        "أحياء",
        "حيي",
        "مخيم",
        "مخيمات",
        "مزرعة",
        "مزارع",
        "ناحية",
        "منطقة",
        "مناطق",
        "تجمع",
        "ريف",
        "محيط",
        "أطراف",
        "تلة",
        "تل",
        "تلال",
        "جبل",
        "سهل",
        "وادي",
        "معبر",
        "حاجز",
        "مطار",
        "منطقتي",
        "ضواحي",
        "تخوم",
        "محافظة",
        "محافظتي",
        "محافظات",
        "ولاية",
        "إقليم",
        "قضاء",
        "أقضية",
        "نواحي",
        "حقل",
        "بادية",
        "معسكر",
        "دوار",
        "سد",
    )
)
_LOCATIVES = frozenset(
    normalize(w)
    for w in (
        "في",
        "من",
        "إلى",
        "الى",
        "على",
        "قرب",
        "عند",
        "نحو",
        "باتجاه",
        "اتجاه",
        "حول",
        "بين",
        "داخل",
        "مدخل",
        "مداخل",
        "شرق",
        "غرب",
        "شمال",
        "جنوب",
        "شرقي",
        "غربي",
        "شمالي",
        "جنوبي",
        "أهالي",
        "سكان",
        "أبناء",
        "مقابل",
        "بمحيط",
        "وسط",
        "طريق",
        "أرياف",
        "جوار",
        "بالقرب",
        "قربها",
        "تجاه",
    )
)
# «بريف إدلب», «في ريف حماة», «ريف», «التابعة لـ»: a name followed by these is a place
_REGION_AFTER_RE = re.compile(
    r"[\s،,]+(?:[وب]|في\s+)?(?:ريف|ريفي|محافظه|ناحيه|منطقه|التابعه|قضاء|غرب|شرق|شمال|جنوب)"
    rf"(?![{AR}])"
)
# names that open like a person's («أبو محمد», «أم علي»): a place only when the text marks them
_PERSON_HEADS = frozenset(
    normalize(w) for w in ("أبو", "ابو", "أم", "ام", "بن", "بنت", "عبد", "الشيخ", "السيد", "الحاج", "بني", "آل")
)
# what may stand between a place noun and the name: «بلدة “اليادودة”», «قرى (العبوش»
_OPENING_MARKS = " \u00ab\u201c\u201d\u2018\u2019\"'("
_CLITIC_PREFIXES = frozenset(w + b + a for w in ("", "و", "ف") for b in ("", "ب", "ل", "ك") for a in ("", "ال"))
_PLURAL_PLACE_NOUNS = frozenset(
    normalize(w)
    for w in (
        "قرى",
        "بلدات",
        "مدن",
        "أحياء",
        "قريتي",
        "قريتا",
        "بلدتي",
        "بلدتا",
        "مدينتي",
        "حيي",
        "مناطق",
        "مخيمات",
        "مزارع",
        "محافظات",
        "محافظتي",
        "نواحي",
        "أقضية",
    )
)
_NEIGHBOURHOOD_NOUNS = frozenset(normalize(w) for w in ("حي", "حيي", "أحياء"))
# between two names of a list: a comma, or one word the matcher leaves out («الهبيط وعابدين وكفرسجنة»)
_LIST_GAP_RE = re.compile(rf"^\s*[،,]?\s*(?:و?[{AR}]+\s*[،,]?\s*)?$")
_SENTENCE_END = re.compile(r"[.!؟\n]")


class PlaceMention(NamedTuple):
    """A place named in the text (a tuple, like matcher.Match: one is built for every mention, with
    tuple.__new__, which skips the NamedTuple's Python-level constructor)."""

    key: str  # gazetteer id or unknown:<normalised name>
    name: str  # the normalised surface
    start: int
    end: int
    specificity: int

    def shifted(self, offset: int) -> PlaceMention:
        """The same mention with offsets counted from `offset` (a sentence's start)."""
        return _new_tuple(PlaceMention, (self.key, self.name, self.start - offset, self.end - offset, self.specificity))


class _Hit(NamedTuple):
    surface: str
    start: int
    end: int
    candidates: tuple[str, ...]
    listed: bool = False  # places.csv lists the alias


@functools.cache
def _governorate_of() -> dict[str, str]:
    """admin1 -> the governorate row's id, for «ريف X»."""
    return {r["admin1"]: pid for pid, r in places().items() if r["kind"] == "governorate"}


def _after_governorate_word(text: str, start: int) -> bool:
    """«ريف X», «محافظة X», «محافظتي X و...»: the 60 characters before a place name make it a
    governorate. Both patterns need «ريف» or «محافظ», a plain substring test (in place, without
    copying the text) that spares most regex searches."""
    lo = max(0, start - 60)
    if text.find("ريف", lo, start) < 0 and text.find("محافظ", lo, start) < 0:
        return False
    before = text[lo:start]
    return bool(_COUNTRYSIDE_RE.search(before[-10:]) or _DUAL_GOVERNORATE_RE.search(before))


def opens_unknown_place(word: str) -> bool:
    """Whether a place the gazetteer lacks can be introduced at this word («قرية», «وحي», ...)."""
    return word in _UNKNOWN_OPENERS


def _word_start(text: str, pos: int) -> int:
    """Where the word holding `pos` starts (its clitics included: «وبـكفرنبل»)."""
    while pos > 0 and "\u0621" <= text[pos - 1] <= "\u064a":
        pos -= 1
    return pos


@functools.cache
def _marker_words() -> dict[str, str]:
    """Every place noun and locative word, with and without its clitics (و ف ب ل), -> the bare word."""
    return {c + w: w for w in _PLACE_NOUNS | _LOCATIVES for c in ("", "و", "ف", "ب", "ل", "وب", "ول", "فب", "فل")}


def _previous_word(text: str, start: int) -> str:
    """The word before the one at `start`, a place noun or locative word without its clitics (و ف
    ب ل), or "" at a sentence end (a scan of a few characters: it runs for most hits)."""
    i = start
    while i > 0 and text[i - 1] in _OPENING_MARKS:
        i -= 1
    j = i
    while j > 0 and "\u0621" <= text[j - 1] <= "\u064a":
        j -= 1
    word = text[j:i]
    return _marker_words().get(word, word)


def _marked_as_place(text: str, hit: _Hit, previous_end: int) -> bool:
    """Whether the text marks a name only the national lists hold as a place. Ordinary words need
    a place noun; short names a place noun or a list of places they continue; longer ones also a
    locative word, «بـ» or a region after them; a name of two words or more is a place unless it
    opens like a person's or with a curated name («الباب شرقي حلب» is al-Bab, east of Aleppo)."""
    name = hit.surface
    start = _word_start(text, hit.start)
    word = _previous_word(text, start)
    if word in _PLACE_NOUNS:
        return True
    if name in not_places():
        return False
    clitics = text[start : hit.start]
    gap = text[previous_end:start] if previous_end >= 0 else ""
    if gap and _LIST_GAP_RE.match(gap) and (clitics.startswith("و") or "،" in gap or "," in gap):
        return True
    bare = name[2:] if name.startswith("ال") else name
    if len(bare) <= 3:
        return False
    if " " in name:
        if _opens_with_curated(text, start, hit):
            return False  # «الباب شرقي حلب»: the curated name, then a word
        if name.split(" ", 1)[0] not in _PERSON_HEADS:
            return True
    if "ب" in clitics or word in _LOCATIVES:
        return True
    return bool(_REGION_AFTER_RE.match(text, hit.end))


def _opens_with_curated(text: str, start: int, hit: _Hit) -> bool:
    """Whether the first word of a name, as the text writes it (clitics aside), is a curated alias:
    «الباب» of «الباب شرقي», not «تل» of «تل شعير» (places.csv lists «التل»)."""
    first = text[start : text.find(" ", hit.start)]
    curated = curated_aliases()
    return any(first[len(c) :] in curated for c in _CLITIC_PREFIXES if first.startswith(c) and len(first) > len(c))


def _candidates(text: str, m) -> tuple[_Hit, bool]:
    """The hit with every place it can name, and whether places.csv lists its alias. The matcher
    reads «المشيرفة» as ال + «مشيرفة» when both spellings are aliases: the two name the same places,
    and the hit keeps its ال. A neighbourhood competes with namesakes only after «حي»: «القنيطرة»
    is the city, «حي القنيطرة» may be Daraa's."""
    aliases, curated = place_aliases(), curated_aliases()
    surface, start = m.surface, m.start
    cands, listed = aliases[m.key], m.key in curated
    if text[max(0, start - 2) : start] == "ال":
        with_article = aliases.get("ال" + m.key)
        if with_article:
            cands = tuple(dict.fromkeys((*with_article, *cands)))
            listed = listed or "ال" + m.key in curated
            surface, start = "ال" + surface, start - 2
    if len(cands) > 1:
        towns, divisions = _kinds_of(cands)
        before = _previous_word(text, _word_start(text, start))
        if towns and before not in _NEIGHBOURHOOD_NOUNS:
            cands = towns
        if divisions and len(cands) > 1 and before not in _PLACE_NOUNS:
            cands = divisions  # «تركيا», not a village of that name
    return _Hit(surface, start, m.end, cands, listed), listed


@functools.cache
def _kinds_of(cands: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Of a name's candidates: those that are no OCHA neighbourhood, and the countries and
    first-level divisions (each list empty when the name has none)."""
    rows = places()
    towns = tuple(k for k in cands if rows[k]["kind"] != "neighbourhood" or rows[k]["source"] == "curated")
    divisions = tuple(k for k in cands if rows[k]["kind"] in ("country", "governorate"))
    return towns, divisions


def _curated_within(text: str, start: int, end: int) -> list[_Hit]:
    """The curated aliases in text[start:end] (a word or a name the text did not mark)."""
    out = []
    for inner in curated_place_matcher().find(text[start:end]):
        inner = inner.shifted(-start)
        out.append(_candidates(text, inner)[0])
    return out


def _longest_reading(text: str, m):
    """The matcher reads clitics first: «بداما» as ب + «داما», «لبنان» as ل + «بنان», when both
    are aliases. The longest alias the word can open with wins, as it does without clitics."""
    start = _word_start(text, m.start)
    aliases = place_aliases()
    for k in range(start, m.start):
        name = text[k : m.end]
        if name in aliases and (k == start or text[start:k] in _CLITIC_PREFIXES):
            return m._replace(key=name, start=k, surface=name)
    return m


def _list_gap(text: str, before: _Hit, after: _Hit) -> bool:
    """Whether `after` continues a list of places `before` is in («كفرنبل وحاس»، «حاس، كفرومة»)."""
    if after.start - before.end > 20:  # more than a comma, a short word and «و» between: no list
        return False
    start = _word_start(text, after.start)
    gap = text[before.end : start]
    return bool(_LIST_GAP_RE.match(gap)) and (text[start : after.start].startswith("و") or "،" in gap or "," in gap)


@functools.cache
def _plain_curated() -> frozenset[str]:
    """Curated aliases that name one place and that no clitic-led reading can lengthen: a hit of
    one of them is that place, whatever stands around it (most hits, read without further tests)."""
    aliases = place_aliases()
    extended = {name[len(c) :] for name in aliases for c in _CLITIC_PREFIXES if c and name.startswith(c)}
    return frozenset(
        a for a in curated_aliases() if len(aliases.get(a, ())) == 1 and a not in extended and "ال" + a not in aliases
    )


def _inside_ordinary_word(text: str, m, words: frozenset[str]) -> bool:
    """Whether a hit is read through a clitic out of an ordinary word and no place noun opens it:
    «شخصيات اجتماعية بارزة» is no ب + «ارزة» (a Hama village), «الطفلة فاطمة» no ف + «اطمة»
    (Atmeh). Checked only where a letter stands before the hit (a clitic), which few hits have."""
    if m.start == 0 or not "\u0621" <= text[m.start - 1] <= "\u064a":
        return False
    start = _word_start(text, m.start)
    return text[start : m.end] in words and _previous_word(text, start) not in _PLACE_NOUNS


def _gated_hits(text: str, matches) -> list[_Hit]:
    """The matcher's hits that name places: curated aliases always, the others where marked. A
    national name refused may hold a curated one («الباب شرقي حلب» is al-Bab east of Aleppo, not
    Damascus's Bab Sharqi). A list carries its marks: names refused in a list the text then marks
    as places are places («في سرمان والمشيرفة وبابولين بريف إدلب»), every name of a list a plural
    place noun opens is one («قرى الهبيط وعابدين وكفرسجنة»), and an ordinary word in a list does
    not break it."""
    out: list[_Hit] = []
    chain: list[_Hit] = []  # refused names, each continuing the list of the one before
    tail: _Hit | None = None  # the last name of the current list, accepted or not
    head: _Hit | None = None  # the first name of the current list (whether «قرى» opens it: plural)
    plural: bool | None = None  # computed when a refused name needs it
    placed = False  # the current list holds an accepted place
    plain, aliases, ordinary, clitic_ordinary = _plain_curated(), place_aliases(), not_places(), clitic_words()
    for m in matches:
        if _inside_ordinary_word(text, m, clitic_ordinary):
            continue
        if m.key in plain and text[max(0, m.start - 2) : m.start] != "ال":
            hit, listed = _Hit(m.surface, m.start, m.end, aliases[m.key], True), True
        else:
            hit, listed = _candidates(text, _longest_reading(text, m))
        continues = tail is not None and _list_gap(text, tail, hit)
        if not continues:
            head, plural, placed = hit, None, False
        accepted = listed
        if not listed:
            if " " in hit.surface:
                inner = _curated_within(text, _word_start(text, hit.start), hit.end)
                if inner and not _marked_as_place(text, hit, tail.end if continues else -1):
                    out.extend(inner)
                    chain, tail, head, plural, placed = [], inner[-1], inner[0], None, True
                    continue
            if continues and plural is None:
                plural = _previous_word(text, _word_start(text, head.start)) in _PLURAL_PLACE_NOUNS
            accepted = (continues and plural) or _marked_as_place(text, hit, tail.end if continues and placed else -1)
        if accepted:
            placed = True
            if chain and _list_gap(text, chain[-1], hit):
                out.extend(chain)
                out.sort(key=attrgetter("start"))
            out.append(hit)
            chain, tail = [], hit
        elif hit.surface not in ordinary:
            chain = chain + [hit] if chain and _list_gap(text, chain[-1], hit) else [hit]
            tail = hit
        else:  # an ordinary word carries a list on, unless it opens one
            tail = hit if continues else None
    return out


def _with_ordinary_names(hits: list[_Hit], introduced: list[re.Match]) -> list[_Hit]:
    """The hits plus the gazetteer's names that are ordinary words («الجديدة», «حدث») where a place
    noun introduces them («قرية الجديدة»): the matcher leaves those names out (ordinary_aliases)."""
    ordinary, aliases = ordinary_aliases(), place_aliases()
    extra = []
    for m in introduced:
        name = m["name"]
        key = name if name in ordinary else "ال" + name if "ال" + name in ordinary else None
        if key and not any(h.start <= m.start("name") < h.end for h in hits):
            extra.append(_Hit(name, *m.span("name"), aliases[key], False))
    return sorted(hits + extra, key=attrgetter("start")) if extra else hits


def _beside(text: str, hit: _Hit, other: _Hit) -> bool:
    """Whether `other` qualifies `hit`: it follows within a few words in the same sentence
    («X بريف إدلب», «X شرق مدينة الرقة», «X (حماة)»)."""
    return (
        0 <= other.start - hit.end <= 30
        and _same_sentence(text, hit.end, other.start)
        and not _list_gap(text, hit, other)
    )  # «البقاع وبعلبك» is a list, not Baalbek's Bekaa


def _same_sentence(text: str, a: int, b: int) -> bool:
    lo, hi = (a, b) if a <= b else (b, a)
    return _SENTENCE_END.search(text, lo, hi) is None


def _narrow(candidates: tuple[str, ...], by: str, value: str) -> tuple[str, ...]:
    rows = places()
    return tuple(k for k in candidates if rows[k][by] and rows[k][by] == value)


def _by_context(candidates: tuple[str, ...], anchors: list[dict]) -> tuple[str, ...]:
    """The candidates that lie in the district, else the governorate, of the anchors (the places
    named beside the name, nearest first), as long as an anchor narrows them."""
    for anchor in anchors:
        for level in ("admin2_pcode", "iso_3166_2"):
            if anchor[level] and anchor["kind"] not in ("country",):
                within = _narrow(candidates, level, anchor[level])
                if within:
                    candidates = within
                    if len(candidates) == 1:
                        return candidates
                    break
    return candidates


def _by_article(candidates: tuple[str, ...], admin2s: Counter, admin1s: Counter) -> tuple[str, ...]:
    """The candidates in the districts, else the governorates, the article's other places lie in."""
    rows = places()
    for level, seen in (("admin2_pcode", admin2s), ("iso_3166_2", admin1s)):
        within = tuple(k for k in candidates if rows[k][level] in seen)
        if within:
            best = max(seen[rows[k][level]] for k in within)
            return tuple(k for k in within if seen[rows[k][level]] == best)
    return candidates


def _shared_level(candidates: tuple[str, ...]) -> str | None:
    """The key of the finest level every candidate lies in: sub-district, district, governorate,
    country (None when they share none)."""
    rows = [places()[k] for k in candidates]
    for level in ("admin3_pcode", "admin2_pcode"):
        codes = {r[level] for r in rows}
        if len(codes) == 1 and "" not in codes and codes.pop() in places():
            return rows[0][level]
    isos = {r["iso_3166_2"] for r in rows}
    if len(isos) == 1 and "" not in isos:
        return governorate_key().get(rows[0]["iso_3166_2"])
    countries = {r["country"] for r in rows}
    return country_key().get(rows[0]["country"]) if len(countries) == 1 else None


def _resolve(text: str, hits: list[_Hit]) -> list[str | None]:
    """One key per hit: the place itself when the name is unique or its context decides, else the
    level its candidates share (None when even that is unknown). A name the national lists alone
    hold is refused when the place named beside it lies elsewhere («السكن الشبابي شرق مدينة
    الرقة» is not Aleppo's), and an OCHA neighbourhood when the article names no place of its
    governorate: then it is a namesake the gazetteer lacks."""
    rows = places()
    isos = {rows[h.candidates[0]]["iso_3166_2"] for h in hits if len(h.candidates) == 1}
    if all(h.listed and (len(h.candidates) == 1 or _curated_unless(h.candidates, isos)) for h in hits):
        # most articles: every name is curated, and no namesake lies where the article's places do
        return [h.candidates[0] if len(h.candidates) == 1 else _curated_reading(h.candidates)[0] for h in hits]
    # what each unambiguous hit tells of where the others lie: «ريف إدلب» names the governorate
    # only, not the city's district
    anchor = _anchors(text, hits, rows)
    admin2s = Counter(a["admin2_pcode"] for a in anchor.values() if a["admin2_pcode"])
    admin1s = Counter(a["iso_3166_2"] for a in anchor.values() if a["iso_3166_2"])
    # the places that qualify another (a curated place, a governorate): a village read from a
    # common word («في ساقية ماء») must not move its neighbour
    strong = [j for j in anchor if hits[j].listed or anchor[j]["kind"] in ("governorate", "country")]
    abroad = _abroad_only(hits, anchor)
    sentence_of: list[int] | None = None  # each hit's sentence, found when a name needs its neighbours
    keys: list[str | None] = []
    for i, h in enumerate(hits):
        cands = h.candidates
        if not h.listed:
            if abroad and all(rows[k]["country"] == "Syria" for k in cands):
                keys.append(None)  # «الصوانة» in a report from South Lebanon is no Syrian village
                continue
            beside = {anchor[j]["iso_3166_2"] for j in strong if j != i and _beside(text, h, hits[j])} - {""}
            if beside:
                cands = tuple(k for k in cands if rows[k]["iso_3166_2"] in beside)
                if not cands:
                    keys.append(None)
                    continue
        if len(cands) > 1:
            if sentence_of is None:
                ends = [m.end() for m in _SENTENCE_END.finditer(text)]
                sentence_of = [bisect_right(ends, x.start) for x in hits]
            near = sorted(
                (j for j in anchor if j != i and sentence_of[j] == sentence_of[i]),
                key=lambda j: (hits[j].start < h.start, abs(hits[j].start - h.start)),
            )
            cands = _by_context(cands, [anchor[j] for j in near])
        if len(cands) > 1:
            cands = _by_article(cands, admin2s, admin1s)
        if len(cands) > 1:
            cands = _preferred(cands, h.surface)
        key = cands[0] if len(cands) == 1 else _shared_level(cands)
        keys.append(None if key and _namesake_neighbourhood(rows[key], admin1s) else key)
    return keys


def _preferred(cands: tuple[str, ...], surface: str) -> tuple[str, ...]:
    """Of the candidates context cannot tell apart: the one curated place, else those named as the
    text names them («سرجة», not «سرجة شرقية» that reports also call «سرجة»: gazetteer._unqualified)."""
    rows = places()
    curated = tuple(k for k in cands if rows[k]["source"] == "curated")
    if len(curated) == 1:
        return curated
    bare = surface.removeprefix("ال")
    exact = tuple(k for k in cands if bare in _plain_names(k))
    return exact or cands


@functools.cache
def _plain_names(key: str) -> frozenset[str]:
    """A place's own name in its spellings (gazetteer.spelling_variants: «بدامة» for «بداما»), ال aside."""
    name = " ".join(normalize(places()[key]["name_ar"]).split()).removeprefix("ال")
    return frozenset(spelling_variants(name))


def _anchors(text: str, hits: list[_Hit], rows: dict[str, dict]) -> dict[int, dict]:
    """The place of each unambiguous hit, by its index: «ريف إدلب» names the governorate only, not
    the city's district; «بريف أبو راسين», the countryside of a town, still names its district."""
    anchor: dict[int, dict] = {}
    for i, h in enumerate(hits):
        if len(h.candidates) == 1:
            r = rows[h.candidates[0]]
            wide = r["kind"] in ("city", "governorate") and _after_governorate_word(text, h.start)
            anchor[i] = {**r, "admin2_pcode": ""} if wide else r
    return anchor


def _namesake_neighbourhood(row: dict, admin1s: Counter) -> bool:
    """An OCHA neighbourhood in an article naming no place of its governorate: a namesake the
    gazetteer lacks."""
    return row["kind"] == "neighbourhood" and row["source"] != "curated" and not admin1s.get(row["iso_3166_2"])


@functools.cache
def _curated_reading(cands: tuple[str, ...]) -> tuple[str | None, frozenset[str]]:
    """A shared name's one curated candidate (None when not exactly one) and its namesakes' ISO codes."""
    rows = places()
    curated = [k for k in cands if rows[k]["source"] == "curated"]
    others = frozenset(rows[k]["iso_3166_2"] for k in cands if rows[k]["source"] != "curated")
    return (curated[0] if len(curated) == 1 else None), others


def _curated_unless(cands: tuple[str, ...], isos: set[str]) -> bool:
    """Whether context cannot move a shared name off its curated reading: no namesake lies in a
    governorate the article's unambiguous places name (the context rules narrow to those only)."""
    curated, others = _curated_reading(cands)
    return curated is not None and not (others & isos)


def _abroad_only(hits: list[_Hit], anchor: dict[int, dict]) -> bool:
    """Whether the text names places of the neighbours below the country level («النبطية»,
    «بعلبك») and no Syrian place at all (Syria itself included)."""
    countries = {anchor[j]["country"] for j in anchor if anchor[j]["kind"] != "country"}
    named_syria = any(anchor[j]["country"] == "Syria" for j in anchor)
    return bool(countries - {"Syria"}) and not named_syria


def _too_coarse(hit: _Hit, key: str | None) -> bool:
    """A name whose namesakes share no governorate tells no more than the country: it stays the
    name the text gives (an unknown place, when a place noun introduces it)."""
    return key is None or (key not in hit.candidates and places()[key]["kind"] == "country")


@functools.cache
def _word_list(name: str) -> frozenset[str]:
    """A hand-kept word list of gazetteer/ (one word a line, # comments)."""
    lines = (LEXICON_DIR / "gazetteer" / name).read_text(encoding="utf-8").splitlines()
    return frozenset(w for line in lines if (w := line.split("#", 1)[0].strip()))


def _not_name_parts() -> frozenset[str]:
    return _word_list("not_name_parts.txt")


def _not_a_name(name: str) -> bool:
    """Whether the word a place noun opens names no place: a description or a word of the war
    (not_unknown_names.txt), a locative word («ببلدة شرقي دير الزور»), two letters that open no
    compound name."""
    return (
        name in _word_list("not_unknown_names.txt")
        or name in _LOCATIVES
        or (len(name) < 3 and name not in _word_list("name_heads.txt"))
    )


def _unknown_name(text: str, m: re.Match) -> tuple[str, int]:
    """The name a place noun opens and where it ends: two words when the second, with ال, continues
    it («بلدة عيتا الجبل», «قرية غريبة الشرقية», «بلدة جزرة البوشمس»), one when it describes the
    place («بلدة X الحدودية», not_name_parts.txt) or is a place the gazetteer knows («قرية X
    الرقة» is X, then Raqqa); a compound's head (name_heads.txt) runs on to the next word
    whatever its form («منطقة سد أبو فياض», «منطقة جبل سنجار»)."""
    end, last = m.end("name"), m["name"]
    while last in _word_list("name_heads.txt") and (nxt := _NEXT_WORD_RE.match(text, end)):
        end, last = nxt.end(), nxt[1]
    if end > m.end("name"):
        return text[m.start("name") : end], end
    more = m["more"]
    if more is None or more in _not_name_parts() or more in place_aliases() or more[2:] in place_aliases():
        return m["name"], m.end("name")
    return text[m.start("name") : m.end("more")], m.end("more")


def _two_word_unknowns(text: str, introduced: list[re.Match]) -> dict[int, int]:
    """Where a two-word name a place noun opens starts -> where it ends, when the gazetteer lacks it."""
    out = {}
    for m in introduced:
        if not _not_a_name(m["name"]):
            name, end = _unknown_name(text, m)
            if end > m.end("name") and " ".join(name.split()) not in place_aliases():
                out[m.start("name")] = end
    return out


def find_places(text: str, words: Words | None = None, answers: Sequence | None = None) -> list[PlaceMention]:
    """`words`: the text's Words when the caller already has them, or any part of them that keeps
    every word where a mention can start; `answers`: the gazetteer matcher's answer at each of those words, when
    the caller has looked them up (AliasMatcher.find_at)."""
    words = words or Words.of(text)
    if answers is None:
        answers = list(map(place_matcher().answer, words.words))
    out: list[PlaceMention] = []
    # the multi-word mentions so far (the only ones a later mention can be the short form of), by
    # each of their leading word runs: «الغوطه» -> {key: mention} for «الغوطه الشرقيه»
    by_head: dict[str, dict[str, PlaceMention]] = {}
    spans = []
    rows = places()
    hits = _gated_hits(text, place_matcher().find_at(text, words.starts, answers))
    introduced = list(match_at_words(_UNKNOWN_RE, text, words, _UNKNOWN_OPENERS.__contains__))
    hits = _with_ordinary_names(hits, introduced)
    longer_unknown = _two_word_unknowns(text, introduced)
    for m, key in zip(hits, _resolve(text, hits)):
        if not m.listed and longer_unknown.get(m.start, 0) > m.end:
            continue  # «بلدة "عيتا الجبل"»: the name the place noun opens is longer than the village hit
        if m.surface == "تشرين" and _MONTH_AFTER_RE.match(text[m.end : m.end + 8]):
            continue  # (the unknown-place pattern never reads a month: no place noun before it)
        if _too_coarse(m, key):
            continue  # the unknown-place pattern keeps it when the text introduces it
        spans.append((m.start, m.end))
        row = rows[key]
        if row["kind"] not in ("governorate", "country") and _after_governorate_word(text, m.start):
            key = _governorate_of().get(row["admin1"], key)
        # a short form after the long one names the same place: «الغوطة» after «الغوطة الشرقية»
        longer = None
        longer_all = by_head.get(m.surface)
        if longer_all and len(longer_all) == 1:  # «القلمون» after both halves stays
            longer = next(iter(longer_all.values()))
            key = longer.key
        out.append(
            _new_tuple(
                PlaceMention,
                (key, m.surface if longer is None else longer.name, m.start, m.end, _specificity(key, m.candidates)),
            )
        )
        name = out[-1].name
        space = name.find(" ")
        while space > 0:
            by_head.setdefault(name[:space], {})[key] = out[-1]
            space = name.find(" ", space + 1)
    out.extend(_unknowns(text, words, introduced, spans))
    out.sort(key=attrgetter("start"))
    return out


def _unknowns(text: str, words: Words, introduced: list[re.Match], spans: list[tuple[int, int]]) -> list:
    """The places the gazetteer lacks: those a place noun opens («قرية X»), and the other members
    of a list a plural one opens («قرى سرمان ومشيرفة وسقيقات», «قريتي كوركو و بنافي»)."""
    out = []
    for m in introduced:
        s, e = m.span("name")
        if any(a <= s < b for a, b in spans) or _not_a_name(m["name"]):
            continue
        name, e = _unknown_name(text, m)
        out.append(_new_tuple(PlaceMention, (f"unknown:{name}", name, s, e, 1)))
    taken = spans + [(p.start, p.end) for p in out]
    for lm in match_at_words(_LIST_RE, text, words, _LIST_OPENERS.__contains__):
        members = _members(text, lm.start("items"), lm.end("items"))
        for s, name in members if len(members) > 1 else ():
            if not any(a <= s < b for a, b in taken) and not _not_a_name(name) and _may_be_unknown(name):
                out.append(_new_tuple(PlaceMention, (f"unknown:{name}", name, s, s + len(name), 1)))
    return out


def _may_be_unknown(name: str) -> bool:
    """A list member that can name a place the gazetteer lacks (or names too many to tell apart):
    no place noun («، وقرى»), no gazetteer name that is also an ordinary word («الهبيط وعابدين»: a
    first name, read only after a place noun of its own)."""
    return name not in _PLACE_NOUNS and name not in ordinary_aliases()


def _members(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """Where each member of a list starts and its name: the first word, run on past a compound's
    head («ودار السلام»: name_heads.txt)."""
    out = []
    bounds = [start, *(x for m in _SEP_RE.finditer(text, start, end) for x in m.span()), end]
    for lo, hi in zip(bounds[::2], bounds[1::2]):
        chunk = text[lo:hi]
        lead = len(chunk) - len(chunk.lstrip("\"'«( "))
        words = chunk[lead:].split()
        if words and _marker_words().get(words[0]) in _PLACE_NOUNS:  # «، وقرى سرمان»: the next list
            lead, words = lead + len(words[0]) + 1, words[1:]
        n = 1
        while n < len(words) and words[n - 1] in _word_list("name_heads.txt"):
            n += 1
        if words:
            out.append((lo + lead, " ".join(words[:n])))
    return out


def _specificity(key: str, candidates: tuple[str, ...]) -> int:
    """How fine the named place is: a village read at the level its namesakes share («قرى سرمان
    ومشيرفة»: a sub-district) is still a village the text names, one of a list of villages."""
    rows = places()
    spec = PLACE_SPECIFICITY.get(rows[key]["kind"], 5)
    if key in candidates or rows[key]["kind"] not in ("subdistrict", "district"):
        return spec
    return min(spec, *(PLACE_SPECIFICITY.get(rows[k]["kind"], 5) for k in candidates))


def unknown_place_context(text: str, mentions: Sequence[PlaceMention]) -> dict[str, tuple[str | None, int, int]]:
    """Per unknown place: the ISO 3166-2 code of its governorate as the context gives it (the
    nearest known place of its sentence, else the article's most named governorate) and the span
    of the first sentence naming it (its example for ops.unknown_places)."""
    out: dict[str, tuple[str | None, int, int]] = {}
    stops: list[int] | None = None  # where the sentence ends stand (found once, bisected per place)
    for p in mentions:
        if not p.key.startswith("unknown:") or p.key in out:
            continue
        if stops is None:  # the article's context, read once it names a place the gazetteer lacks
            rows = places()
            known = [(q, rows[q.key]["iso_3166_2"]) for q in mentions if q.key in rows and rows[q.key]["iso_3166_2"]]
            article = Counter(iso for _, iso in known).most_common(1)
            stops = [m.start() for m in _SENTENCE_END.finditer(text)]
        # two offsets share a sentence when no sentence end stands between them (_same_sentence)
        at = bisect_left(stops, p.start)
        near = [(abs(q.start - p.start), iso) for q, iso in known if bisect_left(stops, q.start) == at]
        iso = min(near)[1] if near else (article[0][0] if article else None)
        after = bisect_left(stops, p.end)
        out[p.key] = (iso, stops[at - 1] + 1 if at else 0, stops[after] + 1 if after < len(stops) else len(text))
    return out
