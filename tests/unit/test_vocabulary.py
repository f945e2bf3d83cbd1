"""Each closed vocabulary is defined once (extract/lexicons/<name>.csv, event_types.csv): the lexicons
the extractor matches with name only values of it, the GX suites and the report read it, and a type
whose sub-types disagree on `violent` is refused."""

from __future__ import annotations

import csv

import pytest

from expectations import suites
from extract import vocabulary
from extract.lexicon import LEXICON_DIR, load_csv, load_yaml
from warehouse.report import OUTCOME_COLOURS


@pytest.mark.parametrize(
    "vocab,section,lexicon",
    [
        ("outcomes", "outcome_words", "casualty_terms.yml"),
        ("outcomes", "outcome_nouns", "casualty_terms.yml"),
        ("victim_groups", "victim_nouns", "casualty_terms.yml"),
        ("qualifiers", "qualifiers", "numbers.yml"),
    ],
)
def test_the_extractors_lexicons_use_only_the_vocabulary(vocab, section, lexicon):
    assert set(load_yaml(lexicon)[section]) <= set(vocabulary.values(vocab))


def test_triggers_name_event_type_pairs_of_the_taxonomy():
    pairs = {(r["event_type"], r["sub_event_type"]) for r in load_csv("event_types.csv")}
    assert {(r["event_type"], r["sub_event_type"]) for r in load_csv("triggers.csv")} <= pairs


def test_the_gate_and_the_report_read_the_same_files():
    assert suites.OUTCOMES == list(vocabulary.values("outcomes")) == list(OUTCOME_COLOURS)
    assert suites.VICTIM_GROUPS == list(vocabulary.values("victim_groups"))
    assert suites.QUALIFIERS == list(vocabulary.values("qualifiers"))
    assert suites.ROLES == list(vocabulary.values("roles"))
    assert suites.EVENT_TYPES == list(vocabulary.event_types())


def test_violent_is_the_types_and_protests_are_not_political_violence():
    assert vocabulary.violent_types() == {
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Riots",
    }


def test_a_type_whose_sub_types_disagree_on_violent_is_refused(tmp_path, monkeypatch):
    rows = list(csv.DictReader(open(LEXICON_DIR / "event_types.csv", encoding="utf-8")))
    rows = [{**r, "violent": "true"} if r["sub_event_type"] == "Peaceful protest" else r for r in rows]
    with open(tmp_path / "event_types.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]))
        w.writeheader()
        w.writerows(rows)
    monkeypatch.setattr("extract.lexicon.LEXICON_DIR", tmp_path)
    load_csv.cache_clear()
    vocabulary.violent_types.cache_clear()
    try:
        with pytest.raises(ValueError, match="Protests"):
            vocabulary.violent_types()
    finally:
        monkeypatch.undo()
        load_csv.cache_clear()
        vocabulary.violent_types.cache_clear()
