"""The scorer of `make eval` on the real-set format (GUIDELINE.md §7) and its event matching."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from evaluation.score import (
    PRF,
    GoldEvent,
    SetScore,
    _add_event_prf,
    cross_article_signature,
    match_events,
    place_iso,
    score_merges,
    score_set,
)
from extract.article import Event

FIXTURE = Path(__file__).parents[1] / "fixtures" / "real_format.yml"


def _event(
    sub: str,
    place_key: str | None,
    day_offset: int | None,
    fatalities: int | None = None,
    place_name: str | None = None,
    event_type: str = "Explosions/Remote violence",
    actors=(("russia", "actor1", "روسية"),),
    published: date | None = None,
) -> Event:
    when = published and day_offset is not None
    e = Event(
        f"k{sub}{place_key}{day_offset}{fatalities}",
        0,
        event_type,
        sub,
        "غارات",
        date.fromordinal(published.toordinal() + day_offset) if when else None,
        "day" if when else "unknown",
        None,
        place_key,
        place_name,
        list(actors),
        None,
        "",
        0,
        0,
        fatalities=fatalities,
        day_offset=day_offset,
    )
    return e


def _gold(
    sub: str,
    place: str | None,
    day_offset: int | None,
    must: bool = True,
    is_name: bool = False,
    fatalities: int | None = None,
    event_type: str = "Explosions/Remote violence",
    ref: str = "x#0",
    same_as: str | None = None,
) -> GoldEvent:
    return GoldEvent(ref, event_type, sub, place, is_name, day_offset, fatalities, must, same_as)


@pytest.fixture(scope="module")
def fixture_score() -> SetScore:
    return score_set(FIXTURE)


def test_reads_the_real_set_format(fixture_score):
    fields = fixture_score.fields
    # the superseded toll of rx002 is no gold figure; the tally is
    assert fields["casualty figures (full)"].tp + fields["casualty figures (full)"].fn == 4
    assert fields["governorates"].tp + fields["governorates"].fn == 2  # SY-ID in each article
    assert fields["governorates"].recall == 1.0  # كفرنبل and إدلب are in Idlib
    assert fields["places (by name)"].tp + fields["places (by name)"].fn == 5
    assert "places (gazetteer)" not in fields  # names, not keys, in this format
    # two must events; the may event of rx001 is neither a miss nor a hit
    assert fields["event instances"].tp + fields["event instances"].fn == 2
    assert fixture_score.merges.cases == 1
    # rx002#0 is the same as rx001#0; the may event of rx001 counts, as a row was coded for it
    # (at «قرية تل النار», the village the gazetteer lacks)
    assert fixture_score.gold_events == 2


def test_a_restatement_made_primary_is_reported(fixture_score):
    import yaml

    from evaluation.score import _gold_articles, _rows_on_spans
    from extract.article import extract_article

    article, text = _gold_articles(yaml.safe_load(FIXTURE.read_text(encoding="utf-8")))[0]
    x = extract_article(article["id"], text, date(2019, 5, 3))
    primary = [c for c in x.casualties if getattr(c, "is_primary", True)]
    restated = list(_rows_on_spans(article["restatements"], text, primary))
    assert len(fixture_score.restated_as_primary) == len(restated)


def test_one_prediction_per_gold_event():
    gold = [_gold("Air/drone strike", "kafranbel", 0)]
    pred = [_event("Air/drone strike", "kafranbel", 0), _event("Air/drone strike", "kafranbel", 0)]
    matched = match_events(gold, pred)
    prf = PRF()
    _add_event_prf(prf, gold, pred, matched)
    assert (prf.tp, prf.fp, prf.fn) == (1, 1, 0)


def test_days_known_on_both_sides_must_agree():
    gold = [_gold("Air/drone strike", "kafranbel", -1)]
    assert match_events(gold, [_event("Air/drone strike", "kafranbel", 0)]) == {}
    assert match_events(gold, [_event("Air/drone strike", "kafranbel", None)]) == {0: 0}


def test_a_may_event_costs_nothing_and_never_takes_a_must_events_match():
    gold = [
        _gold("Air/drone strike", "kafranbel", None, must=False, ref="x#0"),
        _gold("Air/drone strike", "kafranbel", 0, ref="x#1"),
    ]
    pred = [_event("Air/drone strike", "kafranbel", 0)]
    matched = match_events(gold, pred)
    assert matched == {1: 0}
    prf = PRF()
    _add_event_prf(prf, gold, pred, matched)
    assert (prf.tp, prf.fp, prf.fn) == (1, 0, 0)
    prf = PRF()
    _add_event_prf(prf, gold[:1], pred, match_events(gold[:1], pred))
    assert (prf.tp, prf.fp, prf.fn) == (0, 0, 0)


def test_the_match_prefers_the_prediction_with_the_gold_toll():
    gold = [_gold("Air/drone strike", "raqqa", None, fatalities=36)]
    pred = [
        _event("Air/drone strike", "raqqa", None, fatalities=48),
        _event("Air/drone strike", "raqqa", None, fatalities=36),
    ]
    assert match_events(gold, pred) == {0: 1}


def test_a_gold_place_name_matches_any_spelling_of_the_gazetteer_place():
    gold = [_gold("Air/drone strike", "كفر نبل", 0, is_name=True)]
    assert match_events(gold, [_event("Air/drone strike", "kafranbel", 0)]) == {0: 0}
    assert match_events(gold, [_event("Air/drone strike", "khan_shaykhun", 0)]) == {}
    assert match_events(gold, [_event("Air/drone strike", "unknown:كفر نبل", 0, place_name="كفر نبل")]) == {0: 0}


def test_governorate_of_a_gazetteer_place():
    assert place_iso("kafranbel") == "SY-ID"
    assert place_iso("ain_tarma") == "SY-RD"
    assert place_iso("syria") is None
    assert place_iso("unknown:تل النار") is None


def test_a_pair_is_merged_when_both_reports_join_one_cluster():
    published = date(2019, 5, 3)
    a, b = (
        _event("Air/drone strike", "kafranbel", 0, published=published),
        _event("Air/drone strike", "kafranbel", 0, published=published),
    )
    a.date_precision = b.date_precision = "day"
    score = SetScore("t")
    gold = {
        "r1#0": _gold("Air/drone strike", "kafranbel", 0, ref="r1#0"),
        "r2#0": _gold("Air/drone strike", "kafranbel", 0, ref="r2#0", same_as="r1#0"),
    }
    score_merges(
        score,
        gold,
        {
            "r1#0": cross_article_signature(a, "r1", published, None),
            "r2#0": cross_article_signature(b, "r2", published, None),
        },
    )
    assert (score.merges.hits, score.merges.cases) == (1, 1)
    other = _event("Air/drone strike", "khan_shaykhun", 0, published=published)
    score = SetScore("t")
    score_merges(
        score,
        gold,
        {
            "r1#0": cross_article_signature(a, "r1", published, None),
            "r2#0": cross_article_signature(other, "r2", published, None),
        },
    )
    assert (score.merges.hits, score.merges.cases) == (0, 1)


def test_errors_list_the_scorers_misses_and_refuse_blind_sets():
    from evaluation.score import GOLD_DIR, casualty_errors, score_set

    lines = casualty_errors(GOLD_DIR / "real_dev.yml")
    full = score_set(GOLD_DIR / "real_dev.yml").fields["casualty figures (full)"]
    assert sum(" MISSED " in line for line in lines) == full.fn
    assert sum(" SPURIOUS " in line for line in lines) == full.fp
    for blind in ("real_blind.yml", "real_unseen.yml", "test_blind2.yml"):
        with pytest.raises(SystemExit):
            casualty_errors(GOLD_DIR / blind)


def test_event_errors_list_gold_and_predicted_events_of_a_dev_set():
    from evaluation.score import event_errors

    listing = event_errors(FIXTURE)
    # every line is an article header, a gold event with its outcome, or an unmatched prediction
    assert all(ln.startswith(("== rx", "  gold ", "  EXTRA ")) for ln in listing.splitlines())
    assert all(
        ln.endswith((": ok", ": MISSED")) or ": TOLL <- " in ln
        for ln in listing.splitlines()
        if ln.startswith("  gold ")
    )


@pytest.mark.parametrize("name", ["real_blind.yml", "real_unseen.yml", "test_blind2.yml"])
def test_event_errors_refuse_a_blind_set(name):
    from evaluation.score import GOLD_DIR, event_errors

    with pytest.raises(SystemExit, match="blind set"):
        event_errors(GOLD_DIR / name)
