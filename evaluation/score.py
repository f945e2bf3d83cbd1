"""`make eval`: precision, recall and F1 per field of the extractor on every gold set.

- sample.yml: the shipped Shaam dump, annotated by hand (article boundaries by line number).
- reports.yml: 36 short reports in other styles, written without looking at the extractor (its
  errors were then studied while tuning the rules, so it is a development set now).
- holdout.yml, test_blind.yml, test_blind2.yml: later sets written blind (evaluation/RESULTS.md).
- real_dev.yml, real_blind.yml, real_unseen.yml (when present): real articles in the format of GUIDELINE.md §7,
  places as {name, admin1 ISO}, governorates, events with day_offset/fatalities/code.
Extraction is scored on the gold article boundaries; segmentation is scored on its own.

Events are scored as instances (GUIDELINE.md §3): predicted and gold events of an article are
matched one to one (same type and sub-type, compatible place, same day_offset when both are known);
a `may` gold event is neither a miss when unmatched nor a false positive when matched. Casualty
figures are scored on the extractor's primary rows (restatements and superseded tolls out).
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple

import yaml

from extract.article import ArticleExtraction, extract_article
from extract.gazetteer import place_admin1_iso
from extract.lexicon import aliases, load_csv
from extract.segment import segment
from extract.text import normalize

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO / "tests" / "gold"
# Sets kept for testing: only their aggregates are printed, so no one tunes a rule on their sentences.
BLIND_SETS = frozenset({"test_blind2", "real_blind", "real_unseen"})

SETS = (
    "sample.yml",
    "reports.yml",
    "holdout.yml",
    "test_blind.yml",
    "test_blind2.yml",
    "real_dev.yml",
    "real_blind.yml",
    "real_unseen.yml",
)
VIOLENT = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Counter, pred: Counter) -> None:
        inter = gold & pred
        self.tp += sum(inter.values())
        self.fp += sum((pred - inter).values())
        self.fn += sum((gold - inter).values())

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Ratio:
    """A share (hits over cases) printed as `hits/cases`."""

    hits: int = 0
    cases: int = 0

    @property
    def value(self) -> float:
        return self.hits / self.cases if self.cases else 1.0


@dataclass
class SetScore:
    name: str
    fields: dict[str, PRF] = field(default_factory=dict)
    non_casualty_hits: list[str] = field(default_factory=list)
    restated_as_primary: list[str] = field(default_factory=list)
    articles_expected: int = 0
    articles_found: int | None = None
    errors: list[str] = field(default_factory=list)
    event_rows: int = 0  # predicted events, one per cross-article cluster (marts.events rows)
    gold_events: int = 0  # gold happenings (must, and may ones a row was coded for), once each
    tolls: Ratio = field(default_factory=Ratio)  # gold events with a death toll, toll right
    invented_tolls: int = 0  # matched events whose gold toll is null but the prediction has one
    merges: Ratio = field(default_factory=Ratio)  # gold same-happening pairs across articles, merged
    event_misses: list[str] = field(default_factory=list)
    # real sets: gold events whose place is a village-level name, and an event of the article placed there
    villages: Ratio = field(default_factory=Ratio)

    def f(self, name: str) -> PRF:
        return self.fields.setdefault(name, PRF())

    @property
    def rows_per_happening(self) -> float:
        return self.event_rows / self.gold_events if self.gold_events else 0.0


class GoldEvent(NamedTuple):
    ref: str  # "<article_id>#<index in the article's events list, from 0>"
    event_type: str
    sub_event_type: str
    place: str | None  # gazetteer key (earlier sets) or normalised Arabic name (real sets)
    place_is_name: bool
    day_offset: int | None
    fatalities: int | None
    must: bool
    same_as: str | None


def _gold_articles(gold: dict) -> list[tuple[dict, str]]:
    if "source" in gold:
        lines = (REPO / gold["source"]).read_text(encoding="utf-8").splitlines()
        return [
            (a, "\n".join(ln for ln in lines[a["lines"][0] - 1 : a["lines"][1]] if ln.strip()))
            for a in gold["articles"]
        ]
    return [(a, a["text"]) for a in gold["articles"]]


def _date(v) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


def _place_key(k: str) -> str:
    return "unknown:" + normalize(k.split(":", 1)[1]).strip() if k.startswith("unknown:") else k


def _count_key(c) -> tuple:
    return (c["count_low"], c["count_best"], c["count_high"])


# --- governorates: ISO 3166-2 of every place -------------------------------------------------


@cache
def _place_admin1() -> dict[str, str]:
    return {r["place_id"]: r["admin1"] for r in load_csv("places.csv")}


def place_iso(key: str | None) -> str | None:
    """The ISO 3166-2 governorate of a predicted place key: the national gazetteer's own answer
    (extract.gazetteer.place_admin1_iso)."""
    if not key or key.startswith("unknown:"):
        return None
    return place_admin1_iso(key)


@cache
def _place_names(key: str) -> frozenset[str]:
    """The normalised Arabic names a gazetteer place is known by."""
    row = next((r for r in load_csv("places.csv") if r["place_id"] == key), None)
    return frozenset(aliases(row)) if row else frozenset()


def _bare(name: str) -> str:
    return normalize(name).strip()


def _pred_place_matches_name(key: str | None, name: str | None, gold_name: str) -> bool:
    g = _bare(gold_name)
    if name and _bare(name) == g:
        return True
    if key and key.startswith("unknown:"):
        return _bare(key.split(":", 1)[1]) == g
    return bool(key) and g in _place_names(key)


# --- events as instances --------------------------------------------------------------------


def gold_events(article: dict) -> list[GoldEvent]:
    out = []
    for i, e in enumerate(article.get("events") or []):
        place = e.get("place")
        is_name = place is not None and not (
            isinstance(place, str) and (place in _place_admin1() or place.startswith("unknown:"))
        )
        out.append(
            GoldEvent(
                f"{article['id']}#{i}",
                e["event_type"],
                e["sub_event_type"],
                (_bare(place) if is_name else _place_key(place)) if place else None,
                is_name,
                e.get("day_offset"),
                e.get("fatalities"),
                e.get("code", "must") != "may",
                e.get("same_as"),
            )
        )
    return out


def _place_compatible(g: GoldEvent, p) -> bool:
    if g.place is None:
        return True
    if g.place_is_name:
        return _pred_place_matches_name(p.place_key, p.place_name, g.place)
    return p.place_key is not None and _place_key(p.place_key) == g.place


def compatible(g: GoldEvent, p, check_place: bool = True) -> bool:
    """A prediction can stand for a gold event: same type and sub-type, place compatible, the same
    day relative to publication when both know it."""
    if (g.event_type, g.sub_event_type) != (p.event_type, p.sub_event_type):
        return False
    offset = getattr(p, "day_offset", None)
    if g.day_offset is not None and offset is not None and g.day_offset != offset:
        return False
    return not check_place or _place_compatible(g, p)


def match_events(gold: list[GoldEvent], pred: list, check_place: bool = True) -> dict[int, int]:
    """A one-to-one matching (gold index -> prediction index) of maximum size, `must` events first
    so a `may` event never takes the prediction a must event needed; among compatible predictions a
    gold event prefers one with its death toll, then one with its day."""
    match_of_pred: dict[int, int] = {}

    def preference(gi: int, pi: int) -> tuple:
        g, p = gold[gi], pred[pi]
        return (p.fatalities != g.fatalities, getattr(p, "day_offset", None) != g.day_offset, pi)

    options = {
        gi: sorted(
            (pi for pi, p in enumerate(pred) if compatible(g, p, check_place)), key=lambda pi: preference(gi, pi)
        )
        for gi, g in enumerate(gold)
    }

    def augment(gi: int, seen: set[int]) -> bool:
        for pi in options[gi]:
            if pi in seen:
                continue
            seen.add(pi)
            if pi not in match_of_pred or augment(match_of_pred[pi], seen):
                match_of_pred[pi] = gi
                return True
        return False

    for must in (True, False):
        for gi, g in enumerate(gold):
            if g.must == must:
                if must:
                    augment(gi, set())
                else:  # a may event takes only a prediction no must event holds
                    free = [pi for pi in options[gi] if pi not in match_of_pred]
                    if free:
                        match_of_pred[free[0]] = gi
    return {gi: pi for pi, gi in match_of_pred.items()}


def _add_event_prf(prf: PRF, gold: list[GoldEvent], pred: list, matched: dict[int, int]) -> None:
    prf.tp += sum(1 for gi in matched if gold[gi].must)
    prf.fn += sum(1 for gi, g in enumerate(gold) if g.must and gi not in matched)
    prf.fp += len(pred) - len(matched)


def cross_article_signature(e, article_id: str, published: date | None, dump: str | None) -> str:
    """The cluster an extracted event joins across articles. Mirrors dbt_project/models/
    intermediate/int_event_reports.sql (the warehouse's merge), so `make eval` scores what the marts
    publish: type, sub-type, day, place and actor1; a report dated to the day merges with its date's,
    a report of an undated dump (`dump`: its file) with the dump's of the same relative day."""
    actor1 = min((a for a, role, _ in e.actors if role == "actor1"), default="")
    if e.event_date is not None and e.date_precision == "day" and e.place_key is not None:
        return "|".join((e.event_type, e.sub_event_type, str(e.event_date), e.place_key, actor1))
    if published is None and e.place_key is not None and dump is not None:
        return "|".join(
            (e.event_type, e.sub_event_type, f"day{getattr(e, 'day_offset', None) or 0}", e.place_key, actor1, dump)
        )
    return f"{article_id}|{e.key}"


def score_events(score: SetScore, gold: list[GoldEvent], x: ArticleExtraction, article_id: str) -> dict[int, int]:
    matched = match_events(gold, x.events)
    _add_event_prf(score.f("event instances"), gold, x.events, matched)
    _add_event_prf(
        score.f("event instances (place not checked)"), gold, x.events, match_events(gold, x.events, check_place=False)
    )
    for gi, g in enumerate(gold):
        p = x.events[matched[gi]] if gi in matched else None
        if g.fatalities is not None and (g.must or p is not None):
            score.tolls.cases += 1
            score.tolls.hits += p is not None and p.fatalities == g.fatalities
        elif p is not None and p.fatalities is not None:
            score.invented_tolls += 1
        if p is None and g.must:
            score.event_misses.append(f"{g.ref} {g.sub_event_type} @ {g.place} day {g.day_offset}")
        if g.must and g.place_is_name and g.place and village_level(g.place):
            score.villages.cases += 1
            score.villages.hits += any(_place_compatible(g, q) for q in x.events)
    return matched


# kinds coarser than a community: a gold place reading as one of these is no village
_COARSE_KINDS = frozenset({"city", "governorate", "country", "area", "district", "subdistrict"})


def village_level(name: str) -> bool:
    """Whether a gold place name (normalised) names a community below the city: every reading the
    gazetteer has of it is a village, town, neighbourhood, camp or site, or the gazetteer lacks it
    (a place the text names that no list holds, «قرية X»)."""
    from extract.entities import place_aliases, places

    name = " ".join(name.split())
    keys = place_aliases().get(name) or place_aliases().get(name[2:] if name.startswith("ال") else "ال" + name)
    return not keys or not any(places()[k]["kind"] in _COARSE_KINDS for k in keys)


def score_merges(score: SetScore, gold_by_ref: dict[str, GoldEvent], signature_by_ref: dict[str, str]) -> None:
    """Gold pairs of one happening reported by two articles (`same_as`) that the warehouse merges."""
    for ref, g in gold_by_ref.items():
        if g.same_as:
            score.merges.cases += 1
            a, b = signature_by_ref.get(ref), signature_by_ref.get(g.same_as)
            score.merges.hits += a is not None and a == b


# --- casualties, actors, places ---------------------------------------------------------------


def _primary(x: ArticleExtraction) -> list:
    return [c for c in x.casualties if getattr(c, "is_primary", True)]


def _guided(gold: dict) -> bool:
    """Annotated after GUIDELINE.md (each figure once, restatements listed apart); the earlier sets
    list every statement of a figure, so every row of the extractor is scored against them."""
    return "restatements" in gold or any(
        flag in c for c in gold.get("casualties") or [] for flag in ("superseded", "tally", "breakdown")
    )


def score_casualties(score: SetScore, gold: dict, text: str, x: ArticleExtraction) -> None:
    gc = [c for c in gold.get("casualties") or [] if not c.get("superseded")]
    pc = [c.figure for c in (_primary(x) if _guided(gold) else x.casualties)]

    def full(o, g, q, k):
        return (o, g, q) + k

    score.f("casualty figures (full)").add(
        Counter(full(c["outcome"], c["victim_group"], c["qualifier"], _count_key(c)) for c in gc),
        Counter(full(f.outcome, f.victim_group, f.qualifier, (f.count_low, f.count_best, f.count_high)) for f in pc),
    )
    score.f("casualty counts").add(
        Counter(_count_key(c) for c in gc), Counter((f.count_low, f.count_best, f.count_high) for f in pc)
    )
    for name, gkey, pkey in (
        ("casualty outcome", lambda c: c["outcome"], lambda f: f.outcome),
        ("casualty victim_group", lambda c: c["victim_group"], lambda f: f.victim_group),
        ("casualty qualifier", lambda c: c["qualifier"], lambda f: f.qualifier),
        ("casualty victim_actor", lambda c: c.get("victim_actor"), lambda f: f.victim_actor_id),
        ("casualty reported_by", lambda c: c.get("reported_by"), lambda f: f.reported_by),
    ):
        score.f(name).add(
            Counter((_count_key(c), gkey(c)) for c in gc),
            Counter(((f.count_low, f.count_best, f.count_high), pkey(f)) for f in pc),
        )
    # numbers that are not casualties must not be the number of any casualty row
    for span, hit in _rows_on_spans(gold.get("non_casualty_numbers") or [], text, x.casualties):
        score.non_casualty_hits.append(
            f"{gold['id']}: «{span}» read as {hit.figure.outcome} {hit.figure.count_best} from «{hit.evidence}»"
        )
    # a restatement of a figure already counted must not be a primary row again
    seen = set()
    for span, hit in _rows_on_spans(gold.get("restatements") or [], text, _primary(x)):
        if (span, hit.key) not in seen:
            seen.add((span, hit.key))
            score.restated_as_primary.append(f"{gold['id']}: «{span}» primary again as {hit.figure.count_best}")


def _rows_on_spans(spans: list[str], text: str, rows: list):
    """(span, casualty row) for every row whose number lies inside an occurrence of a span; an
    occurrence inside a longer word is none («قتل 19 مدنياً» is not in the headline's «مقتل 19 مدنياً»)."""
    for span in spans:
        start = text.find(span)
        while start != -1:
            end = start + len(span)
            if not (start and span[:1].isalpha() and text[start - 1].isalpha()):
                for c in rows:
                    if c.number_start < end and start < c.number_end:
                        yield span, c
            start = text.find(span, start + 1)


def _gold_governorates(gold: dict) -> set[str]:
    if "governorates" in gold:
        return set(gold["governorates"] or [])
    out = set()
    for p in gold.get("places") or []:
        iso = p.get("admin1") if isinstance(p, dict) else place_iso(p)
        if iso:
            out.add(iso)
    return out


def score_places(score: SetScore, gold: dict, x: ArticleExtraction) -> None:
    gold_places = gold.get("places") or []
    score.f("governorates").add(
        Counter(_gold_governorates(gold)), Counter({iso for k in x.places if (iso := place_iso(k))})
    )
    if gold_places and isinstance(gold_places[0], dict):  # real sets: places by name
        names = {_bare(p["name"]) for p in gold_places}
        hit = {n for n in names if any(_pred_place_matches_name(k, v, n) for k, v in x.places.items())}
        extra = [k for k, v in x.places.items() if not any(_pred_place_matches_name(k, v, n) for n in names)]
        prf = score.f("places (by name)")
        prf.tp += len(hit)
        prf.fn += len(names - hit)
        prf.fp += len(extra)
        return
    places = {_place_key(m[1]) for m in x.mentions if m[0] == "place"}
    keys = {_place_key(p) for p in gold_places}
    score.f("places (gazetteer)").add(
        Counter({p for p in keys if not p.startswith("unknown:")}),
        Counter({p for p in places if not p.startswith("unknown:")}),
    )
    score.f("places (unknown, kept without coordinates)").add(
        Counter({p for p in keys if p.startswith("unknown:")}), Counter({p for p in places if p.startswith("unknown:")})
    )


def score_article(score: SetScore, gold: dict, text: str, x: ArticleExtraction) -> list[GoldEvent]:
    score_casualties(score, gold, text, x)
    actors = {m[1] for m in x.mentions if m[0] == "actor"}
    score.f("actors").add(Counter(set(gold.get("actors") or [])), Counter(actors))
    score_places(score, gold, x)
    events = gold_events(gold)
    must = [e for e, g in zip(gold.get("events") or [], events) if g.must]
    score.f("event types").add(Counter({e["event_type"] for e in must}), Counter({e.event_type for e in x.events}))
    score.f("event sub-types").add(
        Counter({(e["event_type"], e["sub_event_type"]) for e in must}),
        Counter({(e.event_type, e.sub_event_type) for e in x.events}),
    )
    score.f("articles with violent events").add(
        Counter({gold["id"]} if any(e["event_type"] in VIOLENT for e in must) else set()),
        Counter({gold["id"]} if any(e.event_type in VIOLENT for e in x.events) else set()),
    )
    dated = [e for e in must if "event_date" in e]
    if dated:
        score.f("event dates (type, date, precision)").add(
            Counter(
                {
                    (
                        e["event_type"],
                        _date(e.get("event_date")),
                        e.get("date_precision", "day") if e.get("event_date") else "unknown",
                    )
                    for e in dated
                }
            ),
            Counter({(e.event_type, e.event_date, e.date_precision) for e in x.events}),
        )
    return events


def score_set(path: Path) -> SetScore:
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    score = SetScore(path.stem)
    pairs = _gold_articles(gold)
    score.articles_expected = len(pairs)
    if "source" in gold:
        lines = (REPO / gold["source"]).read_text(encoding="utf-8").splitlines()
        starts = [a[0][0] for a in segment(lines)]
        gold_starts = [a["lines"][0] for a in gold["articles"]]
        score.articles_found = (
            len(set(starts) & set(gold_starts))
            if len(starts) == len(gold_starts)
            else len(set(starts) & set(gold_starts)) - abs(len(starts) - len(gold_starts))
        )
        score.f("article boundaries").add(Counter(gold_starts), Counter(starts))
    gold_by_ref: dict[str, GoldEvent] = {}
    signature_by_ref: dict[str, str] = {}
    clusters: set[str] = set()
    dump = gold.get("source")  # the articles of a paragraph dump share one file
    for gold_article, text in pairs:
        published = _date(gold_article.get("published_at"))
        x = extract_article(gold_article["id"], text, published)
        events = score_article(score, gold_article, text, x)
        matched = score_events(score, events, x, gold_article["id"])
        clusters.update(cross_article_signature(e, gold_article["id"], published, dump) for e in x.events)
        for gi, g in enumerate(events):
            gold_by_ref[g.ref] = g
            if gi in matched:
                signature_by_ref[g.ref] = cross_article_signature(
                    x.events[matched[gi]], gold_article["id"], published, dump
                )
    score_merges(score, gold_by_ref, signature_by_ref)
    # the happenings the rows stand for: every must happening once (same_as pairs counted once) and
    # the may happenings a row was coded for (such a row is a happening, not a split of another)
    score.gold_events = sum(
        1
        for ref, g in gold_by_ref.items()
        if (g.must or ref in signature_by_ref) and not (g.same_as and g.same_as in gold_by_ref)
    )
    score.event_rows = len(clusters)
    return score


def report(scores: list[SetScore]) -> str:
    out = []
    for s in scores:
        out.append(f"\n== {s.name} ({s.articles_expected} articles)")
        if s.articles_found is not None:
            out.append(f"articles recovered by segmentation: {s.articles_found}/{s.articles_expected}")
        out.append(f"{'field':46s} {'P':>6s} {'R':>6s} {'F1':>6s}   tp/fp/fn")
        for name, prf in s.fields.items():
            out.append(f"{name:46s} {prf.precision:6.3f} {prf.recall:6.3f} {prf.f1:6.3f}   {prf.tp}/{prf.fp}/{prf.fn}")
        out.append(
            f"event rows per gold happening: {s.rows_per_happening:.2f} "
            f"({s.event_rows} rows, {s.gold_events} gold happenings)"
        )
        out.append(
            f"event death tolls right: {s.tolls.value:.3f} ({s.tolls.hits}/{s.tolls.cases}); "
            f"tolls on events whose gold has none: {s.invented_tolls}"
        )
        if s.villages.cases:
            out.append(
                f"events whose text names a village, located at it: {s.villages.value:.3f} "
                f"({s.villages.hits}/{s.villages.cases})"
            )
        if s.merges.cases:
            out.append(f"same-happening pairs across articles merged: {s.merges.hits}/{s.merges.cases}")
        blind = s.name in BLIND_SETS
        out.append(f"non-casualty numbers read as casualties: {len(s.non_casualty_hits)}")
        out.extend("  " + h for h in s.non_casualty_hits if not blind)
        if s.restated_as_primary:
            out.append(f"restatements counted as primary figures: {len(s.restated_as_primary)}")
            out.extend("  " + h for h in s.restated_as_primary if not blind)
    return "\n".join(out)


def _full_key(outcome, group, qualifier, counts) -> tuple:
    return (outcome, group, qualifier) + tuple(counts)


def _dev_gold(path: Path) -> dict:
    """A development set's gold, for the error listings; a blind set is refused before it is read."""
    if path.stem in BLIND_SETS:
        raise SystemExit(f"{path.name} is a blind set: only its aggregates are printed (make eval)")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def casualty_errors(path: Path) -> list[str]:
    """Per article of a development set, the gold figures the extractor missed (with the gold's
    evidence when it gives one) and the figures it read that the gold lacks, with their sentence.
    Refused for the blind sets: their sentences are never looked at."""
    gold = _dev_gold(path)
    out = []
    for article, text in _gold_articles(gold):
        x = extract_article(article["id"], text, _date(article.get("published_at")))
        gc = [c for c in article.get("casualties") or [] if not c.get("superseded")]
        rows = _primary(x) if _guided(article) else x.casualties
        want = Counter(_full_key(c["outcome"], c["victim_group"], c["qualifier"], _count_key(c)) for c in gc)
        have = Counter(
            _full_key(
                r.figure.outcome,
                r.figure.victim_group,
                r.figure.qualifier,
                (r.figure.count_low, r.figure.count_best, r.figure.count_high),
            )
            for r in rows
        )
        for c in gc:
            key = _full_key(c["outcome"], c["victim_group"], c["qualifier"], _count_key(c))
            if want[key] > have[key]:
                want[key] -= 1
                out.append(f"{article['id']} MISSED   {key}  «{c.get('text') or c.get('evidence', '')}»")
        for r in rows:
            f = r.figure
            key = _full_key(f.outcome, f.victim_group, f.qualifier, (f.count_low, f.count_best, f.count_high))
            if have[key] > sum(
                1 for c in gc if _full_key(c["outcome"], c["victim_group"], c["qualifier"], _count_key(c)) == key
            ):
                have[key] -= 1
                out.append(f"{article['id']} SPURIOUS {key}  «{r.evidence}»")
    return out


def _event_line(e) -> str:
    return f"{e.event_type} / {e.sub_event_type} @ {e.place_key} day {e.day_offset} dead {e.fatalities}"


def event_errors(path: Path) -> str:
    """Per article of a development set: each gold event with the prediction matched to it (or
    MISSED), then each prediction no gold event took, with the sentence its trigger stands in.
    A blind set is refused: its sentences must not be studied (BLIND_SETS)."""
    gold = _dev_gold(path)
    out = []
    for gold_article, text in _gold_articles(gold):
        x = extract_article(gold_article["id"], text, _date(gold_article.get("published_at")))
        events = gold_events(gold_article)
        matched = match_events(events, x.events)
        taken = set(matched.values())
        lines = []
        for gi, g in enumerate(events):
            p = x.events[matched[gi]] if gi in matched else None
            toll_ok = p is None or g.fatalities is None or p.fatalities == g.fatalities
            if p is None and not g.must:
                continue
            mark = "MISSED" if p is None else "ok" if toll_ok else "TOLL"
            lines.append(
                f"  gold {'must' if g.must else 'may '} {g.event_type} / {g.sub_event_type} @ {g.place} "
                f"day {g.day_offset} dead {g.fatalities}: {mark}"
                + ("" if p is None or mark == "ok" else f" <- {_event_line(p)}")
            )
        lines += [
            f"  EXTRA {_event_line(p)} «{p.trigger_text}» in «{p.evidence}»"
            for pi, p in enumerate(x.events)
            if pi not in taken
        ]
        if any("MISSED" in ln or "TOLL" in ln or "EXTRA" in ln for ln in lines):
            out.append(f"== {gold_article['id']}")
            out.extend(lines)
    return "\n".join(out)


def _place_errors(path: Path) -> str:
    from evaluation.place_errors import place_errors

    return place_errors(_dev_gold(path))


def main(argv: list[str] | None = None) -> int:
    argv = list(argv or [])
    # error listings of a development set (each refuses the blind sets)
    listings = {
        "--errors": lambda p: "\n".join(casualty_errors(p)),
        "--event-errors": event_errors,
        "--place-errors": _place_errors,
    }
    if argv[:1] and argv[0] in listings:
        for n in argv[1:]:
            print(listings[argv[0]](GOLD_DIR / n if "/" not in n else Path(n)))
        return 0
    names = (argv if argv else None) or [n for n in SETS if (GOLD_DIR / n).is_file()]
    scores = [score_set(GOLD_DIR / n if "/" not in n else Path(n)) for n in names]
    print(report(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
