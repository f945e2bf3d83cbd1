"""Where an event happened when the sentence that reports it names only a coarse place: a later
sentence that adds no happening of its own but names villages within that place tells where it
was. «قتل 19 مدنياً ... في قصف جوي ... بمحافظة إدلب» then «وأفاد المرصد بأن القصف استهدف قرية
بليون وقرية البارة في ريف إدلب الجنوبي»: the strike is coded at each village (ACLED: one event
per village), and the coarse report joins them (article._merge_same_happening). Likewise a
sentence with no trigger word that goes on about the event just reported («استشهد مدنيان ... في
ريف دير الزور» then «انفجر لغماً ... في بلدة السوسة بريف دير الزور»). The place a person comes
from («وينحدر القتيل من بلدة البوعمر») is not where the event happened.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence

from extract.entities import PLACE_SPECIFICITY, places
from extract.events import VIOLENT_TYPES, EventCandidate, _is_city_part
from extract.lexicon import load_yaml
from extract.places import PlaceMention
from extract.text import normalize

# a sentence with no trigger word tells more of the event reported at most this many sentences before
_REACH = 3


@functools.cache
def _lexicon() -> dict:
    raw = load_yaml("event_places.yml")
    return {
        "origin": frozenset(normalize(w) for w in raw["origin_before"]),
        "window": int(raw["origin_window"]),
        "between": frozenset(normalize(w) for w in raw["between"]),
    }


def _bare(word: str) -> str:
    word = word.strip("\"'«»()“”")
    return word[1:] if len(word) > 3 and word[0] in "وفبل" else word


def _words_before(sentence: str, start: int, n: int) -> list[str]:
    """The last `n` words before `start` within its clause (clitics stripped)."""
    clause = max(sentence.rfind(mark, 0, start) for mark in "،,؛:")
    return [_bare(w) for w in sentence[clause + 1 : start].split()[-n:]]


def _origin(sentence: str, p: PlaceMention) -> bool:
    """«ينحدر من بلدة X», «من أبناء قرية X»: X is where a person comes from."""
    lx = _lexicon()
    words = _words_before(sentence, p.start, lx["window"])
    return any(w in lx["origin"] or w[2:] in lx["origin"] for w in words)


def _level(key: str | None) -> float:
    """A place's specificity (entities.PLACE_SPECIFICITY): a place the gazetteer lacks is named as
    a village would be; no place is the coarsest."""
    if key is None:
        return 6
    row = places().get(key)
    return PLACE_SPECIFICITY.get(row["kind"], 5) if row else 1


def _iso_of(key: str | None, unknown_iso: dict) -> str:
    row = places().get(key) if key else None
    if row is not None:
        return row["iso_3166_2"]
    return (unknown_iso.get(key) or ("",))[0] or "" if key else ""


def _region(p: PlaceMention, sentence_places: Sequence[PlaceMention]) -> tuple[str, str]:
    """(country, ISO 3166-2) of a place; a place the gazetteer lacks lies where the nearest known
    place of its sentence does («قرية غريبة الشرقية بريف دير الزور»), ("", "") when none is named."""
    rows = places()
    if p.key in rows:
        return rows[p.key]["country"], rows[p.key]["iso_3166_2"]
    known = [q for q in sentence_places if q.key in rows]
    if not known:
        return "", ""
    near = min(known, key=lambda q: abs(q.start - p.start))
    return rows[near.key]["country"], rows[near.key]["iso_3166_2"]


def _encloses(event, region: tuple[str, str], finer: float) -> int:
    """How well an event's place holds a finer place of `region`: 2 the same governorate, 1 a
    region with no governorate (the country, «شمال سوريا») of the same country or no place, 0 not."""
    if _level(event.place_key) <= finer:
        return 0
    row = places().get(event.place_key) if event.place_key else None
    if row is None:
        return 1 if event.place_key is None else 0
    if row["iso_3166_2"]:
        return 2 if row["iso_3166_2"] == region[1] else 0
    return 1 if not region[0] or row["country"] == region[0] else 0


def _elsewhere(event, p: PlaceMention, region: tuple[str, str], unknown_iso: dict) -> bool:
    """Whether a town or village cannot be where an event was: the event lies in another
    governorate, or at another village («... في بلدة تل شهاب» then «... في بلدة اليادودة»)."""
    if event.place_key is None or event.place_key == p.key or p.specificity > 2:
        return False
    iso = _iso_of(event.place_key, unknown_iso)
    if iso and region[1] and iso != region[1]:
        return True
    return p.specificity <= 1 and _level(event.place_key) <= 1 and iso == region[1]


def _target(events: Sequence, p: PlaceMention, region: tuple[str, str], index: int, strict: bool):
    """The event a finer place tells more of: the latest violent event whose place holds it (its
    governorate before a region of the country). `strict` (no trigger word in the sentence): only
    the latest violent event, reported at most _REACH sentences before."""
    violent = [e for e in events if e.event_type in VIOLENT_TYPES]
    if strict:
        violent = [e for e in violent[-1:] if index - e.sentence_index <= _REACH]
    ranked = [(_encloses(e, region, p.specificity), i) for i, e in enumerate(violent)]
    best = max(ranked, default=(0, 0))
    return violent[best[1]] if best[0] else None


def _told_places(sentence: str, sentence_places: Sequence[PlaceMention], back: list[EventCandidate]) -> list:
    """The villages a sentence tells the event at: those its back-references («القصف») govern, or
    else every village it names (the first of «بين بلدتي X وY»), places of origin aside."""
    if back:
        found = list({c.place.key: c.place for c in back if c.place is not None}.values())
    else:
        found = list(sentence_places)
    # a sentence with no trigger word tells of towns and villages; a city there qualifies them
    # (a village read at the sub-district its namesakes share is a village: PlaceMention.specificity)
    finest = 2 if back else 1
    found = [
        p for p in found if p.specificity <= finest and not _origin(sentence, p) and not _is_city_part(p, sentence)
    ]
    if not back and found:
        first = found[0]
        if any(w in _lexicon()["between"] for w in _words_before(sentence, first.start, 2)):
            found = [first]
    return found


def elaborations(
    sentence: str,
    index: int,
    sentence_places: Sequence[PlaceMention],
    candidates: Sequence[EventCandidate],
    events: Sequence,
    day_at: Callable[[int], int | None | bool],
    unknown_iso: dict,
) -> list[EventCandidate]:
    """The events a sentence that reports no happening of its own (its triggers refer back, or it
    has none) codes at the villages it names: one per village, of the kind, day and sides of the
    coarser event reported before that holds it; a back-reference to no event of its place is a new
    one. `unknown_iso`: the governorate (ArticleExtraction.unknown_places) of each unknown place."""
    back = [c for c in candidates if c.generic and c.event_type in VIOLENT_TYPES]
    if candidates and not back:
        return []
    out = []
    violent = [e for e in events if e.event_type in VIOLENT_TYPES]
    for p in _told_places(sentence, sentence_places, back):
        region = _region(p, sentence_places)
        event = _target(events, p, region, index, strict=not back)
        if event is None:
            own = next((c for c in back if c.place == p), None)
            if own is not None and all(_elsewhere(e, p, region, unknown_iso) for e in violent):
                out.append(own)  # «الهجوم ... في منطقة سد أبو فياض شرقي حماة»: no event before was there
            continue
        day = day_at(p.start)
        if day is False or (day is not None and event.day_offset is not None and day != event.day_offset):
            continue
        trigger = next((c.trigger for c in back if c.place == p), event.trigger_text)
        out.append(
            EventCandidate(event.event_type, event.sub_event_type, trigger, p.start, p.end, p, tuple(event.actors))
        )
    return out
