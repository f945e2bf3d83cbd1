"""Lexicon-backed matchers for actors, places, reporters and event triggers (built once per process)."""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from extract.lexicon import aliases, load_csv
from extract.matcher import AliasMatcher
from extract.text import normalize

# Most specific first: an event is placed at the most precise place its sentence names.
PLACE_SPECIFICITY = {"neighbourhood": 0, "site": 0, "camp": 0, "village": 1, "town": 1, "city": 2,
                     "area": 3, "governorate": 4, "country": 5}


@dataclass(frozen=True)
class Trigger:
    event_type: str
    sub_event_type: str
    priority: int
    generic: bool = False     # «هجوم», «مجزرة»: yields to a more specific violent trigger in the sentence


@functools.cache
def actors() -> dict[str, dict[str, str]]:
    return {r["actor_id"]: r for r in load_csv("actors.csv")}


@functools.cache
def successions() -> tuple[tuple[str, str, date, frozenset[str]], ...]:
    """(actor, successor, from date, the actor's aliases that name the successor from that date)."""
    def surfaces(row) -> frozenset[str]:
        names = set(aliases(row))  # and «للجيش السوري»: after the clitic ل the matcher sees «لجيش السوري»
        return frozenset(names | {n[1:] for n in names if n.startswith("ال")})

    return tuple((r["actor_id"], r["successor_id"], date.fromisoformat(r["from_date"]), surfaces(r))
                 for r in load_csv("actor_successions.csv"))


def successor(key: str, surface: str, published: date | None) -> str:
    """The actor a mention names in an article published on `published`: «الجيش السوري» in 2025 is
    the post-Assad government's army (actor_successions.csv); without a date, the lexicon's actor."""
    if published is not None:
        for actor, heir, since, names in successions():
            if key == actor and published >= since and " ".join(surface.split()) in names:
                return heir
    return key


@functools.cache
def places() -> dict[str, dict[str, str]]:
    return {r["place_id"]: r for r in load_csv("places.csv")}


@functools.cache
def reporters() -> dict[str, dict[str, str]]:
    return {r["reporter_id"]: r for r in load_csv("reporters.csv")}


@functools.cache
def actor_matcher() -> AliasMatcher:
    return AliasMatcher({k: aliases(r) for k, r in actors().items()})


@functools.cache
def place_matcher() -> AliasMatcher:
    return AliasMatcher({k: aliases(r) for k, r in places().items()})


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


@functools.cache
def event_taxonomy() -> frozenset[tuple[str, str]]:
    return frozenset((r["event_type"], r["sub_event_type"]) for r in load_csv("event_types.csv"))
