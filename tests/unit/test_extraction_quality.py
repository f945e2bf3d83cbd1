"""The quality floors of the extraction issue, measured by the same scorer as `make eval`."""

from __future__ import annotations

import pytest

from evaluation.score import GOLD_DIR, score_set


@pytest.fixture(scope="module")
def sample():
    return score_set(GOLD_DIR / "sample.yml")


@pytest.fixture(scope="module")
def reports():
    return score_set(GOLD_DIR / "reports.yml")


@pytest.fixture(scope="module")
def untuned():
    """The blind set no rule was ever tuned on (evaluation/RESULTS.md): the issue's second set of
    reports in other styles, held to the same floors as the development sets."""
    return score_set(GOLD_DIR / "test_blind2.yml")


@pytest.fixture(scope="module")
def later_sets():
    """Sets written blind, scored once, then used for development (evaluation/RESULTS.md): held to
    the same floor so a rule change cannot quietly undo what they taught."""
    return [score_set(GOLD_DIR / name) for name in ("holdout.yml", "test_blind.yml")]


def test_segmentation_recovers_all_twelve_articles(sample):
    assert sample.articles_found == 12
    assert sample.fields["article boundaries"].f1 == 1.0


def test_casualty_figures(sample, reports, untuned):
    assert sample.fields["casualty figures (full)"].f1 >= 0.95
    assert reports.fields["casualty figures (full)"].f1 >= 0.90
    assert untuned.fields["casualty figures (full)"].f1 >= 0.90


def test_no_non_casualty_number_becomes_a_casualty(sample, reports, untuned, later_sets):
    for scored in [sample, reports, untuned, *later_sets]:
        assert scored.non_casualty_hits == [], scored.name


def test_development_sets_keep_their_floor(later_sets):
    for scored in later_sets:
        assert scored.fields["casualty figures (full)"].f1 >= 0.90, scored.name


@pytest.mark.parametrize("field", ["actors", "places (gazetteer)", "event types"])
def test_recall_floors(sample, reports, untuned, field):
    for scored in (sample, reports, untuned):
        assert scored.fields[field].recall >= 0.95, scored.name


def test_no_violent_event_in_the_charity_and_ngo_stories():
    import yaml

    from evaluation.score import _gold_articles
    from extract.article import extract_article
    from extract.events import VIOLENT_TYPES

    gold = yaml.safe_load((GOLD_DIR / "sample.yml").read_text(encoding="utf-8"))
    for article, text in _gold_articles(gold):
        if article["id"] in ("a04", "a10"):
            x = extract_article(article["id"], text, None)
            assert not [e for e in x.events if e.event_type in VIOLENT_TYPES], article["id"]
