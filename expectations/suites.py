"""The suites, as code. Every expectation carries meta.severity: `error` blocks publish, `warning`
publishes and is shown on the report. Derived check columns (flags such as date_in_future) are
computed in batch.py so each expectation stays a plain column check."""
from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe

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
        gxe.ExpectColumnValuesToNotBeNull(column="body", meta=ERROR),
        gxe.ExpectColumnValueLengthsToBeBetween(column="body", min_value=20, max_value=200_000, meta=ERROR),
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
        gxe.ExpectColumnValuesToNotBeNull(column="evidence", meta=ERROR),
        gxe.ExpectColumnValuesToNotBeNull(column="location_id", mostly=0.8, meta=WARNING),
    ])


def casualties() -> gx.ExpectationSuite:
    out = [
        gxe.ExpectColumnValuesToNotBeNull(column="casualty_id", meta=ERROR),
        gxe.ExpectColumnValuesToBeUnique(column="casualty_id", meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="outcome", value_set=OUTCOMES, meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="victim_group", value_set=VICTIM_GROUPS, meta=ERROR),
        gxe.ExpectColumnValuesToBeInSet(column="qualifier", value_set=QUALIFIERS, meta=ERROR),
        gxe.ExpectColumnValuesToNotBeNull(column="evidence", meta=ERROR),
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


ALL = {"raw_articles": raw_articles, "events": events, "casualties": casualties, "event_actors": event_actors}
