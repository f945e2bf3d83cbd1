"""Event detection: triggers in a sentence mapped to the ACLED taxonomy (plus the Humanitarian
extension), with the actors' roles and the place the event happened."""
from __future__ import annotations

from typing import NamedTuple

from extract.entities import Trigger, actors, trigger_matcher, triggers
from extract.matcher import Match
from extract.places import PlaceMention

NON_COMBATANT_ACTORS = {"civilians", "un", "sarc"}
VIOLENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}


class EventCandidate(NamedTuple):
    """An event a sentence reports, before article-level context (a tuple: several per sentence)."""

    event_type: str
    sub_event_type: str
    trigger: str
    trigger_start: int
    trigger_end: int
    place: PlaceMention | None
    actors: tuple[tuple[str, str, str], ...]     # (actor_id, role, surface)
    generic: bool = False       # only a generic trigger («الهجوم») names it: may refer back
    implied: bool = False       # read from a casualty figure, not a trigger word


def _roles(event_type: str, sentence_actors: list[Match]) -> list[tuple[str, str, str]]:
    """ACLED-style roles by order of mention: the first armed actor is actor1, the next actor2;
    civilians are the target of violence against them, otherwise associated."""
    out, seen = [], set()
    armed = 0
    for m in sentence_actors:
        if m.key in seen:
            continue
        seen.add(m.key)
        if m.key == "civilians":
            role = "target" if event_type in VIOLENT_TYPES else "associated"
        elif m.key in NON_COMBATANT_ACTORS:
            role = "associated"
        else:
            armed += 1
            role = "actor1" if armed == 1 else "actor2" if armed == 2 else "associated"
        out.append((m.key, role, m.surface))
    return out


def _refine(trigger: Trigger, sentence_actors: list[Match]) -> tuple[str, str]:
    """Context rules the trigger alone cannot decide."""
    event_type, sub = trigger.event_type, trigger.sub_event_type
    if event_type != "Battles":
        return event_type, sub
    armed = {m.key for m in sentence_actors if m.key not in NON_COMBATANT_ACTORS}
    has_civilians = any(m.key == "civilians" for m in sentence_actors)
    if event_type == "Battles" and sub == "Armed clash" and len(armed) <= 1 and has_civilians:
        return "Violence against civilians", "Attack"
    if event_type == "Battles" and sub != "Armed clash":
        first = next((m.key for m in sentence_actors if m.key in armed), None)
        if first:
            state = actors()[first]["actor_type"] == "State forces" or first in {"russia", "iran", "hezbollah"}
            sub = "Government regains territory" if state else "Non-state actor overtakes territory"
    return event_type, sub


def find_events(sentence: str, sentence_actors: list[Match], sentence_places: list[PlaceMention],
                hits: list[Match] | None = None) -> list[EventCandidate]:
    """One candidate per distinct event type in the sentence, and per place when a trigger governs a
    list of places («غارات على بلدات عين ترما وزملكا»). `hits`: the sentence's trigger matches, when
    the caller already scanned the whole article."""
    if hits is None:
        hits = trigger_matcher().find(sentence)
    if not hits:
        return []
    by_term = triggers()
    refined = [_refine(by_term[h.key], sentence_actors) for h in hits]
    best: dict[tuple[str, str], tuple[Trigger, Match]] = {}
    order: list[tuple[str, str]] = []
    for h, key in zip(hits, refined):
        t = by_term[h.key]
        if key not in best:
            order.append(key)
        if key not in best or t.priority > best[key][0].priority:
            best[key] = (t, h)
    specific_violent = {k for k, (t, _) in best.items() if k[0] in VIOLENT_TYPES and not t.generic}
    if specific_violent:
        # «هجوم انتحاري بسيارة مفخخة» is a suicide bomb, not also a battle
        order = [k for k in order if not (best[k][0].generic and k[0] in VIOLENT_TYPES and k not in specific_violent)]
    out: list[EventCandidate] = []
    roles_if_violent: dict[bool, tuple] = {}  # the roles depend on the type only through this
    for key in order:
        t, h = best[key]
        violent = key[0] in VIOLENT_TYPES
        roles = roles_if_violent.get(violent)
        if roles is None:
            roles = roles_if_violent[violent] = tuple(_roles(key[0], sentence_actors))
        # places this trigger governs: those after it up to the next trigger of another type
        next_other = min((x.start for x, k in zip(hits, refined) if x.start > h.end and k != key), default=len(sentence))
        governed = [p for p in sentence_places if h.end <= p.start < next_other]
        local = [p for p in governed if p.specificity <= 1]
        if len(local) > 1:
            chosen = list({p.key: p for p in local}.values())
        elif governed:
            chosen = [min(governed, key=lambda p: (p.specificity, p.start))]
        elif sentence_places:
            chosen = [min(sentence_places, key=lambda p: (p.specificity, p.start))]
        else:
            chosen = [None]
        for place in chosen:
            out.append(EventCandidate(key[0], key[1], h.surface, h.start, h.end, place, roles, generic=t.generic))
    return out
