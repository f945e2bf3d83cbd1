"""Per-place counts that split a total (GUIDELINE.md §3, §8.4, §8.13): «قتل 13 مدنيا ...» then
«إن 12 مدنيا قتلوا في القصف على مدينة إدلب، فيما قتل مدني آخر في القصف على قرية كفرتعال». The
total spans several towns, so it is the toll of no event; each part is the toll of the event at its
own town, an event of the kind the parts were reported under (one is added where none is coded yet).

Works on an article's rows (`extract.article` Event and Casualty objects, duck-typed) so that
module keeps the assembly and this one the rule."""

from __future__ import annotations

import dataclasses

from extract.entities import PLACE_SPECIFICITY, places
from extract.keys import content_hash

SPLIT_OUTCOMES = ("killed", "injured")


def part_rows(casualties: list, was_breakdown: set[int]) -> list:
    """The rows a per-place split just marked (breakdown now, not before), killed and injured only."""
    return [
        c
        for c in casualties
        if c.figure.is_breakdown and id(c) not in was_breakdown and c.figure.outcome in SPLIT_OUTCOMES
    ]


def _level(key: str) -> float:
    row = places().get(key)
    return PLACE_SPECIFICITY.get(row["kind"], 5) if row else 1


def _sentence_end(part) -> int:
    return part.evidence_start - max(part.sentence.find(part.evidence), 0) + len(part.sentence)


def _place_of_part(part, following: int | None, place_mentions: list[tuple[str, int]]) -> str | None:
    """The town a part counts: the most specific place named after its number, before the next
    part's number («سبعة أشخاص قتلوا في مدينة إدلب، أربعة في النيرب، وستة في بنش»)."""
    end = _sentence_end(part) if following is None else following
    own = [(k, s) for k, s in place_mentions if part.number_start <= s < end]
    if not own:
        return None
    return min(own, key=lambda ks: (_level(ks[0]), ks[1]))[0]


def _event_at(out, base, place: str, part):
    """The event of the base's kind at `place` on its day, coded now if the article has none."""
    for e in out.events:
        if (e.event_type, e.sub_event_type, e.place_key) == (base.event_type, base.sub_event_type, place) and (
            e.day_offset is None or base.day_offset is None or e.day_offset == base.day_offset
        ):
            return e
    event = dataclasses.replace(
        base,
        key=content_hash(out.article_id, "part", str(part.number_start), base.event_type, base.sub_event_type, place),
        place_key=place,
        place_name=out.places.get(place),
        actors=list(base.actors),
        evidence=part.sentence,
        evidence_start=part.evidence_start,
        evidence_end=part.evidence_end,
        fatalities=None,
    )
    out.events.append(event)
    return event


def split_by_place(out, parts: list) -> set[str]:
    """Point each part to the event at its town and unlink the totals it splits (and the other
    figures of that outcome the split events held: a total over the towns is no event's toll).
    Returns the keys of the part rows, whose figures count as their event's toll."""
    if not parts:
        return set()
    events = {e.key: e for e in out.events}
    mentions = [(key, start) for kind, key, _, start in out.mentions if kind == "place"]
    moved: set[str] = set()
    touched: dict[str, set[str]] = {}  # event key -> outcomes split on it
    for i, part in enumerate(parts):
        base = events.get(part.event_key) if part.event_key else None
        if base is None:
            continue
        nxt = parts[i + 1] if i + 1 < len(parts) and parts[i + 1].sentence == part.sentence else None
        following = nxt.number_start if nxt is not None else None
        place = _place_of_part(part, following, mentions)
        if place is None:
            continue
        target = _event_at(out, base, place, part)
        events[target.key] = target
        for key in (base.key, target.key):
            touched.setdefault(key, set()).add(part.figure.outcome)
        part.event_key = target.key
        moved.add(part.key)
    _unlink_totals(out, parts, moved, touched)
    return moved


def _unlink_totals(out, parts: list, moved: set[str], touched: dict[str, set[str]]) -> None:
    totals = {
        (p.figure.outcome, sum(q.figure.count_best for q in parts if q.sentence == p.sentence and q.key in moved))
        for p in parts
        if p.key in moved
    }
    for c in out.casualties:
        if c.key in moved or c.figure.outcome not in SPLIT_OUTCOMES:
            continue
        on_split = c.event_key in touched and c.figure.outcome in touched[c.event_key]
        if on_split or (c.figure.outcome, c.figure.count_best) in totals:
            c.event_key = None
