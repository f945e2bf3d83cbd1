"""Reads the run's batch from DuckDB as DataFrames, one per suite, with derived check columns.

The batch is every article loaded or (re-)extracted since the last publication, and the mart rows
that come from them, so validation cost follows new data rather than the size of the warehouse."""

from __future__ import annotations

import duckdb
import pandas as pd

from expectations.script_share import body_shares
from expectations.suites import (
    KILLED_TOTAL_FACTOR,
    MAX_RELATIVE_DAYS_BACK,
    MIN_BATCH_ARTICLES,
    MIN_HISTORY_RUNS,
    PROFILE_SHARES,
)

# Everything loaded or (re-)extracted by a run that has not been published yet: this run's new
# data, plus anything a failed run left unpublished, so nothing reaches analysts unchecked.
BATCH_ARTICLES = """
    select article_id from raw.articles
    where batch_id = $batch or batch_id not in (select run_id from ops.publications)
    union
    select article_id from extracted.article_status
    where batch_id = $batch or batch_id not in (select run_id from ops.publications)
"""


# A batch larger than this many rows per frame is validated in parts, so the gate's memory stays
# flat however large the batch (a first load of a million articles is one batch).
ROWS_PER_PART = 200_000


def prepare_batch(con: duckdb.DuckDBPyConnection, batch_id: str) -> int:
    """Fixes the batch's articles in a temp table and returns how many parts to validate it in."""
    con.execute(f"create or replace temp table gate_articles as {BATCH_ARTICLES}", {"batch": batch_id})
    biggest = con.execute("""
        select greatest(
            (select count(*) from gate_articles),
            (select count(*) from marts.event_sources s join gate_articles using (article_id)),
            (select count(*) from marts.casualties c join gate_articles using (article_id)))
    """).fetchall()[0][0]
    return max(1, -(-biggest // ROWS_PER_PART))


# The frames of a part, by suite: the key rows go to parts by, and the query ({in_part} marks where the
# part's condition goes). Only the columns the suites check, and text reduced to lengths and flags in
# DuckDB, so the DataFrames stay small on a 100,000-article batch.
FRAMES = {
    "raw_articles": (
        "a.article_id",
        r"""
        select a.article_id, a.article_id as article_ids, length(a.body) as body_length, a.paragraph_count,
               coalesce(a.published_at > now()::timestamp, false) as published_in_future
        from raw.articles a join gate_articles using (article_id)
        where {in_part}
        """,
    ),
    "events": (
        "e.event_id",
        """
        select e.event_id, e.event_type, e.date_precision, e.fatalities, e.location_id,
               -- the representative report gives the event its fields: its article answers for them
               e.article_id as article_ids, left(e.evidence, 300) as evidence,
               e.evidence is not null and length(e.evidence) > 0 as evidence_present,
               -- extract.article._set_fatalities: the primary killed figures; where none has a
               -- count, the counted breakdowns of the representative article (a town's part of a split total)
               coalesce(e.fatalities, 0) = coalesce((
                    select sum(c.count_best) from marts.casualties c
                    where c.event_id = e.event_id and c.is_primary and c.outcome = 'killed'
                      and not c.is_breakdown and not c.is_tally), (
                    select sum(c.count_best) from marts.casualties c
                    where c.event_id = e.event_id and c.article_id = e.article_id and c.is_breakdown
                      and c.outcome = 'killed' and not c.is_tally
                      and c.repeats_casualty_id is null and c.superseded_by is null), 0)
                   as fatalities_match_primary_figures,
               coalesce(e.event_date > cast(pa.published_at as date), false) as after_publication,
               coalesce(e.date_precision = 'day'
                        and e.event_date < cast(pa.published_at as date) - $days_back
                        and not regexp_matches(coalesce(rs.date_text, ''), '[0-9٠-٩]|قبل'), false)
                   as long_before_publication_without_date,
               t.event_type is not null as type_pair_valid,
               coalesce(e.event_date > current_date, false) as date_in_future,
               (e.no_actor_reason is not null or exists (
                    select 1 from marts.event_actors ea where ea.event_id = e.event_id)) as has_actor_or_reason
        from marts.events e
        left join reference.event_types t using (event_type, sub_event_type)
        left join raw.articles pa on pa.article_id = e.article_id
        left join marts.event_sources rs on rs.event_id = e.event_id and rs.report_rank = 1
        where e.event_id in (select s.event_id from marts.event_sources s join gate_articles using (article_id))
          and {in_part}
        """,
    ),
    "casualties": (
        "c.casualty_id",
        """
        select c.casualty_id, c.article_id as article_ids, left(c.evidence, 300) as evidence,
               c.outcome, c.victim_group, c.qualifier, c.count_low, c.count_best, c.count_high,
               coalesce(c.is_tally and c.event_id is not null, false) as tally_linked_to_event,
               c.evidence is not null and length(c.evidence) > 0 as evidence_present,
               not ((c.count_low > c.count_best) or (c.count_best > c.count_high) or (c.count_low > c.count_high))
                   is true as counts_ordered,
               (c.qualifier = 'vague' or c.count_best is not null or c.count_low is not null
                or c.count_high is not null) as evidence_has_number_or_vague
        from marts.casualties c join gate_articles using (article_id)
        where {in_part}
        """,
    ),
    "event_actors": (
        "ea.event_id",
        """
        select ea.event_id, e.article_id as article_ids, ea.actor_id, ea.role, a.actor_id is not null as actor_known
        from marts.event_actors ea
        left join marts.actors a using (actor_id)
        left join marts.events e using (event_id)
        where ea.event_id in (select s.event_id from marts.event_sources s join gate_articles using (article_id))
          and {in_part}
        """,
    ),
    "article_figures": (
        "c.article_id",
        """
        select c.article_id as article_ids,
               not (sum(c.count_best) filter (where c.is_primary and not c.is_breakdown and not c.is_tally) > 100
                    and sum(c.count_best) filter (where c.is_primary and not c.is_breakdown and not c.is_tally)
                        > $factor * max(c.count_best)) is true as killed_total_plausible
        from marts.casualties c join gate_articles using (article_id)
        where c.outcome = 'killed' and {in_part}
        group by c.article_id
        """,
    ),
}
# the raw frame's arabic_share, counted from the same rows' bodies (expectations/script_share.py)
BODIES = "select a.article_id, a.body from raw.articles a join gate_articles using (article_id) where {in_part}"
PARAMS = {"events": {"days_back": MAX_RELATIVE_DAYS_BACK}, "article_figures": {"factor": KILLED_TOTAL_FACTOR}}


def load_batch(con: duckdb.DuckDBPyConnection, part: int = 0, parts: int = 1) -> dict[str, pd.DataFrame]:
    """The frames of one part of the batch fixed by `prepare_batch`. Rows go to parts by the hash of
    the key a suite checks for uniqueness, so a duplicate always lands in one part. The volume frame
    (per-batch figures) comes with part 0."""
    frames = {}
    for name, (key, sql) in FRAMES.items():
        query = sql.replace("{in_part}", f"hash({key}) % {parts} = {part}")
        frames[name] = con.execute(query, PARAMS.get(name)).df()
    shares = body_shares(con, BODIES.replace("{in_part}", f"hash(a.article_id) % {parts} = {part}"))
    frames["raw_articles"]["arabic_share"] = frames["raw_articles"]["article_id"].map(shares)
    if part == 0:
        frames["volume"] = batch_volume(con)
    return frames


def batch_volume(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The per-batch figures: its size, events and casualty rows per article, and the quality shares."""
    n, n_events, n_casualties = con.execute("""
        select (select count(*) from gate_articles),
               (select count(distinct s.event_id) from marts.event_sources s join gate_articles using (article_id)),
               (select count(*) from marts.casualties c join gate_articles using (article_id))
    """).fetchall()[0]
    return pd.DataFrame(
        {
            "batch_articles": [n],
            "events_per_article": [n_events / n if n else None],
            "casualties_per_article": [n_casualties / n if n else None],
            **{k: [v] for k, v in profile_shares(con).items()},
        }
    )


def profile_shares(con: duckdb.DuckDBPyConnection) -> dict[str, float | None]:
    """The batch's quality shares (suites.PROFILE_SHARES), each None when there is nothing to share."""
    row = con.execute("""
        select
            (select avg(case when e.location_id is null then 1.0 else 0.0 end) from marts.events e
             where e.event_id in (select s.event_id from marts.event_sources s join gate_articles using (article_id))),
            (select avg(case when p.in_gazetteer then 0.0 else 1.0 end) from extracted.article_mentions m
             join gate_articles using (article_id) join extracted.places p on p.place_key = m.key
             where m.kind = 'place'),
            (select avg(case when c.victim_group = 'unknown' then 1.0 else 0.0 end)
             from marts.casualties c join gate_articles using (article_id)),
            (select avg(case when c.qualifier = 'vague' then 1.0 else 0.0 end)
             from marts.casualties c join gate_articles using (article_id))
    """).fetchall()[0]
    return {k: (float(v) if v is not None else None) for k, v in zip(PROFILE_SHARES, row)}


def record_profile(con: duckdb.DuckDBPyConnection, run_id: str, volume: pd.DataFrame) -> None:
    """The batch's volume and shares, the history later runs' bands are learnt from."""
    con.execute("delete from ops.batch_profiles where run_id = ?", [run_id])
    con.register("profile_row", volume.assign(run_id=run_id))
    con.execute("insert into ops.batch_profiles by name select * from profile_row")
    con.unregister("profile_row")


def recent_volume(con: duckdb.DuckDBPyConnection, runs: int = 10) -> pd.DataFrame:
    """Volume and shares of the last published runs that validated a batch worth judging; before
    such runs were profiled, events and casualty rows per article from the extract ledger."""
    profiles = con.execute(
        "select * exclude (run_id) from ops.batch_profiles where run_id in (select run_id from ops.publications) "
        "and batch_articles >= ? order by validated_at desc limit ?",
        [MIN_BATCH_ARTICLES, runs],
    ).df()
    if len(profiles) >= MIN_HISTORY_RUNS:
        return profiles.drop(columns=["validated_at"])
    return con.execute(
        """
        select cast(json_extract(detail, '$.events') as double) / nullif(rows_read, 0) as events_per_article,
               cast(json_extract(detail, '$.casualties') as double) / nullif(rows_read, 0) as casualties_per_article
        from ops.task_runs
        where task_id = 'extract' and outcome = 'success' and rows_read >= 10
          and run_id in (select run_id from ops.publications)
        order by started_at desc limit ?
        """,
        [runs],
    ).df()
