"""`make eval`: precision, recall and F1 per field of the extractor on both gold sets.

- sample.yml: the shipped Shaam dump, annotated by hand (article boundaries by line number).
- reports.yml: 36 short reports in other styles, written without looking at the extractor (its
  errors were then studied while tuning the rules, so it is a development set now).
- holdout.yml: 30 more reports written blind, never used for tuning: the honest generalisation figure.
Extraction is scored on the gold article boundaries; segmentation is scored on its own.
"""
from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from extract.article import ArticleExtraction, extract_article
from extract.segment import segment
from extract.text import normalize

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO / "tests" / "gold"


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
class SetScore:
    name: str
    fields: dict[str, PRF] = field(default_factory=dict)
    non_casualty_hits: list[str] = field(default_factory=list)
    articles_expected: int = 0
    articles_found: int | None = None
    errors: list[str] = field(default_factory=list)

    def f(self, name: str) -> PRF:
        return self.fields.setdefault(name, PRF())


def _gold_articles(gold: dict) -> list[tuple[dict, str]]:
    if "source" in gold:
        lines = (REPO / gold["source"]).read_text(encoding="utf-8").splitlines()
        return [(a, "\n".join(l for l in lines[a["lines"][0] - 1: a["lines"][1]] if l.strip())) for a in gold["articles"]]
    return [(a, a["text"]) for a in gold["articles"]]


def _date(v) -> date | None:
    if v is None or isinstance(v, date):
        return v
    return date.fromisoformat(str(v))


def _place_key(k: str) -> str:
    return "unknown:" + normalize(k.split(":", 1)[1]).strip() if k.startswith("unknown:") else k


def _count_key(c) -> tuple:
    return (c["count_low"], c["count_best"], c["count_high"])


def score_article(score: SetScore, gold: dict, text: str, x: ArticleExtraction) -> None:
    gc = gold.get("casualties") or []
    pc = [c.figure for c in x.casualties]
    full = lambda o, g, q, k: (o, g, q) + k
    score.f("casualty figures (full)").add(
        Counter(full(c["outcome"], c["victim_group"], c["qualifier"], _count_key(c)) for c in gc),
        Counter(full(f.outcome, f.victim_group, f.qualifier, (f.count_low, f.count_best, f.count_high)) for f in pc))
    score.f("casualty counts").add(Counter(_count_key(c) for c in gc),
                                   Counter((f.count_low, f.count_best, f.count_high) for f in pc))
    for name, gkey, pkey in (
        ("casualty outcome", lambda c: c["outcome"], lambda f: f.outcome),
        ("casualty victim_group", lambda c: c["victim_group"], lambda f: f.victim_group),
        ("casualty qualifier", lambda c: c["qualifier"], lambda f: f.qualifier),
        ("casualty victim_actor", lambda c: c.get("victim_actor"), lambda f: f.victim_actor_id),
        ("casualty reported_by", lambda c: c.get("reported_by"), lambda f: f.reported_by),
    ):
        score.f(name).add(Counter((_count_key(c), gkey(c)) for c in gc),
                          Counter(((f.count_low, f.count_best, f.count_high), pkey(f)) for f in pc))
    # numbers that are not casualties must not be the number of any casualty row
    for span in gold.get("non_casualty_numbers") or []:
        start = text.find(span)
        while start != -1:
            end = start + len(span)
            for c in x.casualties:
                if c.number_start < end and start < c.number_end:
                    score.non_casualty_hits.append(f"{gold['id']}: «{span}» read as {c.figure.outcome} "
                                                   f"{c.figure.count_best} from «{c.evidence}»")
            start = text.find(span, end)
    actors = {m[1] for m in x.mentions if m[0] == "actor"}
    places = {_place_key(m[1]) for m in x.mentions if m[0] == "place"}
    gold_places = {_place_key(p) for p in gold.get("places") or []}
    score.f("actors").add(Counter(set(gold.get("actors") or [])), Counter(actors))
    score.f("places (gazetteer)").add(Counter({p for p in gold_places if not p.startswith("unknown:")}),
                                      Counter({p for p in places if not p.startswith("unknown:")}))
    score.f("places (unknown, kept without coordinates)").add(
        Counter({p for p in gold_places if p.startswith("unknown:")}), Counter({p for p in places if p.startswith("unknown:")}))
    gold_events = gold.get("events") or []
    score.f("event types").add(Counter({e["event_type"] for e in gold_events}), Counter({e.event_type for e in x.events}))
    score.f("event sub-types").add(Counter({(e["event_type"], e["sub_event_type"]) for e in gold_events}),
                                   Counter({(e.event_type, e.sub_event_type) for e in x.events}))
    violent = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Riots"}
    score.f("articles with violent events").add(
        Counter({gold["id"]} if any(e["event_type"] in violent for e in gold_events) else set()),
        Counter({gold["id"]} if any(e.event_type in violent for e in x.events) else set()))
    dated = [e for e in gold_events if "event_date" in e]
    if dated:
        score.f("event dates (type, date, precision)").add(
            Counter({(e["event_type"], _date(e.get("event_date")), e.get("date_precision") if e.get("event_date") else "unknown")
                     for e in dated}),
            Counter({(e.event_type, e.event_date, e.date_precision) for e in x.events}))


def score_set(path: Path) -> SetScore:
    gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    score = SetScore(path.stem)
    pairs = _gold_articles(gold)
    score.articles_expected = len(pairs)
    if "source" in gold:
        lines = (REPO / gold["source"]).read_text(encoding="utf-8").splitlines()
        starts = [a[0][0] for a in segment(lines)]
        gold_starts = [a["lines"][0] for a in gold["articles"]]
        score.articles_found = len(set(starts) & set(gold_starts)) if len(starts) == len(gold_starts) else \
            len(set(starts) & set(gold_starts)) - abs(len(starts) - len(gold_starts))
        score.f("article boundaries").add(Counter(gold_starts), Counter(starts))
    for gold_article, text in pairs:
        x = extract_article(gold_article["id"], text, _date(gold_article.get("published_at")))
        score_article(score, gold_article, text, x)
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
        out.append(f"non-casualty numbers read as casualties: {len(s.non_casualty_hits)}")
        out.extend("  " + h for h in s.non_casualty_hits)
    return "\n".join(out)


def main() -> int:
    scores = [score_set(GOLD_DIR / name) for name in ("sample.yml", "reports.yml", "holdout.yml", "test_blind.yml", "test_blind2.yml")]
    print(report(scores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
