"""Figures an analyst can sum, and keys unique by construction, over every gold article."""

from __future__ import annotations

from collections import Counter

import pytest
import yaml

from evaluation.score import GOLD_DIR, _date, _gold_articles
from extract.article import extract_article

GUIDELINE_FLAGS = ("breakdown", "tally", "superseded")


def _articles():
    for path in sorted(GOLD_DIR.glob("*.yml")):
        for article, text in _gold_articles(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield path.stem, article, text


ALL = list(_articles())


@pytest.mark.parametrize("name,article,text", ALL, ids=[f"{n}:{a['id']}" for n, a, _ in ALL])
def test_keys_are_unique_per_article(name, article, text):
    x = extract_article(article["id"], text, _date(article.get("published_at")))
    casualty_keys = Counter(c.key for c in x.casualties)
    event_keys = Counter(e.key for e in x.events)
    assert [k for k, n in casualty_keys.items() if n > 1] == []
    assert [k for k, n in event_keys.items() if n > 1] == []
    keys = set(casualty_keys)
    assert all(c.repeats_key in keys and c.repeats_key != c.key for c in x.casualties if c.repeats_key)
    assert all(c.superseded_by in keys and c.superseded_by != c.key for c in x.casualties if c.superseded_by)


def _figure(outcome, group, qualifier, low, best, high):
    return outcome, group, qualifier, low, best, high


def _gold_total(article) -> int:
    return sum(
        c["count_best"]
        for c in article.get("casualties") or []
        if c["outcome"] == "killed" and c["count_best"] is not None and not any(c.get(flag) for flag in GUIDELINE_FLAGS)
    )


def _primary_total(x) -> int:
    return sum(
        c.figure.count_best
        for c in x.casualties
        if c.is_primary
        and c.figure.outcome == "killed"
        and c.figure.count_best is not None
        and not c.figure.is_breakdown
        and not c.figure.is_tally
    )


# The sets annotated after evaluation/GUIDELINE.md: each figure once (restatements listed apart),
# with its breakdown / tally / superseded flags, so a gold total is defined. (The earlier sets list
# every statement and carry no flags.)
GUIDED = [(n, a, t) for n, a, t in ALL if any(flag in c for c in a.get("casualties") or [] for flag in GUIDELINE_FLAGS)]


# Articles read right whose sum still differs, each for a reason the extractor does not model yet:
# strict xfails, so a fix shows up as an unexpected pass and the entry must go.
KNOWN_GAPS = {
    "real_dev:rd025": "a monitor's monthly report: a later figure in a sentence with a trigger is still the tally's",
    "real_dev:rd003": "a total over two attacks («مقتل 9 ... في عمليتين منفصلتين») is their tally, its parts events",
    "real_dev:rd020": "a multi-place day total («مناطق مختلفة ... ثلاثة قتلى») is a tally (GUIDELINE §8.4)",
    "real_dev:rd028": "a figure the gold reads as a tally over the operation («خلال الهجوم»)",
    "real_dev:rd036": "unidentified bodies among the dead («4 جثث ما تزال مجهولة الهوية») are a breakdown",
    "real_dev:rd067": "one of a toll's dead told later («وفاة مواطن يُدعى» of «قتيلان») is a breakdown",
    "real_dev:rd055": "an earlier toll superseded without a rise verb («أوقعت قتيلين» after «مقتل شخص»)",
    "real_blind:rb009": "not examined (blind set)",
}


def _known_gap(name, article):
    reason = KNOWN_GAPS.get(f"{name}:{article['id']}")
    return [pytest.mark.xfail(reason=reason, strict=True)] if reason else []


@pytest.mark.skipif(not GUIDED, reason="no gold set annotated after GUIDELINE.md in tests/gold/ yet")
@pytest.mark.parametrize(
    "name,article,text",
    [pytest.param(n, a, t, marks=_known_gap(n, a)) for n, a, t in GUIDED],
    ids=[f"{n}:{a['id']}" for n, a, _ in GUIDED],
)
def test_primary_killed_figures_sum_to_the_gold_total(name, article, text):
    """Where the extractor reads an article's figures as the gold does (its rows less the
    restatements are the gold figures), summing count_best over the primary, non-breakdown,
    non-tally killed rows gives the gold total: restatements are counted once, superseded tolls
    and breakdowns not at all. (Misread figures are what the casualty-figure scores measure.)"""
    x = extract_article(article["id"], text, _date(article.get("published_at")))
    gold = Counter(
        _figure(c["outcome"], c["victim_group"], c["qualifier"], c["count_low"], c["count_best"], c["count_high"])
        for c in article.get("casualties") or []
    )
    read = Counter(
        _figure(
            c.figure.outcome,
            c.figure.victim_group,
            c.figure.qualifier,
            c.figure.count_low,
            c.figure.count_best,
            c.figure.count_high,
        )
        for c in x.casualties
        if c.repeats_key is None
    )
    if read != gold:
        pytest.skip("figures misread (scored by make eval)")
    assert _primary_total(x) == _gold_total(article)
