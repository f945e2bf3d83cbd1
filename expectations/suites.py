"""The suites, as code. Every expectation carries meta.severity: `error` blocks publish, `warning`
publishes and is shown on the report. Derived check columns (flags such as date_in_future) are
computed in batch.py so each expectation stays a plain column check."""

from __future__ import annotations

import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.expectations.row_conditions import Column

from extract import vocabulary

# the closed vocabularies, from their lexicon files (extract/vocabulary.py)
OUTCOMES = list(vocabulary.values("outcomes"))
VICTIM_GROUPS = list(vocabulary.values("victim_groups"))
QUALIFIERS = list(vocabulary.values("qualifiers"))
EVENT_TYPES = list(vocabulary.event_types())
DATE_PRECISIONS = ["day", "week", "month", "unknown"]
ROLES = list(vocabulary.values("roles"))
MAX_SANE_COUNT = vocabulary.MAX_SANE_COUNT
# The deadliest single event of the war, the chemical attack on the Ghouta on 21 August 2013, killed
# between several hundred and about 1,400 by the different counts (the US government's assessment
# 1,429; opposition counts up to about 1,700). One event above this bound is a misreading (a misread
# «نصف مليون», a war-wide toll attached to one strike), not a happening.
MAX_EVENT_FATALITIES = 2_000
# An article whose primary killed figures add up to more than this many times its largest single
# figure is adding up restatements or tallies.
KILLED_TOTAL_FACTOR = 5
# An event dated more than this many days before its article's publication needs an explicit date.
MAX_RELATIVE_DAYS_BACK = 7

ERROR = {"severity": "error"}
WARNING = {"severity": "warning"}


def _suite(name: str, expectations: list) -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name=name)
    for e in expectations:
        suite.add_expectation(e)
    return suite


def raw_articles() -> gx.ExpectationSuite:
    return _suite(
        "raw_articles",
        [
            gxe.ExpectColumnValuesToNotBeNull(column="article_id", meta=ERROR),
            gxe.ExpectColumnValuesToBeUnique(column="article_id", meta=ERROR),
            gxe.ExpectColumnValuesToNotBeNull(column="body_length", meta=ERROR),
            gxe.ExpectColumnValuesToBeBetween(column="body_length", min_value=20, max_value=200_000, meta=ERROR),
            gxe.ExpectColumnValuesToBeBetween(column="arabic_share", min_value=0.5, max_value=1.0, meta=ERROR),
            gxe.ExpectColumnValuesToBeInSet(column="published_in_future", value_set=[False], meta=ERROR),
            gxe.ExpectColumnValuesToBeBetween(column="paragraph_count", min_value=1, max_value=500, meta=WARNING),
        ],
    )


def events() -> gx.ExpectationSuite:
    return _suite(
        "events",
        [
            gxe.ExpectColumnValuesToNotBeNull(column="event_id", meta=ERROR),
            gxe.ExpectColumnValuesToBeUnique(column="event_id", meta=ERROR),
            gxe.ExpectColumnValuesToBeInSet(column="event_type", value_set=EVENT_TYPES, meta=ERROR),
            gxe.ExpectColumnValuesToBeInSet(column="type_pair_valid", value_set=[True], meta=ERROR),
            gxe.ExpectColumnValuesToBeInSet(column="date_precision", value_set=DATE_PRECISIONS, meta=ERROR),
            gxe.ExpectColumnValuesToBeInSet(column="date_in_future", value_set=[False], meta=ERROR),
            gxe.ExpectColumnValuesToBeInSet(column="has_actor_or_reason", value_set=[True], meta=ERROR),
            gxe.ExpectColumnValuesToBeBetween(
                column="fatalities",
                min_value=0,
                max_value=MAX_EVENT_FATALITIES,
                meta={
                    **ERROR,
                    "bound": MAX_EVENT_FATALITIES,
                    "source": "deadliest single event: Ghouta chemical attack, 21 Aug 2013, ~1,400 killed",
                },
            ),
            gxe.ExpectColumnValuesToBeInSet(column="fatalities_match_primary_figures", value_set=[True], meta=ERROR),
            gxe.ExpectColumnValuesToBeInSet(column="after_publication", value_set=[False], meta=ERROR),
            gxe.ExpectColumnValuesToBeInSet(
                column="long_before_publication_without_date",
                value_set=[False],
                meta={**ERROR, "days": MAX_RELATIVE_DAYS_BACK},
            ),
            gxe.ExpectColumnValuesToBeInSet(column="evidence_present", value_set=[True], meta=ERROR),
            gxe.ExpectColumnValuesToNotBeNull(column="location_id", mostly=0.8, meta=WARNING),
        ],
    )


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
        # a tally counts a period, never one event
        gxe.ExpectColumnValuesToBeInSet(column="tally_linked_to_event", value_set=[False], meta=ERROR),
    ]
    for column in ("count_low", "count_best", "count_high"):
        out.append(gxe.ExpectColumnValuesToBeBetween(column=column, min_value=0, max_value=MAX_SANE_COUNT, meta=ERROR))
    return _suite("casualties", out)


def event_actors() -> gx.ExpectationSuite:
    return _suite(
        "event_actors",
        [
            gxe.ExpectColumnValuesToNotBeNull(column="event_id", meta=ERROR),
            gxe.ExpectColumnValuesToNotBeNull(column="actor_id", meta=ERROR),
            gxe.ExpectColumnValuesToBeInSet(column="role", value_set=ROLES, meta=ERROR),
            gxe.ExpectColumnValuesToBeInSet(column="actor_known", value_set=[True], meta=ERROR),
        ],
    )


def article_figures() -> gx.ExpectationSuite:
    """Per article: its primary killed figures summed against its largest single figure."""
    return _suite(
        "article_figures",
        [
            gxe.ExpectColumnValuesToBeInSet(
                column="killed_total_plausible", value_set=[True], meta={**WARNING, "factor": KILLED_TOTAL_FACTOR}
            ),
        ],
    )


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
                out.append(
                    gxe.ExpectColumnValuesToBeBetween(
                        column=column,
                        min_value=median / VOLUME_BAND,
                        max_value=median * VOLUME_BAND,
                        row_condition=Column("batch_articles") >= MIN_BATCH_ARTICLES,
                        meta={**ERROR, "band_from_runs": len(history), "median": median},
                    )
                )
    if history is not None and len(history) >= MIN_HISTORY_RUNS:
        for column in PROFILE_SHARES:
            if column in history and history[column].notna().any():
                median = float(history[column].median())
                out.append(
                    gxe.ExpectColumnValuesToBeBetween(
                        column=column,
                        min_value=max(0.0, median - SHARE_BAND),
                        max_value=min(1.0, median + SHARE_BAND),
                        row_condition=Column("batch_articles") >= MIN_BATCH_ARTICLES,
                        meta={**WARNING, "band_from_runs": len(history), "median": median},
                    )
                )
    return _suite("volume", out)


# Shares that describe a batch's quality; a drift of more than SHARE_BAND from the median of the last
# published runs is a warning with the figures (a lexicon that lost its places, a new outlet's style).
PROFILE_SHARES = ("events_without_place", "places_not_in_gazetteer", "unknown_victim_groups", "vague_qualifiers")
SHARE_BAND = 0.25


ALL = {
    "raw_articles": raw_articles,
    "events": events,
    "casualties": casualties,
    "event_actors": event_actors,
    "article_figures": article_figures,
    "volume": volume,
}
# The columns naming the rows behind a failed expectation (the articles to hold back, the sentence
# to read); the volume suite checks the batch as a whole and names none.
ROW_NAMES = {
    "raw_articles": ["article_ids"],
    "events": ["article_ids", "evidence"],
    "casualties": ["article_ids", "evidence"],
    "event_actors": ["article_ids"],
    "article_figures": ["article_ids"],
}
