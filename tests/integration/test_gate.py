"""The GX suites catch what they promise, on real GX validations."""

from __future__ import annotations

import pandas as pd

from expectations.checkpoint import run_gate


def _frames(**overrides):
    frames = {
        "raw_articles": pd.DataFrame(
            {
                "article_id": ["a1"],
                "body_length": [41],
                "paragraph_count": [1],
                "published_in_future": [False],
                "arabic_share": [1.0],
            }
        ),
        "events": pd.DataFrame(
            {
                "event_id": ["e1"],
                "event_type": ["Battles"],
                "type_pair_valid": [True],
                "date_precision": ["day"],
                "date_in_future": [False],
                "has_actor_or_reason": [True],
                "fatalities": pd.array([5], dtype="Int64"),
                "evidence_present": [True],
                "location_id": ["idlib"],
                "fatalities_match_primary_figures": [True],
                "after_publication": [False],
                "long_before_publication_without_date": [False],
                "article_ids": ["a1"],
                "evidence": ["قتل 5 مدنيين في قصف على إدلب"],
            }
        ),
        "casualties": pd.DataFrame(
            {
                "casualty_id": ["c1"],
                "outcome": ["killed"],
                "victim_group": ["civilians"],
                "qualifier": ["exact"],
                "evidence_present": [True],
                "counts_ordered": [True],
                "evidence_has_number_or_vague": [True],
                "count_low": pd.array([5], dtype="Int64"),
                "count_best": pd.array([5], dtype="Int64"),
                "count_high": pd.array([5], dtype="Int64"),
                "tally_linked_to_event": [False],
                "article_ids": ["a1"],
                "evidence": ["قتل 5 مدنيين"],
            }
        ),
        "event_actors": pd.DataFrame(
            {"event_id": ["e1"], "actor_id": ["russia"], "role": ["actor1"], "actor_known": [True]}
        ),
        "article_figures": pd.DataFrame({"article_ids": ["a1"], "killed_total_plausible": [True]}),
    }
    for name, changes in overrides.items():
        for col, values in changes.items():
            frames[name][col] = values
    return frames


def test_clean_batch_passes():
    result = run_gate(_frames())
    assert result.passed and not result.warnings
    assert len(result.outcomes) >= 25


def test_each_broken_rule_is_named():
    result = run_gate(
        _frames(
            casualties={
                "counts_ordered": [False],
                "outcome": ["exploded"],
                "count_best": pd.array([-1], dtype="Int64"),
            },
            events={"date_in_future": [True], "has_actor_or_reason": [False]},
            raw_articles={"arabic_share": [0.1]},
        )
    )
    assert not result.passed
    failed = {(o.suite, o.column) for o in result.errors}
    assert failed >= {
        ("casualties", "counts_ordered"),
        ("casualties", "outcome"),
        ("casualties", "count_best"),
        ("events", "date_in_future"),
        ("events", "has_actor_or_reason"),
        ("raw_articles", "arabic_share"),
    }


def test_warning_does_not_block():
    result = run_gate(_frames(events={"location_id": [None]}))
    assert result.passed
    assert [o.column for o in result.warnings] == ["location_id"]


def test_empty_batch_passes():
    frames = {k: v.iloc[0:0] for k, v in _frames().items()}
    assert run_gate(frames).passed


def _volume(events_per_article, articles=100):
    return pd.DataFrame(
        {"batch_articles": [articles], "events_per_article": [events_per_article], "casualties_per_article": [1.0]}
    )


def test_volume_band_catches_a_silent_extractor_failure():
    history = pd.DataFrame({"events_per_article": [5.0, 6.0, 5.5, 6.2], "casualties_per_article": [1.0, 1.2, 0.9, 1.1]})
    ok = run_gate({**_frames(), "volume": _volume(5.8)}, history=history)
    assert ok.passed
    silent = run_gate({**_frames(), "volume": _volume(0.1)}, history=history)
    assert [(o.suite, o.column) for o in silent.errors] == [("volume", "events_per_article")]
    # a handful of articles is too small a batch to judge; no history means no band
    assert run_gate({**_frames(), "volume": _volume(0.1, articles=3)}, history=history).passed
    assert run_gate({**_frames(), "volume": _volume(0.1)}, history=history.iloc[:1]).passed


def test_batch_validated_in_parts_gives_the_whole_batch_verdict(tmp_path, monkeypatch):
    """A batch split into parts (by key hash, so duplicates stay together) fails exactly where the
    whole batch fails, with counts added up over the parts."""
    import duckdb

    from expectations import batch
    from expectations.checkpoint import GateResult
    from warehouse.db import apply_schema

    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    apply_schema(con)
    con.execute("create schema marts")
    con.execute(
        "create table marts.event_sources (event_id varchar, article_id varchar, report_rank integer, "
        "date_text varchar)"
    )
    con.execute(
        "create table marts.events (event_id varchar, article_id varchar, event_type varchar, "
        "sub_event_type varchar, date_precision varchar, fatalities integer, location_id varchar, "
        "evidence varchar, event_date date, no_actor_reason varchar)"
    )
    con.execute("create table marts.event_actors (event_id varchar, actor_id varchar, role varchar)")
    con.execute("create table marts.actors (actor_id varchar)")
    con.execute(
        "create table marts.casualties (casualty_id varchar, article_id varchar, outcome varchar, "
        "victim_group varchar, qualifier varchar, count_low bigint, count_best bigint, count_high bigint, "
        "evidence varchar, event_id varchar, is_primary boolean default true, is_breakdown boolean default "
        "false, is_tally boolean default false, repeats_casualty_id varchar, superseded_by varchar)"
    )
    con.execute("create table reference.event_types (event_type varchar, sub_event_type varchar)")
    con.execute("insert into reference.event_types values ('Battles', 'Armed clash')")
    con.execute(
        "insert into raw.articles select 'a' || range, 'src', null, null, null, null, repeat('نص عربي طويل ', 10), 1, "
        "'f', range, 'run1', now()::timestamp from range(40)"
    )
    con.execute("insert into marts.event_sources select 'e' || range, 'a' || range, 1, null from range(40)")
    # a quarter of the events have no place: a warning on the whole batch though some parts pass
    con.execute(
        "insert into marts.events select 'e' || range, 'a' || range, 'Battles', 'Armed clash', 'day', 3, "
        "case when range % 4 = 0 then null else 'idlib' end, 'قتل', null, null from range(40)"
    )
    con.execute("insert into marts.event_actors select 'e' || range, 'russia', 'actor1' from range(40)")
    con.execute("insert into marts.actors values ('russia')")
    con.execute(
        "insert into marts.casualties (casualty_id, article_id, outcome, victim_group, qualifier, count_low, "
        "count_best, count_high, evidence, event_id) select 'c' || range, 'a' || range, 'killed', "
        "'civilians', 'exact', 3, 3, 3, 'قتل 3', 'e' || range from range(40)"
    )
    con.execute(
        "insert into marts.casualties (casualty_id, article_id, outcome, victim_group, qualifier, count_low, "
        "count_best, count_high, evidence, is_primary) values "
        "('c7', 'a8', 'killed', 'civilians', 'exact', 3, 3, 3, 'x', false), "
        "('c9', 'a9', 'exploded', 'civilians', 'exact', 3, 3, 3, 'x', true)"
    )
    monkeypatch.setattr(batch, "ROWS_PER_PART", 10)
    parts = batch.prepare_batch(con, "run1")
    assert parts == 5
    results = [run_gate(batch.load_batch(con, part, parts)) for part in range(parts)]
    combined = GateResult.combine(results)
    whole = run_gate(batch.load_batch(con))
    con.close()

    def as_rows(r):
        return sorted(
            (o.suite, o.expectation, o.column, o.success, o.element_count, o.unexpected_count) for o in r.outcomes
        )

    assert as_rows(combined) == as_rows(whole)
    assert {(o.suite, o.column) for o in combined.errors} == {("casualties", "casualty_id"), ("casualties", "outcome")}
    assert [(o.suite, o.column) for o in combined.warnings] == [("events", "location_id")]


def test_domain_checks_name_their_rows():
    """An implausible toll, a toll that is not its figures' sum, an event after its article, a stale
    relative date and a tally linked to an event each fail by name, and each failure lists the
    article and the sentence behind it."""
    result = run_gate(
        _frames(
            events={
                "fatalities": pd.array([1_000_099], dtype="Int64"),
                "fatalities_match_primary_figures": [False],
                "after_publication": [True],
                "long_before_publication_without_date": [True],
            },
            casualties={"tally_linked_to_event": [True]},
            article_figures={"killed_total_plausible": [False]},
        )
    )
    failed = {(o.suite, o.column): o for o in result.errors}
    assert set(failed) == {
        ("events", "fatalities"),
        ("events", "fatalities_match_primary_figures"),
        ("events", "after_publication"),
        ("events", "long_before_publication_without_date"),
        ("casualties", "tally_linked_to_event"),
    }
    for o in failed.values():
        assert o.article_ids == {"a1"} and "article_ids=a1" in o.detail
    assert "evidence=قتل 5 مدنيين" in failed[("events", "fatalities")].detail
    # a total far above the article's largest figure is a warning, not a block
    assert [(o.suite, o.column) for o in result.warnings] == [("article_figures", "killed_total_plausible")]


def test_a_plausible_toll_passes_and_the_bound_has_its_source():
    from expectations.suites import MAX_EVENT_FATALITIES, events

    assert run_gate(_frames(events={"fatalities": pd.array([1_400], dtype="Int64")})).passed
    bound = [e for e in events().expectations if getattr(e, "column", None) == "fatalities"][0]
    assert bound.max_value == MAX_EVENT_FATALITIES and "Ghouta" in bound.meta["source"]


def test_quality_shares_drift_is_a_warning_with_the_figures():
    history = pd.DataFrame(
        {
            "events_per_article": [5.0, 6.0, 5.5],
            "casualties_per_article": [1.0, 1.2, 0.9],
            "events_without_place": [0.1, 0.15, 0.12],
            "places_not_in_gazetteer": [0.2, 0.2, 0.25],
            "unknown_victim_groups": [0.3, 0.35, 0.3],
            "vague_qualifiers": [0.1, 0.1, 0.1],
        }
    )
    volume = pd.DataFrame(
        {
            "batch_articles": [100],
            "events_per_article": [5.5],
            "casualties_per_article": [1.0],
            "events_without_place": [0.9],
            "places_not_in_gazetteer": [0.2],
            "unknown_victim_groups": [0.3],
            "vague_qualifiers": [0.1],
        }
    )
    result = run_gate({**_frames(), "volume": volume}, history=history)
    assert result.passed
    assert [(o.suite, o.column) for o in result.warnings] == [("volume", "events_without_place")]
    assert "0.9" in result.warnings[0].detail


def test_a_failure_that_names_its_articles_holds_them_and_one_that_names_none_blocks():
    from warehouse.gate_holds import apply_releases, check_name, holds_for

    history = pd.DataFrame({"events_per_article": [5.0, 6.0, 5.5, 6.2], "casualties_per_article": [1.0, 1.2, 0.9, 1.1]})
    tied = run_gate(_frames(events={"after_publication": [True]}))
    holds, untied = holds_for(tied, set())
    assert not untied and [(h.article_id, h.reason) for h in holds] == [
        ("a1", "events.expect_column_values_to_be_in_set(after_publication)")
    ]
    assert "قتل 5 مدنيين" in holds[0].detail
    # an operator released a1 for that check: it is accepted (a warning), nothing is held
    released = {("a1", check_name(tied.errors[0]))}
    apply_releases(tied, released)
    assert tied.passed and holds_for(tied, released) == ([], False)
    # the volume band judges the batch as a whole: it names no article and blocks
    silent = run_gate({**_frames(), "volume": _volume(0.1)}, history=history)
    assert holds_for(silent, set()) == ([], True)
