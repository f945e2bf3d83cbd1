"""The suites, as code. Every expectation carries meta.severity: `error` blocks publish, `warning`
publishes and is shown on the report. Derived check columns (flags such as date_in_future) are
computed in batch.py so each expectation stays a plain column check."""
from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

OUTCOMES = ["killed", "injured", "displaced", "captured", "missing", "besieged"]
VICTIM_GROUPS = ["civilians", "children", "women", "combatants", "unknown"]
QUALIFIERS = ["exact", "approx", "at_least", "at_most", "range", "vague"]
EVENT_TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
               "Strategic developments", "Humanitarian"]
DATE_PRECISIONS = ["day", "week", "month", "unknown"]
ROLES = ["actor1", "actor2", "associated", "target", "source"]
# No single report in this war counts more people than this; a larger figure is a parsing error.
MAX_SANE_COUNT = 20_000_000

ERROR = {"severity": "error"}
WARNING = {"severity": "warning"}


def _suite(name: str, expectations: list) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=name)
    for e in expectations:
        suite.add_expectation(e)
    return suite


def raw_articles() -> gx.ExpectationSuite:
    return _suite("raw_articles", [
        gxe.ExpectColumnValuesToNotBeNull(column="article_id", meta=ERROR),
        gxe.ExpectColumnValuesToBeUnique(column="article_id", meta=ERROR),
        gxe.ExpectColumnValuesToNotBeNull(column="body_length", meta=ERROR),
        gxe.ExpectColumnValuesToBeBetween(column="body_length", min_value=20, max_value=200_000, meta=ERROR),
        gxe.ExpectColumnValuesToBeBetween(column="arabic_share", min_value=0.5, max_value=1.0, meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="published_in_future", value_set=[False], meta=ERROR),
        gxe.ExpectColumnValuesToBeBetween(column="paragraph_count", min_value=1, max_value=500, meta=WARNING),
    ])


def events() -> gx.ExpectationSuite:
    return _suite("events", [
        gxe.ExpectColumnValuesToNotBeNull(column="event_id", meta=ERROR),
        gxe.ExpectColumnValuesToBeUnique(column="event_id", meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="event_type", value_set=EVENT_TYPES, meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="type_pair_valid", value_set=[True], meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="date_precision", value_set=DATE_PRECISIONS, meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="date_in_future", value_set=[False], meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="has_actor_or_reason", value_set=[True], meta=ERROR),
        gxe.ExpectColumnValuesToBeBetween(column="fatalities", min_value=0, max_value=MAX_SANE_COUNT, meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="evidence_present", value_set=[True], meta=ERROR),
        gxe.ExpectColumnValuesToNotBeNull(column="location_id", mostly=0.8, meta=WARNING),
    ])


def casualties() -> gx.ExpectationSuite:
    out = [
        gxe.ExpectColumnValuesToNotBeNull(column="casualty_id", meta=ERROR),
        gxe.ExpectColumnValuesToBeUnique(column="casualty_id", meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="outcome", value_set=OUTCOMES, meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="victim_group", value_set=VICTIM_GROUPS, meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="qualifier", value_set=QUALIFIERS, meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="evidence_present", value_set=[True], meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="counts_ordered", value_set=[True], meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="evidence_has_number_or_vague", value_set=[True], meta=WARNING),
    ]
    for column in ("count_low", "count_best", "count_high"):
        out.append(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0, max_value=MAX_SANE_COUNT, meta=ERROR))
    return _suite("casualties", out)


def event_actors() -> gx.ExpectationSuite:
    return _suite("event_actors", [
        gxe.ExpectColumnValuesToNotBeNull(column="event_id", meta=ERROR),
        gxe.ExpectColumnValuesToNotBeNull(column="actor_id", meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="role", value_set=ROLES, meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="actor_known", value_set=[True], meta=ERROR),
    ])


# A batch whose yield per article falls outside this factor of the recent median is suspect: an
# extractor that silently stops finding events (a broken lexicon, an encoding change) is caught here.
VOLUME_BAND = 4.0
MIN_HISTORY_RUNS = 3
MIN_BATCH_ARTICLES = 20


def volume(history=None) -> gx.ExpectationSuite:
    """Per-run volume within a band of recent runs. With too little history, or a batch too small to
    judge, only sanity bounds apply."""
    out = [gxe.ExpectColumnValuesToBeBetween(column="batch_articles", min_value=0, meta=ERROR)]
    if history is not None and len(history) >= MIN_HISTORY_RUNS:
        for column in ("events_per_article", "casualties_per_article"):
            median = float(history[column].median())
            if median > 0:
                out.append(gxe.ExpectColumnValuesToBeBetween(
                    column=column, min_value=median / VOLUME_BAND, max_value=median * VOLUME_BAND,
                    row_condition=Column("batch_articles") >= MIN_BATCH_ARTICLES,
                    meta={**ERROR, "band_from_runs": len(history), "median": median}))
    return _suite("volume", out)


ALL = {"raw_articles": raw_articles, "events": events, "casualties": casualties, "event_actors": event_actors,
       "volume": volume}
