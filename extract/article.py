"""Extracts one article: sentences -> events, casualty figures, actors and places, each row with
the exact source span (original text, diacritics kept) it came from."""

from __future__ import annotations

import bisect
import functools
import gc
import re
from dataclasses import dataclass, field
from datetime import date
from itertools import compress
from typing import NamedTuple

from extract.actor_context import is_background
from extract.casualties import (
    Figure,
    documents_toll,
    find_figures,
    implausible,
    mark_parts_of_totals,
    may_yield_figures,
)
from extract.dates import DateRef, find_dates
from extract.entities import (
    PLACE_SPECIFICITY,
    actor_matcher,
    place_matcher,
    places,
    reporter_matcher,
    reporters,
    successor,
    trigger_matcher,
)
from extract.event_places import elaborations
from extract.events import (
    VIOLENT_TYPES,
    EventCandidate,
    clause_starts,
    find_events,
    governing_date,
    not_a_new_event,
    place_rank,
    said_on,
    says_similar,
    starts_new_topic,
)
from extract.keys import content_hash
from extract.matcher import AliasMatcher, Match, Words
from extract.place_parts import part_rows, split_by_place
from extract.places import PlaceMention, find_places, opens_unknown_place, unknown_place_context
from extract.text import NormText
from extract.tokens import WordMemo, tokenize
from extract.vocabulary import MAX_SANE_COUNT

# runs of plain characters repeat as one class (a group repeated per character is ten times slower)
_SENTENCE_RE = re.compile(r"(?:[^.!؟\n]+|\.(?=\d))+[.!؟]*")


@functools.cache
def _cues() -> AliasMatcher:
    """One scan per article for the outcome words (what happened to people) that decide which
    sentences the casualty parser reads: those with one and with a digit or a word that can make a
    quantity (casualties.may_yield_figures), not only a number: «استشهد الشاب محمد» has a figure
    of one, which a digit or number-word filter would miss."""
    from extract.casualties import _lex as cas_lex

    lx = cas_lex()
    outcome = {w for phrase, _ in lx["outcome_phrases"] for w in [" ".join(phrase)]} | set(lx["outcome_nouns"])
    return AliasMatcher({"outcome": sorted(outcome)})


@functools.cache
def _date_cue() -> AliasMatcher:
    # apart from the others: «الأحد» (Sunday) must not be read as ال + «أحد» (one)
    from extract.dates import date_words

    return AliasMatcher({"date": sorted(date_words())})


@functools.cache
def _scans() -> tuple[AliasMatcher, ...]:
    """The lexicon scans of every article, in the order of _answers_by_word's answers."""
    return actor_matcher(), reporter_matcher(), place_matcher(), trigger_matcher(), _cues(), _date_cue()


@functools.cache
def _answers_by_word() -> WordMemo:
    """word -> each scan's answer at the word (AliasMatcher.answer) and whether an unknown place
    can be introduced there, or None when nothing can start at it. Under a third of the words can:
    the scans then try only those, and each word is looked up once for all of them."""
    scans = _scans()

    def answers(word: str):
        row = (*(m.answer(word) for m in scans), opens_unknown_place(word))
        return row if row[-1] or any(a is not None for a in row[:-1]) else None

    return WordMemo(answers)


def prepare_extractor() -> None:
    """Builds every lexicon scan now, not on the first article, and takes these long-lived tables
    out of the garbage collector's sweeps (gc.freeze): otherwise each full collection walks them
    again, while extraction allocates a stream of short-lived tuples that triggers collections."""
    extract_article("", "قتل 3 مدنيين أمس في قصف على دوما.", date(2017, 7, 27))
    gc.freeze()


@dataclass(slots=True)
class Event:
    key: str
    sentence_index: int
    event_type: str
    sub_event_type: str
    trigger_text: str
    event_date: date | None
    date_precision: str
    date_text: str | None
    place_key: str | None
    place_name: str | None  # the scorer matches a gold place given by name on it
    actors: list[tuple[str, str, str]]
    no_actor_reason: str | None
    evidence: str
    evidence_start: int
    evidence_end: int
    fatalities: int | None = None
    day_offset: int | None = None  # the day relative to publication (0 today, -1 yesterday), None unknown
    implied: bool = False  # coded from its victims alone: no trigger word said what happened
    generic: bool = False  # named only by a generic trigger («قصف», «هجوم»): what kind is vague


@dataclass(slots=True)
class Casualty:
    key: str
    event_key: str | None
    figure: Figure
    evidence: str
    evidence_start: int
    evidence_end: int
    sentence: str
    number_start: int  # where the number itself stands in the original body
    number_end: int
    # a restatement of an earlier figure of the article (the headline's «مقتل 11» told again in the
    # lede and the body): the key of the row it repeats
    repeats_key: str | None = None
    # an earlier toll a later one replaced («ارتفعت الحصيلة إلى 15» after «مقتل 11»)
    superseded_by: str | None = None
    in_first_sentence: bool = False  # stated in the article's first line, when that line is one sentence

    @property
    def is_primary(self) -> bool:
        """Counted when summing the article's figures: not a restatement, not a superseded toll."""
        return self.repeats_key is None and self.superseded_by is None


@dataclass(slots=True)
class ArticleExtraction:
    article_id: str
    n_sentences: int
    events: list[Event] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    mentions: list[tuple[str, str, str, int]] = field(default_factory=list)  # kind, key, surface, start
    places: dict[str, str] = field(default_factory=dict)  # place key -> normalised name
    # readings that are not figures, with why: (original span, start, end, reason)
    rejected: list[tuple[str, int, int, str]] = field(default_factory=list)
    # unknown place key -> (ISO 3166-2 of its governorate from context or None, the first sentence naming it)
    unknown_places: dict[str, tuple[str | None, str]] = field(default_factory=dict)


def _within(start: int, end: int, items, starts: list[int]):
    """Items whose start lies in [start, end), given their sorted start offsets."""
    return items[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]


def _any_in(start: int, end: int, positions: list[int]) -> bool:
    i = bisect.bisect_left(positions, start)
    return i < len(positions) and positions[i] < end


def _covered(pos: int, spans: list[Match], starts: list[int]) -> bool:
    """Whether a span of a matcher's hits (sorted, never overlapping) holds the position."""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and pos < spans[i].end


def _as_of(hits: list[Match], published: date | None) -> list[Match]:
    """The actor hits with the actor each names on the publication date (entities.successor)."""
    if published is None:
        return hits
    out = []
    for m in hits:
        key = successor(m.key, m.surface, published)
        out.append(m if key == m.key else m._replace(key=key))
    return out


class _Scanned(NamedTuple):
    """The article's lexicon hits, each list sorted, with the start offsets sentences slice by."""

    nt: NormText
    words: Words
    actors: list[Match]
    actor_starts: list[int]
    reporters: list[Match]
    reporter_starts: list[int]
    places: list[PlaceMention]
    place_starts: list[int]
    triggers: list[Match]
    trigger_starts: list[int]
    outcome_positions: list[int]
    date_positions: list[int]


class _Sentence(NamedTuple):
    """One sentence of the article with its slice of the article's hits (offsets in the sentence)."""

    index: int
    start: int
    end: int
    text: str
    actors: list[Match]
    places: list[PlaceMention]
    triggers: list[Match]
    refs: list[DateRef]
    clauses: list[int]
    published: date | None


class _Figures(NamedTuple):
    """A sentence's figures: all of them, the day each is about (by id), those of a new happening
    (not a tally, not in a background or planned clause), and of these the violent and displaced."""

    all: list[Figure]
    day: dict[int, int | None]
    current: list[Figure]
    violent: list[Figure]
    displaced: list[Figure]


@dataclass(slots=True)
class _Context:
    """What the article was last talking about: the day, place and actors a sentence that names
    none of its own inherits."""

    date: DateRef | None = None
    place: PlaceMention | None = None
    actors: list = field(default_factory=list)
    # the last named source of figures: id, claim, end of its last sentence, a monitor's report
    source: tuple[str, bool, int, bool] | None = None


def extract_article(article_id: str, body: str, published: date | None) -> ArticleExtraction:
    """The stages: scan the article once per lexicon, read each sentence (figures, then events,
    then casualty rows), then settle what needs the whole article (merges, restatements, tolls)."""
    scanned = _scan_article(NormText.of(body), published)
    out = ArticleExtraction(article_id, 0)
    _record_mentions(out, scanned)
    ctx = _Context()
    keys: dict[str, Casualty] = {}  # casualty key -> its row: one row per key
    for s in _sentences(out, scanned, published):
        _read_sentence(out, scanned, s, ctx, keys)
    _settle_article(out)
    return out


def _scan_article(nt: NormText, published: date | None) -> _Scanned:
    """Speed plumbing, kept here alone: every lexicon scan tries only the words where one of them
    can start (a third of the words), each word looked up once for all scans (_answers_by_word);
    the per-word answer rows are zipped into one column per scan."""
    text = nt.norm
    words = Words.of(text)
    rows = list(map(_answers_by_word().__getitem__, words.words))
    openers = Words(list(compress(words.words, rows)), list(compress(words.starts, rows)))
    (actor_answers, reporter_answers, place_answers, trigger_answers, cue_answers, date_answers, _) = (
        zip(*filter(None, rows)) if openers.words else ((),) * 7
    )
    actor_m, reporter_m, place_m, trigger_m, cue_m, date_m = _scans()
    actor_hits = _as_of(
        [m for m in actor_m.find_at(text, openers.starts, actor_answers) if not is_background(text, m.start, m.end)],
        published,
    )
    reporter_hits = reporter_m.find_at(text, openers.starts, reporter_answers)
    actor_starts = [m.start for m in actor_hits]
    reporter_starts = [m.start for m in reporter_hits]
    place_hits = [
        p
        for p in find_places(text, openers, place_answers)
        if not _covered(p.start, actor_hits, actor_starts) and not _covered(p.start, reporter_hits, reporter_starts)
    ]
    trigger_hits = trigger_m.find_at(text, openers.starts, trigger_answers)
    return _Scanned(
        nt,
        words,
        actor_hits,
        actor_starts,
        reporter_hits,
        reporter_starts,
        place_hits,
        [p.start for p in place_hits],
        trigger_hits,
        [m.start for m in trigger_hits],
        [m.start for m in cue_m.find_at(text, openers.starts, cue_answers)],
        [m.start for m in date_m.find_at(text, openers.starts, date_answers)],
    )


def _record_mentions(out: ArticleExtraction, sc: _Scanned) -> None:
    """The article's actor, reporter and place mentions with their original spans, its places, and
    the governorate context of the places the gazetteer lacks."""
    nt = sc.nt
    for kind, hits in (("actor", sc.actors), ("reporter", sc.reporters), ("place", sc.places)):
        for m in hits:
            o_start, o_end = nt.orig_span(m.start, m.end)
            out.mentions.append((kind, m.key, nt.orig[o_start:o_end], o_start))
    for p in sc.places:
        out.places.setdefault(p.key, p.name)
    for key, (iso, s_from, s_to) in unknown_place_context(nt.norm, sc.places).items():
        o_start, o_end = nt.orig_span(s_from, s_to)
        out.unknown_places[key] = (iso, nt.orig[o_start:o_end].strip())


def _sentences(out: ArticleExtraction, sc: _Scanned, published: date | None):
    """The article's sentences that hold words, each with its slice of the
    article's hits, its dates and its clause starts."""
    text = sc.nt.norm
    matches = list(_SENTENCE_RE.finditer(text))
    out.n_sentences = len(matches)
    for index, sm in enumerate(matches):
        s_start, s_end = sm.span()
        sentence = text[s_start:s_end]
        if sentence.isspace():  # (never empty: the pattern matches a character at least)
            continue
        refs = (
            find_dates(sentence, published, sc.words.within(s_start, s_end))
            if _any_in(s_start, s_end, sc.date_positions)
            else []
        )
        yield _Sentence(
            index,
            s_start,
            s_end,
            sentence,
            [m.shifted(s_start) for m in _within(s_start, s_end, sc.actors, sc.actor_starts)],
            [p.shifted(s_start) for p in _within(s_start, s_end, sc.places, sc.place_starts)],
            [m.shifted(s_start) for m in _within(s_start, s_end, sc.triggers, sc.trigger_starts)],
            refs,
            clause_starts(sentence),
            published,
        )


def _read_sentence(
    out: ArticleExtraction, sc: _Scanned, s: _Sentence, ctx: _Context, keys: dict[str, Casualty]
) -> None:
    """A sentence's figures, its events (those its triggers name, and those its figures imply),
    and its casualty rows, each figure pointing to its event; then what later sentences inherit."""
    if starts_new_topic(s.text):
        ctx.date = None  # «والجدير بالذكر أن ...»: an aside, not the day of the sentence before
    figs = _sentence_figures(out, sc, s, ctx)
    candidates = _trigger_candidates(s, ctx)
    candidates += _implied_candidates(out, s, candidates, figs)
    candidates = _listed_towns(s.text, candidates, out.events)
    kept = [c for c in candidates if not _passing(c, s, out, figs)]
    if not kept and out.events and (candidates or not s.triggers):  # no trigger read as background
        # a sentence telling more of an event reported before: where it happened
        kept = elaborations(s.text, s.index, s.places, candidates, out.events, _day_at(s, ctx), out.unknown_places)
    orig = None
    if kept or figs.all:  # the evidence, for the rows this sentence yields
        o_start, o_end = sc.nt.orig_span(s.start, s.end)
        orig = (sc.nt.orig[o_start:o_end].strip(), o_start, o_end)
    sentence_events: list[tuple[Event, int]] = []  # with the trigger's offset in the sentence
    for c in kept:
        _add_event(out, s, c, ctx, sentence_events, orig)
    out.events.extend(e for e, _ in sentence_events)
    _casualty_rows(out, sc, s, figs, sentence_events, orig, keys)
    _update_context(ctx, s)


def _sentence_figures(out: ArticleExtraction, sc: _Scanned, s: _Sentence, ctx: _Context) -> _Figures:
    """The sentence's casualty figures (read only where an outcome word and a quantity can make
    one), tallies marked, each with its day."""
    figures: list[Figure] = []
    if _any_in(s.start, s.end, sc.outcome_positions) and may_yield_figures(s.text, sc.words.within(s.start, s.end)):
        s_reporters = [m.shifted(s.start) for m in _within(s.start, s.end, sc.reporters, sc.reporter_starts)]
        toks = tokenize(s.text)
        figures = _plausible(find_figures(s.text, toks, s.actors, s_reporters), out, sc.nt, s.start)
        figures = _source_carried(figures, sc.nt, s, ctx, documents_toll(toks))
    own_date = s.refs[0] if s.refs else None
    if figures and own_date is not None and own_date.precision == "month":
        figures = [f._replace(is_tally=True) for f in figures]  # «خلال كانون الثاني»: a month's toll
    if (
        figures
        and any(c.figure.is_tally for c in out.casualties)
        and not s.triggers
        and (own_date is None or own_date.precision != "day")
    ):
        # «كما وثق التقرير مقتل 37 مدنياً»: later figures of a monitor's tally belong to the tally
        figures = [f._replace(is_tally=True) for f in figures]
    day = {id(f): _offset_of(_when_at(s.refs, s.clauses, s.text, f.number_start, ctx.date)) for f in figures}
    # a figure in a background or planned clause («منذ بدء المعركة ... راح ضحيتها العشرات») joins no event
    current = [
        f
        for f in figures
        if not f.is_tally and not_a_new_event(s.text, s.clauses, f.number_start, f.number_end, s.refs) is None
    ]
    return _Figures(
        figures,
        day,
        current,
        [f for f in current if f.outcome in {"killed", "injured"}],
        [f for f in current if f.outcome == "displaced"],
    )


def _source_carried(figures: list[Figure], nt: NormText, s: _Sentence, ctx: _Context, documented: bool) -> list[Figure]:
    """«وأفاد المرصد بأن القصف ... . وقتل 3 مدنيين ...»: a paragraph that names the source of its
    figures names it for the figures of its later sentences too (GUIDELINE §2, «the sentence or
    paragraph attributes the figure»); a new paragraph starts with no source, unless a monitor
    documented the toll («وثقت الشبكة السورية مقتل 267 مدنياً»): the article is its report, and
    every later figure of it is the monitor's."""
    named = next((f for f in figures if f.reported_by), None)
    if named is not None:
        report = documented and reporters()[named.reported_by]["kind"] == "monitor"
        if ctx.source is None or not ctx.source[3] or report:
            ctx.source = (named.reported_by, named.is_claim, s.end, report)
        return figures
    if ctx.source is None or ("\n" in nt.norm[ctx.source[2] : s.start] and not ctx.source[3]):
        return figures
    source, claim, _, report = ctx.source
    ctx.source = (source, claim, s.end, report)
    return [f._replace(reported_by=source, is_claim=claim) for f in figures]


def _trigger_candidates(s: _Sentence, ctx: _Context) -> list[EventCandidate]:
    """The events the sentence's trigger words name. Plans, background and references to what is
    already in force are not new happenings; the triggers of each day are read apart («بالأمس
    استشهد 36 ... وكان استشهد أول أمس 18 جراء قصف»)."""
    live = [h for h in s.triggers if not_a_new_event(s.text, s.clauses, h.start, h.end, s.refs) is None]
    return [
        c
        for hits in _by_day(live, s.refs, s.clauses, s.text, ctx.date)
        for c in find_events(s.text, s.actors, s.places, hits)
    ]


def _implied_candidates(
    out: ArticleExtraction, s: _Sentence, candidates: list[EventCandidate], figs: _Figures
) -> list[EventCandidate]:
    """Events the figures imply where no trigger names them: a displacement («نزح 200 ألف مدني»),
    and a killing reported without a trigger word on a day no event holds yet, coded by its victims."""
    implied: list[EventCandidate] = []
    if not figs.current:
        return implied
    place = min(s.places, key=place_rank) if s.places else None
    if figs.displaced and not any(c.event_type == "Humanitarian" for c in candidates):
        f = figs.displaced[0]
        implied.append(
            EventCandidate(
                "Humanitarian",
                "Displacement",
                s.text[f.start : f.end],
                f.start,
                f.end,
                place,
                tuple((m.key, "associated", m.surface) for m in s.actors),
                implied=True,
            )
        )
    orphans = [
        f
        for f in figs.violent
        if not any(c.event_type in VIOLENT_TYPES for c in candidates)
        and _earlier_event_of_day(out.events, figs.day[id(f)]) is None
    ]
    if orphans:
        f = orphans[0]
        civil = f.victim_group in CIVILIAN_GROUPS
        roles = tuple((m.key, "target" if m.key == "civilians" else "actor1", m.surface) for m in s.actors[:1])
        implied.append(
            EventCandidate(
                "Violence against civilians" if civil else "Battles",
                "Attack" if civil else "Armed clash",
                s.text[f.start : f.end],
                f.start,
                f.end,
                place,
                roles,
                implied=True,
            )
        )
    return implied


def _listed_towns(sentence: str, candidates: list[EventCandidate], events: list[Event]) -> list[EventCandidate]:
    """«وأفاد المرصد بأن القصف استهدف قرية بليون وقرية البارة ...، وقرية إبديتا»: a definite generic
    word over a list of towns no event of the article holds yet names a strike of the kind reported
    on each of them (GUIDELINE.md §3: a list of towns is one event per town), not a back-reference."""
    held = {e.place_key for e in events if e.event_type in VIOLENT_TYPES}
    per_trigger: dict[int, list[EventCandidate]] = {}
    for c in candidates:
        per_trigger.setdefault(c.trigger_start, []).append(c)
    out = []
    for c in candidates:
        listed = per_trigger[c.trigger_start]
        if (
            c.generic
            and len(listed) > 1
            and _definite(sentence, c)
            and all(x.place is not None and x.place.specificity <= 1 and x.place.key not in held for x in listed)
        ):
            c = _as_kind_before(c, events)._replace(generic=False)
        out.append(c)
    return out


def _passing(c: EventCandidate, s: _Sentence, out: ArticleExtraction, figs: _Figures) -> bool:
    """Candidates that are no happening of their own: a passing mention with nothing to anchor it,
    a definite trigger referring back to an event already reported, a word on the war in Syria."""
    sentence = s.text
    supported = c.implied or (c.event_type == "Humanitarian" and bool(figs.displaced))
    if c.event_type not in VIOLENT_TYPES and not c.actors and c.place is None and not supported:
        return True  # a passing mention («التصعيد الكبير للاشتباكات») with nothing to anchor it
    if _points_back(sentence, c, out.events):
        return True
    if c.event_type in VIOLENT_TYPES and not c.actors and c.place is None and not figs.violent:
        return True
    if c.event_type not in VIOLENT_TYPES and _refers_back(sentence, c, out.events):
        return True  # «دخول القافلة جاء ...»: the convoy already reported
    # «اقتتال نظام الأسد والمعارضة» in Syria, undated: a word on the war, not a happening
    return (
        c.place is not None
        and c.place.specificity == PLACE_SPECIFICITY["country"]
        and not figs.current
        and _offset_of(_when_at(s.refs, s.clauses, sentence, c.trigger_start, None)) is None
    )


def _add_event(
    out: ArticleExtraction,
    s: _Sentence,
    c: EventCandidate,
    ctx: _Context,
    sentence_events: list[tuple[Event, int]],
    orig: tuple[str, int, int],
) -> None:
    """The candidate as an event row of its day, place and actors (the article's last ones when
    the sentence names none); a second candidate with the same key adds its actors to the first."""
    place = c.place or ctx.place
    roles = list(c.actors) or [(a, r, x) for a, r, x in ctx.actors]
    reason = None if roles else "no actor named in the sentence or the one before"
    if c.generic and says_similar(s.text, c.trigger_end):
        c = _as_kind_before(c, [e for e, _ in sentence_events] or out.events)
    when = _when_at(s.refs, s.clauses, s.text, c.trigger_start, ctx.date)
    day = _offset_of(when)
    key = content_hash(
        out.article_id,
        str(s.index),
        c.event_type,
        c.sub_event_type,
        place.key if place else "",
        *(() if day is None else (str(day),)),
    )
    twin = next((e for e, _ in sentence_events if e.key == key), None)
    if twin is not None:
        have = {(a, r) for a, r, _ in twin.actors}
        twin.actors.extend(x for x in roles if (x[0], x[1]) not in have)
        return
    published = s.published
    sentence_events.append(
        (
            Event(
                key,
                s.index,
                c.event_type,
                c.sub_event_type,
                c.trigger,
                when.value if when else (published if published else None),
                when.precision if when else ("week" if published else "unknown"),
                when.text if when else None,
                place.key if place else None,
                place.name if place else None,
                roles,
                reason,
                *orig,
                day_offset=day,
                implied=c.implied,
                generic=c.generic,
            ),
            c.trigger_start,
        )
    )


def _casualty_rows(
    out: ArticleExtraction,
    sc: _Scanned,
    s: _Sentence,
    figs: _Figures,
    sentence_events: list[tuple[Event, int]],
    orig: tuple[str, int, int] | None,
    keys: dict[str, Casualty],
) -> None:
    """One casualty row per figure, pointing to the event of its day (none for a tally or a
    figure of a background clause); two readings of one span are one row (_merge_same_reading)."""
    nt = sc.nt
    current_ids = {id(f) for f in figs.current}
    for f in figs.all:
        fs, fe = nt.orig_span(s.start + f.start, s.start + f.end)
        event_key = None
        if id(f) in current_ids:
            event = _event_of_figure(f, figs.day[id(f)], sentence_events, s.clauses, len(s.text), out.events)
            event_key = event.key if event else None
        ns, ne = nt.orig_span(s.start + f.number_start, s.start + f.number_end)
        key = content_hash(out.article_id, str(fs), f.outcome, f.victim_group, str(f.is_breakdown))
        row = Casualty(
            key, event_key, f, nt.orig[fs:fe], fs, fe, orig[0], ns, ne, in_first_sentence=_is_first_sentence(nt, s)
        )
        if not _merge_same_reading(out, row, keys):
            keys[key] = row
            out.casualties.append(row)


def _is_first_sentence(nt: NormText, s: _Sentence) -> bool:
    """The article's first line when it is one sentence (a headline): it sums up what the body
    tells again, often with a coarser place («شمال درعا» for the body's «الصنمين»). A lede sentence
    followed by others in its paragraph tells its own happening («قتل 3 مدنيين في كفرنبل. وقتل 3
    مدنيين في أريحا»)."""
    return nt.norm[s.end : s.end + 1] in {"\n", ""} and not nt.norm[: s.start].strip()


def _update_context(ctx: _Context, s: _Sentence) -> None:
    """The place, actors and day the next sentences inherit from this one."""
    if s.places:
        ctx.place = min(s.places, key=place_rank)
    if s.actors:
        ctx.actors = [(m.key, "actor1" if i == 0 else "associated", m.surface) for i, m in enumerate(s.actors[:3])]
    own_date = s.refs[0] if s.refs else None
    if own_date is not None and not_a_new_event(s.text, s.clauses, own_date.start, own_date.start, s.refs) is None:
        ctx.date = own_date  # not the day of a background clause («يأتي ذلك بعد اعتقال ... يوم الأحد»)


def _settle_article(out: ArticleExtraction) -> None:
    """What needs the whole article: groups carried between figures, civilians as a party and as
    targets, one event per happening, restatements and superseded tolls, each event's dead."""
    _carry_group_within_article(out)
    _attacks_on_combatants(out)
    if not any(m[0] == "actor" and m[1] == "civilians" for m in out.mentions):
        # «قتل 12 مدنياً», «استشهد طفلان»: civilian victims make civilians a party to the article
        victims = [c for c in out.casualties if c.figure.victim_group in {"civilians", "children", "women"}]
        if victims:
            out.mentions.append(("actor", "civilians", victims[0].evidence, victims[0].evidence_start))
    _merge_same_happening(out)
    _civilians_as_target(out)
    if not any(m[0] == "actor" and m[1] == "civilians" for m in out.mentions):
        targets = [a for e in out.events for a in e.actors if a[0] == "civilians" and a[1] == "target"]
        if targets:  # the people a strike killed, named only by their number
            struck = next(c for c in out.casualties if c.event_key and _struck_people(c, out))
            out.mentions.append(("actor", "civilians", struck.evidence, struck.evidence_start))
    _mark_restatements(out)
    _merge_restated_reports(out)
    was_breakdown = {id(c) for c in out.casualties if c.figure.is_breakdown}
    mark_parts_of_totals(out.casualties)
    if split_by_place(out, part_rows(out.casualties, was_breakdown)):
        _merge_same_happening(out)  # a summary over the towns the split coded joins them
    _set_fatalities(out)


def _attacks_on_combatants(out: ArticleExtraction) -> None:
    """«قتل عنصرين من شعبة المخابرات العسكرية ... إثر عملية اغتيال نفذها مجهولون»: violence against
    civilians is ACLED's only when its victims are civilians; an attack whose every counted victim
    is a fighter is a clash between armed sides."""
    groups: dict[str, set[str]] = {}
    for c in out.casualties:
        if c.event_key and c.figure.outcome in {"killed", "injured"}:
            groups.setdefault(c.event_key, set()).add(c.figure.victim_group)
    for e in out.events:
        if (e.event_type, e.sub_event_type) == ("Violence against civilians", "Attack") and groups.get(e.key) == {
            "combatants"
        }:
            e.event_type, e.sub_event_type = "Battles", "Armed clash"


def _plausible(figures: list[Figure], out: ArticleExtraction, nt: NormText, s_start: int) -> list[Figure]:
    """The figures whose counts can be counts of people; the others are kept in `out.rejected`
    with their span and reason («قتل 99999999999999999999999 مدني»), never as rows."""
    kept = []
    for f in figures:
        reason = implausible(f)
        if reason is None:
            kept.append(f)
        else:
            fs, fe = nt.orig_span(s_start + f.start, s_start + f.end)
            out.rejected.append((nt.orig[fs:fe], fs, fe, reason))
    return kept


def _specificity(f: Figure) -> int:
    """How much a reading says: a count over a vague amount, a stated group over `unknown`."""
    return (f.qualifier != "vague") * 2 + (f.victim_group != "unknown")


def _merge_same_reading(out: ArticleExtraction, row: Casualty, keys: dict[str, Casualty]) -> bool:
    """Two readings of one span with one key («بسقوط شهيد مدني»: a vague «سقوط شهيد» and a count
    of one «شهيد مدني» from the same word) are one figure: the more specific reading wins the row.
    True when the row was merged into the one already holding its key."""
    held = keys.get(row.key)
    if held is None:
        return False
    if _specificity(row.figure) > _specificity(held.figure):
        held.figure = row.figure
        held.evidence, held.evidence_start, held.evidence_end = row.evidence, row.evidence_start, row.evidence_end
        held.number_start, held.number_end = row.number_start, row.number_end
        held.event_key = held.event_key or row.event_key
    return True


def _civilians_as_target(out: ArticleExtraction) -> None:
    """«قتل 3 أطفال بغارة روسية»: the civilians a violent event killed or injured are its target
    (ACLED codes them so in violence against civilians and in remote violence), even when the
    sentence names them only by their figure."""
    civil = {c.event_key for c in out.casualties if c.event_key and _struck_people(c, out)}
    for e in out.events:
        if e.key in civil and e.event_type in VIOLENT_TYPES and not any(a == "civilians" for a, _, _ in e.actors):
            victim = next(c for c in out.casualties if c.event_key == e.key and _struck_people(c, out))
            e.actors.append(("civilians", "target", victim.evidence))
            e.no_actor_reason = None


def _struck_people(c: Casualty, out: ArticleExtraction) -> bool:
    """Victims ACLED codes as civilians: killed or injured civilians, children or women; and people
    of no stated group whom remote violence (a strike, shelling, a bomb) killed or injured, as
    ACLED codes «غارة إسرائيلية قتلت 4 أشخاص» (fighters are named as fighters)."""
    f = c.figure
    if f.outcome not in {"killed", "injured"} or f.is_tally:
        return False
    if f.victim_group in {"civilians", "children", "women"}:
        return True
    if f.victim_group != "unknown" or f.victim_actor_id:
        return False
    event = next((e for e in out.events if e.key == c.event_key), None)
    return event is not None and event.event_type == "Explosions/Remote violence"


def _figures_same_happening(a: Casualty, b: Casualty, events: dict[str, Event], loose_place: bool = False) -> bool:
    """Whether two figures can be about one happening: not a vague tally beside an event's amount,
    and not two events the article places in two distinct localities (with `loose_place`, two
    governorates) or days apart. A headline often names the city («دمشق») where the body names the
    quarter («المزة»), or a day the lede calls «أمس»: places of different precision, or days one
    apart, can be one happening."""
    if a.figure.is_tally != b.figure.is_tally and a.figure.count_best is None:
        return False
    ea, eb = events.get(a.event_key or ""), events.get(b.event_key or "")
    if ea is None or eb is None or ea is eb:
        return True
    if _distinct_localities(ea.place_key, eb.place_key) and not (
        loose_place and _admin1(ea.place_key) == _admin1(eb.place_key)
    ):
        return False
    return not (
        ea.date_precision == eb.date_precision == "day"
        and ea.event_date
        and eb.event_date
        and abs((ea.event_date - eb.event_date).days) > 1
    )


def _distinct_localities(a: str | None, b: str | None) -> bool:
    """Two gazetteer places that cannot hold one another: different first-level divisions, or two
    localities («الأتارب» and «سرمين», «كفرنبل» and the city «أريحا») unless one is a quarter, site
    or camp and the other a city (the city's quarter: «المزة» in «دمشق»)."""
    if not a or not b or a == b:
        return False
    gazetteer = places()
    pa, pb = gazetteer.get(a), gazetteer.get(b)
    if pa is None or pb is None:
        return False
    if pa["admin1"] and pb["admin1"] and pa["admin1"] != pb["admin1"]:
        return True
    levels = sorted(PLACE_SPECIFICITY.get(p["kind"], 5) for p in (pa, pb))
    return levels[1] <= 2 and levels != [0, 2]


def _same_count(a: Figure, b: Figure) -> bool:
    """The same count: equal readings, or one number told again with or without its hedge («مقتل 13
    مدنيا» in the lede, «قتل 13 مدنيا على الأقل» in the body, «نحو 15 قتيلا» after «مقتل 15»)."""
    if (a.count_low, a.count_best, a.count_high, a.qualifier) == (b.count_low, b.count_best, b.count_high, b.qualifier):
        return True
    hedged = {"exact", "at_least", "approx", "at_most"}
    return a.count_best is not None and a.count_best == b.count_best and {a.qualifier, b.qualifier} <= hedged


def _compatible_groups(a: str, b: str) -> bool:
    return a == b or "unknown" in (a, b)


def _repeats(p: Casualty, c: Casualty, events: dict[str, Event], loose_place: bool) -> bool:
    """Whether `c` states `p`'s figure again: the same outcome, group and count about the same
    happening. A number told again may drop or add the group («مقتل 20» in the headline, «20 مدنياً»
    in the body); an amount without a number is the same figure only with the same group."""
    f, g = c.figure, p.figure
    group_agrees = g.victim_group == f.victim_group or (
        f.count_best is not None and _compatible_groups(g.victim_group, f.victim_group)
    )
    return (
        (g.outcome, g.is_breakdown) == (f.outcome, f.is_breakdown)
        and _same_count(g, f)
        and group_agrees
        and _figures_same_happening(p, c, events, loose_place)
    )


def _vague_of(vague: Casualty, exact: Casualty, events: dict[str, Event]) -> bool:
    """«مقتل امرأة وإصابة آخرين» then «وأصيبت أخرى وطفل», «سقوط شهداء» then «سقوط 12 شهيداً»: an
    amount without a number and a count of the same outcome and group on the same event are one
    figure, the count's (GUIDELINE §8.2). Figures of no event («نزوح آلاف المدنيين» in a headline,
    «أودى بحياة العشرات» over weeks) may be a wider toll: they stay. So do breakdowns and tallies."""
    v, e = vague.figure, exact.figure
    return (
        v.qualifier == "vague"
        and e.count_best is not None
        and v.outcome == e.outcome
        and not (v.is_breakdown or e.is_breakdown)
        and v.is_tally == e.is_tally
        and _compatible_groups(v.victim_group, e.victim_group)
        and vague.event_key is not None
        and vague.event_key == exact.event_key
    )


def _supersede(c: Casualty, primary: list[Casualty], events: dict[str, Event]) -> None:
    """Mark the earlier tolls a new one replaces: an update («وارتفعت الحصيلة إلى 15») supersedes each
    lower toll of its outcome about its happening, and any count supersedes a vague amount of it."""
    f = c.figure
    latest = next((p for p in primary if p.key == c.repeats_key), c)
    update = f.is_update and f.count_best is not None and not f.is_breakdown
    for p in primary:
        if p is latest or p.superseded_by is not None:
            continue
        g = p.figure
        if (
            update
            and g.outcome == f.outcome
            and not g.is_breakdown
            and _compatible_groups(g.victim_group, f.victim_group)
            and _figures_same_happening(p, c, events)
            and (g.count_best is None or g.count_best < f.count_best)
        ) or _vague_of(p, c, events):
            p.superseded_by = latest.key


def _take_source(primary: Casualty, restatement: Casualty) -> None:
    """«مصرع مدني» in the headline, «لقي مدني مصرعه ... وفق ما أفادت وكالة سانا» in the lede: the
    source a restatement names is the figure's source when its first statement names none."""
    f, g = primary.figure, restatement.figure
    if f.reported_by is None and g.reported_by is not None:
        primary.figure = f._replace(reported_by=g.reported_by, is_claim=g.is_claim)


def _mark_restatements(out: ArticleExtraction) -> None:
    """One primary row per distinct figure of the article.

    - A restatement: the same outcome, group and count about the same happening told again (the
      headline «مقتل 11 عنصراً», the lede «قتل 11 عنصراً من قوات النظام», the body): later
      statements repeat the first (`repeats_key`). A headline's figure is told again by the first
      matching statement after it even where the body names a finer place of another name.
    - A vague amount before a count of the same figure on the same event is superseded by it
      (a vague amount after a count is most often a wider toll: «أدى إلى استشهاد عدد من المدنيين»).
    - A superseded toll: «وارتفعت الحصيلة إلى 15» after «مقتل 11»: each earlier toll of that
      outcome about that happening, lower than the new one, is `superseded_by` the new toll (or
      the statement of it the new one repeats)."""
    events = {e.key: e for e in out.events}
    primary: list[Casualty] = []
    restated: set[str] = set()  # headline figures already told again
    for c in out.casualties:
        for p in primary:
            loose = p.in_first_sentence and not c.in_first_sentence and p.key not in restated
            if _repeats(p, c, events, loose):
                c.repeats_key = p.key
                restated.add(p.key)
                _take_source(p, c)
                break
        _supersede(c, primary, events)
        if c.repeats_key is None:
            primary.append(c)


CIVILIAN_GROUPS = {"civilians", "children", "women"}


def _when_at(
    refs: list[DateRef], clauses: list[int], sentence: str, pos: int, context: DateRef | None
) -> DateRef | None:
    """The date the words at `pos` are about: the sentence's own (governing_date), else the day the
    article was last talking about. The day a source spoke («أكدوا، اليوم أن ...») gives way to a day
    the sentence names for what it reports («... وذلك مساء أمس الأربعاء»)."""
    if len(refs) > 1:
        told = [r for r in refs if not said_on(sentence, r)]
        if told and len(told) < len(refs) and any(r.offset is not None for r in told):
            refs = told
    return governing_date(refs, clauses, pos, len(sentence)) or context


def _offset_of(when: DateRef | None) -> int | None:
    return when.offset if when is not None else None


def _day_at(s: _Sentence, ctx: _Context):
    """The day (relative to publication) the words at a position of the sentence are about, False
    in a clause that reports no new happening (background, plans)."""

    def day(pos: int) -> int | None | bool:
        if not_a_new_event(s.text, s.clauses, pos, pos, s.refs) is not None:
            return False  # a background or planned clause
        return _offset_of(_when_at(s.refs, s.clauses, s.text, pos, ctx.date))

    return day


def _by_day(
    hits: list[Match], refs: list[DateRef], clauses: list[int], sentence: str, context: DateRef | None
) -> list[list[Match]]:
    """A sentence's trigger hits grouped by the day each is about, in text order."""
    groups: dict[int | None, list[Match]] = {}
    for h in hits:
        groups.setdefault(_offset_of(_when_at(refs, clauses, sentence, h.start, context)), []).append(h)
    return list(groups.values())


def _as_kind_before(c: EventCandidate, before: list[Event]) -> EventCandidate:
    """«وكان استشهد أول أمس 18 جراء قصف مماثل»: a strike like the first one the sentence (or else
    the article's latest) reported."""
    violent = [e for e in before if e.event_type in VIOLENT_TYPES]
    if not violent:
        return c
    like = violent[0] if before and before[0].sentence_index == violent[-1].sentence_index else violent[-1]
    return c._replace(event_type=like.event_type, sub_event_type=like.sub_event_type)


def _definite(sentence: str, c: EventCandidate) -> bool:
    return c.trigger.startswith("ال") or sentence[max(0, c.trigger_start - 2) : c.trigger_start] == "ال"


def _refers_back(sentence: str, c: EventCandidate, events: list[Event]) -> bool:
    """A definite trigger («القافلة», «الاتفاق») of a sub-type the article already reported."""
    return _definite(sentence, c) and any(
        (e.event_type, e.sub_event_type) == (c.event_type, c.sub_event_type) for e in events
    )


def _points_back(sentence: str, c: EventCandidate, events: list[Event]) -> bool:
    """«الهجوم أسفر عن مقتل ...»: a generic trigger (the `generic` column of triggers.csv) made
    definite by its article, after a violent event, names that event again, not a new one; its
    figures join the event of their day (_event_of_figure)."""
    return (
        c.generic
        and sentence[max(0, c.trigger_start - 2) : c.trigger_start] == "ال"
        and any(e.event_type in VIOLENT_TYPES for e in events)
    )


def _days_agree(a: Event, b: Event) -> bool:
    """Two reports that may be of one day: the same day, or one of them names none. A date that
    cannot be resolved without the publication date («في 10 تموز») is not any other day."""
    if a.day_offset is not None and b.day_offset is not None:
        return a.day_offset == b.day_offset
    named = [
        e
        for e in (a, b)
        if e.day_offset is None and e.date_text is not None and any(ch.isdigit() for ch in e.date_text)
    ]
    return not named or (a.day_offset is None and b.day_offset is None and a.date_text == b.date_text)


def _same_day(a: int | None, b: int | None) -> bool:
    """Days that may be one: equal, or one of them unknown."""
    return a is None or b is None or a == b


def _earlier_event_of_day(events: list[Event], day: int | None) -> Event | None:
    """The latest violent event already reported on that day (any, when the day is unknown)."""
    for e in reversed(events):
        if e.event_type in VIOLENT_TYPES and _same_day(e.day_offset, day):
            return e
    return None


def _event_of_figure(
    f: Figure,
    day: int | None,
    sentence_events: list[tuple[Event, int]],
    clauses: list[int],
    length: int,
    earlier: list[Event],
) -> Event | None:
    """The event a figure counts the victims of: one of its sentence's events on its day (violent
    ones for the killed and injured; for civilian victims a strike or attack before a battle; then
    one in the figure's clause, the nearest before it, the first after it), else the latest violent
    event of its day reported before. A figure never joins an event of another day."""
    pool = [(e, at) for e, at in sentence_events if _same_day(e.day_offset, day)]
    if f.outcome in {"killed", "injured"}:
        violent = [(e, at) for e, at in pool if e.event_type in VIOLENT_TYPES]
        if violent:
            pool = violent
        else:  # «قتل 4 آخرون» after the attack: the figure updates it
            prior = _earlier_event_of_day(earlier[: len(earlier) - len(sentence_events)], day)
            if prior is not None:
                return prior
    if pool:
        civil = f.victim_group in CIVILIAN_GROUPS
        lo = max(c for c in clauses if c <= f.number_start)
        hi = min((c for c in clauses if c > f.number_start), default=length)

        def rank(item: tuple[Event, int]) -> tuple:
            # «لقصف جوي ومدفعي، ما أدى لارتقاء 84»: the first trigger of the nearest clause before
            e, at = item
            where = 0 if lo <= at < hi else 1 if at < f.number_start else 2
            clause = max(c for c in clauses if c <= at)
            return (civil and e.event_type == "Battles", where, -clause if where == 1 else 0, at)

        return min(pool, key=rank)[0]
    return None


def _carry_group_within_article(out: ArticleExtraction) -> None:
    """«200 ألف مدني فروا» ... «30 ألف شخص نزحوا»: once an article states that the people who fled
    or are trapped are civilians, its displaced/besieged figures of unstated group are the same
    population."""
    population = {"displaced", "besieged"}
    if any(
        c.figure.outcome in population and c.figure.victim_group == "civilians" and not c.figure.is_breakdown
        for c in out.casualties
    ):
        for c in out.casualties:
            if c.figure.outcome in population and c.figure.victim_group == "unknown":
                c.figure = c.figure._replace(victim_group="civilians")


def _merge_same_happening(out: ArticleExtraction) -> None:
    """One event per happening (GUIDELINE.md §3): reports of the same sub-type, place and day
    collapse into the first; an undated report joins the dated one of its place; an agreement is
    one event; a summary at area or governorate level joins the events already coded per town.
    The figures of a merged report point to the event it joined."""
    alias: dict[str, str] = {}
    kept: list[Event] = []
    for e in out.events:
        target = next((k for k in kept if _same_happening(k, e)), None)
        if target is None:
            kept.append(e)
        else:
            _absorb(target, e)
            alias[e.key] = target.key
    kept = _implied_join_named(kept, alias)
    final: list[Event] = []
    summaries: set[str] = set()
    for e in kept:
        level = _place_level(e.place_key)
        finer = _finer_events(e, kept, 3 if level >= 3 else level) if level >= 3 or _headline_city(e) else []
        if level < 3:  # a headline's city: one town of the gazetteer within it, or which one is unsaid
            finer = [f for f in finer if f.place_key in places()]
            finer = finer if len(finer) == 1 else []
        if not finer:
            final.append(e)
            continue
        _absorb(finer[0], e)
        alias[e.key] = finer[0].key
        if len(finer) > 1:  # «استشهد 11 مدنياً في عدة بلدات بريف إدلب»: its figures total several events
            summaries.add(e.key)
    out.events = final
    for c in out.casualties:
        if c.event_key in summaries:
            c.event_key = None
        while c.event_key in alias:
            c.event_key = alias[c.event_key]


def _merge_restated_reports(out: ArticleExtraction) -> None:
    """«لقى مدني مصرعه ... في دمشق» then «استشهاد مدني بانفجار عبوة ناسفة ... في منطقة القدم في
    دمشق»: two reports of one sub-type whose figure is one restated (_mark_restatements), on days that
    agree, are one happening, coded at the finer place; the figures point to it."""
    events = {e.key: e for e in out.events}
    by_key = {c.key: c for c in out.casualties}
    alias: dict[str, str] = {}

    def final(key: str | None) -> str | None:
        while key in alias:
            key = alias[key]
        return key

    for c in out.casualties:
        first = by_key.get(c.repeats_key) if c.repeats_key else None
        a, b = events.get(final(first.event_key) if first else None), events.get(final(c.event_key))
        if a is None or b is None or a is b or (a.event_type, a.sub_event_type) != (b.event_type, b.sub_event_type):
            continue
        if not _days_agree(a, b):
            continue
        keep, other = (b, a) if _coded_better(b, a) else (a, b)
        _absorb(keep, other)
        alias[other.key] = keep.key
    if not alias:
        return
    out.events = [e for e in out.events if e.key not in alias]
    for c in out.casualties:
        c.event_key = final(c.event_key)


def _coded_better(b: Event, a: Event) -> bool:
    """Which of two reports of one happening says where: the finer place; at places alike, the one
    a specific trigger word names over one coded from its victims or a generic word (a headline
    naming two towns, «مقتل 15 ... في القلمون و"الزبداني"», is placed by its body)."""
    la, lb = _place_level(a.place_key), _place_level(b.place_key)
    if la != lb:
        return lb < la
    return (a.implied or a.generic) and not (b.implied or b.generic)


def _implied_join_named(events: list[Event], alias: dict[str, str]) -> list[Event]:
    """«عدوان صهيوني يستهدف سيارة مدنية في دمشق ويوقع شهيدين» (a headline coded by its victims)
    and «ارتقى شهيدان ... في اعتداء جوي نفذته طائرة مسيرة ... في المزة»: a violent event implied by
    a figure alone is the happening a trigger word of the article names at the same or an enclosing
    place on a day that agrees; it joins the first such event, which says what happened. So does
    one a generic trigger alone names («مقتل 13 مدنيا في قصف ... على إدلب» before «قصف جوي»), with
    a specific event of its type."""
    kept = []
    for e in events:
        named = next((k for k in events if _names_vague(k, e)), None) if _vague(e) else None
        if named is None:
            kept.append(e)
        else:
            _absorb(named, e)
            alias[e.key] = named.key
    return kept


def _vague(e: Event) -> bool:
    return (e.implied or e.generic) and e.event_type in VIOLENT_TYPES


def _names_vague(k: Event, e: Event) -> bool:
    """`k` says what the vague event `e` was: a trigger word's event at its place or within it."""
    if k is e or k.implied or k.event_type not in VIOLENT_TYPES:
        return False
    if not e.implied and (k.generic or k.event_type != e.event_type):
        return False
    return _days_agree(k, e) and _encloses(e.place_key, k.place_key)


def _encloses(outer: str | None, inner: str | None) -> bool:
    """`inner` lies at or within `outer`: the same place, no place on the outer side, or two
    gazetteer places of one governorate that are not two distinct localities (the city and its quarter)."""
    if outer is None or outer == inner:
        return True
    if inner is None:
        return False
    a, b = places().get(outer), places().get(inner)
    if a is None or b is None:
        return False
    return (
        a["admin1"] == b["admin1"]
        and not _distinct_localities(outer, inner)
        and _place_level(outer) >= _place_level(inner)
    )


def _armed(e: Event) -> set[str]:
    return {a for a, role, _ in e.actors if role in ("actor1", "actor2")}


def _same_happening(first: Event, later: Event) -> bool:
    if (first.event_type, first.sub_event_type) != (later.event_type, later.sub_event_type):
        return False
    if later.sub_event_type == "Agreement":  # one agreement, unless between other parties
        a, b = _armed(first), _armed(later)
        return not a or not b or bool(a & b)
    return first.place_key == later.place_key and _days_agree(first, later)


def _place_level(key: str | None) -> float:
    """The place's specificity (entities.PLACE_SPECIFICITY); a place the gazetteer lacks is named
    as a village or neighbourhood would be; no place is the coarsest."""
    if key is None:
        return 6
    row = places().get(key)
    return PLACE_SPECIFICITY.get(row["kind"], 5) if row else 1


def _admin1(key: str | None) -> str:
    row = places().get(key) if key else None
    return row["admin1"] if row else ""


def _headline_city(e: Event) -> bool:
    """An event of the headline placed at a city: a headline names the city for its governorate
    («مقتل شاب من السويداء في ريف درعا», «اغتيال عنصر سابق ... شرق درعا»)."""
    return e.sentence_index == 0 and _place_level(e.place_key) == 2 and not e.evidence.rstrip().endswith(".")


def _finer_events(coarse: Event, events: list[Event], below: float = 3) -> list[Event]:
    """The events of the same sub-type and day at places finer than `below` in the coarse place's
    governorate («قصف على الغوطة الشرقية» after the strikes on its towns), in article order."""
    region = _admin1(coarse.place_key)
    out = []
    for e in events:
        # an event coded from its victims alone says no kind: any violent event within it is finer
        vague = coarse.implied and coarse.event_type in VIOLENT_TYPES and e.event_type in VIOLENT_TYPES
        if e is coarse or (
            not vague and (e.event_type, e.sub_event_type) != (coarse.event_type, coarse.sub_event_type)
        ):
            continue
        if _place_level(e.place_key) >= below or not _days_agree(e, coarse):
            continue
        if not region or not _admin1(e.place_key) or _admin1(e.place_key) == region:
            out.append(e)
    return out


def _absorb(keep: Event, other: Event) -> None:
    """`keep` takes what a later report of its happening adds: actors (one actor1 and one actor2,
    as ACLED codes them: a side the report names besides them is associated) and the day."""
    have = {(a, r) for a, r, _ in keep.actors}
    sides = {r for _, r, _ in keep.actors if r in ("actor1", "actor2")}
    named = {a for a, _, _ in keep.actors}
    for actor, role, surface in other.actors:
        if role in sides and actor not in named:
            role = "associated"
        if (actor, role) not in have and not (actor in named and role == "associated"):
            keep.actors.append((actor, role, surface))
            have.add((actor, role))
            named.add(actor)
    if keep.actors:
        keep.no_actor_reason = None
    if keep.day_offset is None and other.day_offset is not None:  # the dated report says when
        keep.day_offset, keep.event_date = other.day_offset, other.event_date
        keep.date_precision, keep.date_text = other.date_precision, other.date_text


def _set_fatalities(out: ArticleExtraction) -> None:
    """People killed per event: the primary killed figures of its day and place (tallies and
    restatements out), each distinct figure once; where none of them has a count, its counted
    breakdowns (a town's part of a total split by place, «بينهم طفلان» under a vague toll): the dead
    it is known to hold. NULL when every figure is vague. The gate recomputes this from the marts
    (expectations/batch.py), so the two definitions must stay one."""
    totals: dict[str, dict[tuple, int]] = {}
    parts: dict[str, dict[tuple, int]] = {}
    for c in out.casualties:
        f = c.figure
        if c.event_key and f.outcome == "killed" and not f.is_tally and f.count_best is not None and c.is_primary:
            (parts if f.is_breakdown else totals).setdefault(c.event_key, {})[(f.victim_group, f.count_best)] = (
                f.count_best
            )
    for e in out.events:
        counts = totals.get(e.key) or parts.get(e.key)
        total = sum(counts.values()) if counts else None
        # a sum beyond any report of this war is misread figures, not a toll (the suites refuse it)
        e.fatalities = total if total is not None and total <= MAX_SANE_COUNT else None
