"""Lexicon-backed matchers for actors, places, reporters and event triggers (built once per process)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from extract.gazetteer import gazetteer, not_places, spelling_variants
from extract.lexicon import aliases, load_csv
from extract.matcher import _CLITIC_STRINGS, ARABIC_WORD_RE, AliasMatcher
from extract.text import normalize

# Most specific first: an event is placed at the most precise place its sentence names.
PLACE_SPECIFICITY = {
    "neighbourhood": 0,
    "site": 0,
    "camp": 0,
    "village": 1,
    "town": 1,
    "city": 2,
    "area": 3,
    "subdistrict": 3,
    "district": 3,
    "governorate": 4,
    "country": 5,
}
# kinds no text names by their own alias (a district is named after its centre, a town)
_NOT_MATCHED = {"district", "subdistrict"}


@dataclass(frozen=True)
class Trigger:
    event_type: str
    sub_event_type: str
    priority: int
    generic: bool = False  # «هجوم», «مجزرة»: yields to a more specific violent trigger in the sentence


@functools.cache
def actors() -> dict[str, dict[str, str]]:
    return {r["actor_id"]: r for r in load_csv("actors.csv")}


def places() -> dict[str, dict]:
    """The national gazetteer (extract/gazetteer.py): place key -> row."""
    return gazetteer()


@functools.cache
def successions() -> tuple[tuple[str, str, date, frozenset[str]], ...]:
    """(actor, successor, from date, the actor's aliases that name the successor from that date)."""

    def surfaces(row) -> frozenset[str]:
        names = set(aliases(row))  # and «للجيش السوري»: after the clitic ل the matcher sees «لجيش السوري»
        return frozenset(names | {n[1:] for n in names if n.startswith("ال")})

    return tuple(
        (r["actor_id"], r["successor_id"], date.fromisoformat(r["from_date"]), surfaces(r))
        for r in load_csv("actor_successions.csv")
    )


def successor(key: str, surface: str, published: date | None) -> str:
    """The actor a mention names in an article published on `published`: «الجيش السوري» in 2025 is
    the post-Assad government's army (actor_successions.csv); without a date, the lexicon's actor."""
    if published is not None:
        for actor, heir, since, names in successions():
            if key == actor and published >= since and " ".join(surface.split()) in names:
                return heir
    return key


@functools.cache
def place_aliases() -> dict[str, tuple[str, ...]]:
    """Normalised alias -> the keys of every place it can name, curated places first: «دوما» names
    the Douma of the Eastern Ghouta (curated) and two villages of Hama and As-Suwayda (OCHA)."""
    out: dict[str, list[str]] = {}
    rows = sorted(places().items(), key=lambda kv: kv[1]["source"] != "curated")
    for key, row in rows:
        if row["kind"] in _NOT_MATCHED:
            continue
        for a in aliases(row):
            if not ARABIC_WORD_RE.match(a):
                continue  # «6 تشرين», «16 تشرين»: the matcher could then no longer try word starts only
            for v in spelling_variants(a) if row["source"] != "curated" else [a]:
                keys = out.setdefault(" ".join(v.split()), [])
                if key not in keys:
                    keys.append(key)
    return {a: tuple(keys) for a, keys in out.items()}


@functools.cache
def curated_aliases() -> frozenset[str]:
    """The aliases places.csv lists: matched wherever they stand (the others, OCHA's and GeoNames'
    spellings of a curated place included, need the text to mark them as a place, extract/places.py)."""
    return frozenset(" ".join(a.split()) for r in load_csv("places.csv") for a in aliases(r))


@functools.cache
def reporters() -> dict[str, dict[str, str]]:
    return {r["reporter_id"]: r for r in load_csv("reporters.csv")}


@functools.cache
def actor_matcher() -> AliasMatcher:
    return AliasMatcher({k: aliases(r) for k, r in actors().items()})


@functools.cache
def ordinary_aliases() -> frozenset[str]:
    """Aliases that are ordinary words (not_places: «المدينة», «الأسد»), name no curated place,
    and that no clitic-led reading can turn into another alias. They are a place only where a place
    noun introduces them (extract/places.py reads them there), so the matcher leaves them out: a
    third of its hits in news text, and every one of them refused."""
    aliases, curated, rows = place_aliases(), curated_aliases(), places()
    extended = {name[len(c) :] for name in aliases for c in _CLITIC_STRINGS if c and name.startswith(c)}
    return frozenset(
        a
        for a in not_places() & aliases.keys()
        if a not in curated
        and "ال" + a not in aliases
        and a not in extended
        and not any(rows[k]["source"] == "curated" for k in aliases[a])
    )


@functools.cache
def place_matcher() -> AliasMatcher:
    """Matches the gazetteer's aliases but the ordinary words; a hit's key is the alias itself
    (place_aliases gives the places it can name)."""
    ordinary = ordinary_aliases()
    return AliasMatcher({a: [a] for a in place_aliases() if a not in ordinary})


@functools.cache
def curated_place_matcher() -> AliasMatcher:
    """The curated aliases alone: what a national name the text does not mark as a place holds."""
    return AliasMatcher({a: [a] for a in curated_aliases()})


@functools.cache
def reporter_matcher() -> AliasMatcher:
    return AliasMatcher({k: aliases(r) for k, r in reporters().items()})


@functools.cache
def triggers() -> dict[str, Trigger]:
    out = {}
    for r in load_csv("triggers.csv"):
        term = normalize(r["trigger_ar"].rstrip("*"))
        out[term] = Trigger(r["event_type"], r["sub_event_type"], int(r["priority"]), r.get("generic") == "true")
    return out


@functools.cache
def trigger_matcher() -> AliasMatcher:
    stems = {normalize(r["trigger_ar"].rstrip("*")) for r in load_csv("triggers.csv") if r["trigger_ar"].endswith("*")}
    return AliasMatcher({t: [t] for t in triggers()}, prefix_terms=stems)
