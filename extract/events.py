"""Event detection: triggers in a sentence mapped to the ACLED taxonomy (plus the Humanitarian
extension), with the actors' roles and the place the event happened."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from typing import NamedTuple

from extract.dates import DateRef
from extract.entities import Trigger, actors, places, trigger_matcher, triggers
from extract.lexicon import load_yaml
from extract.matcher import AR, Match
from extract.places import PlaceMention
from extract.text import last_words, normalize
from extract.vocabulary import violent_types

NON_COMBATANT_ACTORS = {"civilians", "un", "sarc"}
VIOLENT_TYPES = violent_types()


class EventCandidate(NamedTuple):
    """An event a sentence reports, before article-level context (a tuple: several per sentence)."""

    event_type: str
    sub_event_type: str
    trigger: str
    trigger_start: int
    trigger_end: int
    place: PlaceMention | None
    actors: tuple[tuple[str, str, str], ...]  # (actor_id, role, surface)
    generic: bool = False  # only a generic trigger («الهجوم») names it: may refer back
    implied: bool = False  # read from a casualty figure, not a trigger word


def place_rank(p: PlaceMention) -> tuple:
    """Which of several places an event is coded at: the most specific populated place (village,
    town, city: ACLED's locations; a neighbourhood of a city is one too), a site or camp only when no
    populated place is named with it («بملعب البانوراما في مدينة درعا» is Daraa); a region of a
    country («بمحافظة إدلب شمال غرب سوريا») is coarser than the governorate it qualifies."""
    row = places().get(p.key)
    kind = row["kind"] if row else ""
    if kind == "area" and not row["iso_3166_2"]:
        return (4.5, p.start)
    return (2.5 if kind in ("site", "camp") else p.specificity, p.start)


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


def _by_air(sentence: str, h: Match, key: tuple[str, str]) -> tuple[str, str]:
    """«قصفته طائرات العدوان الروسي بعدة صواريخ»: a strike word that names no carrier, in a
    sentence that names aircraft, is an air strike (unless the sentence tells an air strike apart:
    «شن الطيران الحربي غارات ... وتعرضت بلدتا الأشعري وحزة لقصف» is shelling too)."""
    cx = _context()
    if (
        key[1] == "Shelling/artillery/missile attack"
        and h.key in cx["air_or_ground"]
        and cx["aircraft"].search(sentence)
    ):
        return key[0], "Air/drone strike"
    return key


# what stands between two triggers of one bombardment: the rest of the first word, at most one word
# («غارات جوية وقصف»), «و» and at most one word of the second («مفخخة وهجمات انتحارية»)
_COORDINATED_RE = re.compile(r"\S*\s+(?:\S+\s+)?و(?:\S+\s+)?")


def _without_coordinated(sentence: str, hits: list[Match], by_term: dict[str, Trigger]) -> list[Match]:
    """«قصف جوي ومدفعي», «غارات جوية وقصف مدفعي»: one bombardment described twice is one event,
    coded by its first kind; a strike told apart («إذ تعرض الحي لقصف بصواريخ») stays."""
    out: list[Match] = []
    for h in hits:
        prev = out[-1] if out else None
        if (
            prev is not None
            and by_term[h.key].event_type == by_term[prev.key].event_type == "Explosions/Remote violence"
            and by_term[h.key].sub_event_type != by_term[prev.key].sub_event_type
            and _COORDINATED_RE.fullmatch(sentence, prev.end, h.start)
        ):
            continue
        out.append(h)
    return out


def _is_city_part(p: PlaceMention, sentence: str) -> bool:
    """A place the gazetteer lacks, introduced as part of a city («حي الفرات»). A neighbourhood the
    gazetteer knows is a location of its own («حي المزة في العاصمة دمشق» is Mezzeh)."""
    if p.key in places():
        return False
    before = sentence[: p.start].rstrip(" \"'«»").split()[-1:]
    return bool(before) and (before[0] in _context()["city_parts"] or before[0][1:] in _context()["city_parts"])


def _at_city(chosen: list, sentence: str, sentence_places: list[PlaceMention]) -> list:
    """Unlocated parts of a city are coded at the city the sentence names («معارك في حي "الفرات"
    ... شرق مدينة الرقة» is Raqqa), or else at its neighbourhood («جبهات كراش ... بحي جوبر»)."""
    kinds = [places().get(p.key, {}).get("kind") for p in sentence_places]
    cities = [p for p, k in zip(sentence_places, kinds) if k == "city"] or [
        p for p, k in zip(sentence_places, kinds) if k == "neighbourhood"
    ]
    if not cities:
        return chosen
    out = []
    for p in chosen:
        if p is not None and _is_city_part(p, sentence):
            p = cities[0]
        out.append(p)
    return out


def governed_span(sentence: str, h: Match, prev_other: int, next_other: int) -> tuple[int, int]:
    """Where the places a trigger governs stand: after it, up to the next trigger of another type
    (which starts at `next_other`; the one before ends at `prev_other`); but «وتعرضت بلدتا الأشعري
    وحزة لقصف» puts the places after the verb under the trigger that follows them."""
    subjected = _context()["subjected"]
    lead = subjected.search(sentence, prev_other, h.start)
    lo = lead.end() if lead else h.end
    cut = subjected.search(sentence, h.end, next_other)
    return lo, cut.start() if cut else next_other


def find_events(
    sentence: str, sentence_actors: list[Match], sentence_places: list[PlaceMention], hits: list[Match] | None = None
) -> list[EventCandidate]:
    """One candidate per distinct event type in the sentence, and per place when a trigger governs a
    list of places («غارات على بلدات عين ترما وزملكا»). `hits`: the sentence's trigger matches, when
    the caller already scanned the whole article."""
    if hits is None:
        hits = trigger_matcher().find(sentence)
    if not hits:
        return []
    by_term = triggers()
    hits = _without_coordinated(sentence, hits, by_term)
    refined = [_refine(by_term[h.key], sentence_actors) for h in hits]
    if not any(k[1] == "Air/drone strike" for k in refined):
        refined = [_by_air(sentence, h, k) for h, k in zip(hits, refined)]
    best, order = _best_per_type(hits, refined, by_term)
    out: list[EventCandidate] = []
    roles_if_violent: dict[bool, tuple] = {}  # the roles depend on the type only through this
    for key in order:
        t, h = best[key]
        violent = key[0] in VIOLENT_TYPES
        roles = roles_if_violent.get(violent)
        if roles is None:
            roles = roles_if_violent[violent] = tuple(_roles(key[0], sentence_actors))
        chosen = _places_of(sentence, key, h, hits, refined, sentence_places)
        for place in chosen:
            out.append(EventCandidate(key[0], key[1], h.surface, h.start, h.end, place, roles, generic=t.generic))
        placed = {p.key for p in chosen if p is not None}
        out.extend(_same_kind_elsewhere(sentence, key, h, hits, refined, sentence_places, placed, roles, by_term))
    return out


def _best_per_type(hits: list[Match], refined: list[tuple[str, str]], by_term: dict[str, Trigger]):
    """The strongest trigger of each (type, sub-type) in the sentence, the types in text order;
    «هجوم انتحاري بسيارة مفخخة» is a suicide bomb, not also a battle: a generic violent trigger
    gives way when a specific one is there."""
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
        order = [k for k in order if not (best[k][0].generic and k[0] in VIOLENT_TYPES and k not in specific_violent)]
    return best, order


def _places_of(
    sentence: str,
    key: tuple[str, str],
    h: Match,
    hits: list[Match],
    refined: list[tuple[str, str]],
    sentence_places: list[PlaceMention],
) -> list:
    """The places a trigger governs: those after it up to the next trigger of another type; each
    of a list of localities, else the most specific one (None when the sentence names none)."""
    next_other = min((x.start for x, k in zip(hits, refined) if x.start > h.end and k != key), default=len(sentence))
    prev_other = max((x.end for x, k in zip(hits, refined) if x.end <= h.start and k != key), default=0)
    lo, hi = governed_span(sentence, h, prev_other, next_other)
    governed = [p for p in sentence_places if lo <= p.start < hi]
    local = [p for p in governed if p.specificity <= 1]
    if key == ("Strategic developments", "Agreement") and governed:
        chosen = governed[:1]  # an agreement is one event where it holds, not one per place of its terms
    elif len(local) > 1:
        chosen = list({p.key: p for p in local}.values())
    elif governed:
        chosen = [min(governed, key=place_rank)]
    elif sentence_places:  # nothing named after it: not a neighbourhood other happenings were placed in
        chosen = [min(sentence_places, key=lambda p: (2.5 if p.specificity == 0 else p.specificity, p.start))]
    else:
        chosen = [None]
    return list({p.key if p else None: p for p in _at_city(chosen, sentence, sentence_places)}.values())


def _same_kind_elsewhere(
    sentence: str,
    key: tuple[str, str],
    h: Match,
    hits: list[Match],
    refined: list[tuple[str, str]],
    sentence_places: list[PlaceMention],
    placed: set,
    roles: tuple,
    by_term: dict[str, Trigger],
) -> list[EventCandidate]:
    """«استهدافها بصواريخ ... كما تعرضت مدينة سراقب لقصف مماثل»: another trigger of the kind, in
    another clause, with places of its own is the same kind of event there. Adds to `placed`."""
    out = []
    clauses = clause_starts(sentence)
    used_clauses = {_clause_of(clauses, h.start, len(sentence))}
    for other in (x for x, k in zip(hits, refined) if k == key and x is not h):
        clause = _clause_of(clauses, other.start, len(sentence))
        if clause in used_clauses:
            continue  # «الغارات التي نفذتها طائرات التحالف»: one strike named twice
        used_clauses.add(clause)
        upto = min((x.start for x in hits if x.start > other.end), default=len(sentence))
        before = max((x.end for x in hits if x.end <= other.start), default=0)
        lo, hi = governed_span(sentence, other, before, upto)
        own = [p for p in sentence_places if lo <= p.start < hi and p.key not in placed]
        own_local = [p for p in own if p.specificity <= 1]
        for place in _at_city(
            own_local if len(own_local) > 1 else [min(own, key=place_rank)] if own else [], sentence, sentence_places
        ):
            if place.key not in placed:
                placed.add(place.key)
                out.append(
                    EventCandidate(
                        key[0],
                        key[1],
                        other.surface,
                        other.start,
                        other.end,
                        place,
                        roles,
                        generic=by_term[other.key].generic,
                    )
                )
    return out


# --- when a candidate happened, and whether it is a new happening at all ---------------------

_CLAUSE_RE = re.compile(r"[،؛:;,]")


@functools.cache
def _context() -> dict:
    raw = load_yaml("event_context.yml")

    def words_re(phrases, anchored: bool = False):
        """Whole-word phrases; `anchored` ones are tried with .match at a clause start (spaces first)."""
        # «ويأتي ذلك، بعد ساعات من»: a comma may stand between a phrase's words
        alt = "|".join(
            re.escape(normalize(p)).replace(r"\ ", r"\s*[،,]?\s+") for p in sorted(phrases, key=len, reverse=True)
        )
        lead = r"\s*" if anchored else ""
        return re.compile(rf"{lead}(?<![{AR}])(?:[وف])?(?:{alt})(?![{AR}])")

    return {
        "background": words_re(raw["background"]),
        "plans": words_re(raw["plans"]),
        "pluperfect": words_re(raw["pluperfect_openers"], anchored=True),
        "before": {normalize(w) for w in raw["reference_before"]},
        "after": {normalize(w) for w in raw["reference_after"]},
        "window": int(raw["reference_window"]),
        "new_topic": words_re(raw["new_topic"], anchored=True),
        "subjected": words_re(raw["subjected"]),
        "similar": {normalize(w) for w in raw["similar"]},
        "city_parts": {normalize(w) for w in raw["city_parts"]},
        "air_or_ground": {normalize(w) for w in raw["air_or_ground"]},
        "aircraft": words_re(raw["aircraft"]),
    }


def clause_starts(sentence: str) -> list[int]:
    """Where each clause of a sentence starts (0 first): «،» «؛» «:» end a clause."""
    return [0] + [m.end() for m in _CLAUSE_RE.finditer(sentence)]


def _clause_of(starts: list[int], pos: int, length: int) -> tuple[int, int]:
    i = bisect.bisect_right(starts, pos) - 1
    return starts[i], starts[i + 1] if i + 1 < len(starts) else length


def governing_date(refs: Sequence[DateRef], starts: list[int], pos: int, length: int) -> DateRef | None:
    """The date a word at `pos` is about: a reference in its own clause (the nearest), else the last
    one before it in the sentence, else the first after it («48 شهيداً ... كانوا حصيلة اليوم»)."""
    if not refs:
        return None
    lo, hi = _clause_of(starts, pos, length)
    own = [r for r in refs if lo <= r.start < hi]
    if own:
        return min(own, key=lambda r: abs(r.start - pos))
    before = [r for r in refs if r.start < pos]
    return before[-1] if before else refs[0]


@functools.cache
def _attribution_verbs() -> frozenset[str]:
    return frozenset(normalize(w) for w in load_yaml("casualty_terms.yml")["attribution_verbs"])


def said_on(sentence: str, ref: DateRef) -> bool:
    """Whether a date is the day a source spoke: right after a verb of saying and before the «أن»
    of what was said («وكان نشطاء المرصد قد أكدوا، اليوم أن تنظيم ... تمكن من تنفيذ هجومين»).
    «أُعلن اليوم الخميس عن التوصل إلى اتفاق» dates the agreement itself."""
    before = sentence[: ref.start].replace("،", " ").split()[-1:]
    after = sentence[ref.start + len(ref.text) :].replace("،", " ").split()[:1]
    if not before or not after or after[0].lstrip("ب") not in ("ان", "أن", "إن"):
        return False
    w = before[0].lstrip("وف")
    verbs = _attribution_verbs()
    return w in verbs or (w.endswith("وا") and w[:-2] in verbs)


def says_similar(sentence: str, end: int) -> bool:
    """«قصف مماثل»: the word after a trigger makes it one more of the kind just reported."""
    after = sentence[end:].split()[:1]
    return bool(after) and after[0] in _context()["similar"]


def starts_new_topic(sentence: str) -> bool:
    """«والجدير بالذكر أن ...»: an aside that does not continue the day of the sentence before."""
    return bool(_context()["new_topic"].match(sentence))


def _refers_to_known(sentence: str, start: int, end: int) -> bool:
    cx = _context()
    word_start = sentence.rfind(" ", 0, start) + 1  # the clitics the trigger's match left out
    before = last_words(sentence[:word_start], cx["window"])
    after = sentence[end:].split(None, 1)[:1]

    def strip(w):
        return w.strip("\"'«»()")

    return any(strip(w).lstrip("وف") in cx["before"] or strip(w) in cx["before"] for w in before) or any(
        strip(w) in cx["after"] for w in after
    )


def not_a_new_event(sentence: str, starts: list[int], start: int, end: int, refs: Sequence[DateRef]) -> str | None:
    """Why the trigger at [start, end) reports no new happening (GUIDELINE.md §3), or None: a plan
    or condition, background or an ongoing state, the pluperfect with no day, or a reference to an
    agreement or attack already in force."""
    cx = _context()
    lo, hi = _clause_of(starts, start, len(sentence))
    upto = sentence[:hi]
    if cx["plans"].search(sentence, 0, start):  # «ويتوقع أن يتم خروج»; «وجاء القصف بعد تعهد» is no plan
        return "plan"
    own_day = any(lo <= r.start < hi and r.offset is not None for r in refs)
    if not own_day and cx["background"].search(upto):
        return "background"
    if not any(r.offset is not None for r in refs) and any(
        cx["pluperfect"].match(sentence, c) for c in starts if c <= start
    ):
        return "background"
    if _refers_to_known(sentence, start, end):
        return "reference"
    return None
