-- One event per happening. Reports dated to the day that share type, sub-type, place and armed
-- actors are one event across sentences and articles; anything less certain stays its own event.
-- The representative report is the earliest published, then the first in its article.
with keyed as (
    select
        *,
        case
            when is_dated and place_key is not null
                then {{ stable_id(["'event'", 'event_type', 'sub_event_type', 'event_date', 'place_key', 'armed_actors']) }}
            else {{ stable_id(["'event'", 'event_key']) }}
        end as event_id
    from {{ ref('int_event_reports') }}
),
ranked as (
    select
        *,
        row_number() over (
            partition by event_id
            order by published_at nulls last, article_id, sentence_index, event_key
        ) as report_rank,
        count(*) over (partition by event_id) as report_count,
        max(fatalities) over (partition by event_id) as max_fatalities
    from keyed
)
select event_key, event_id, report_rank, report_count, max_fatalities
from ranked
