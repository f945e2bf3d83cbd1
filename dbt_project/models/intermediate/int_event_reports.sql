-- Each event as one article reports it, with the signature that recognises the same happening in
-- other sentences and articles: type, sub-type, day, place and the first armed actor (actor1: two
-- outlets rarely name the second side alike). A report dated to the day merges with reports of that
-- date; a report of an undated dump merges with the dump's reports of the same relative day (a report
-- that names no day is the dump's news of its own day, as ACLED dates a report). Anything less
-- certain is its own event. event_id is the signature's hash, so merging needs no look at other rows
-- and an article can be added alone.
{{ config(
    materialized='incremental',
    unique_key='event_key',
    incremental_strategy='delete+insert',
    pre_hook="{{ delete_rows_of_changed_articles() }}"
) }}
with changed_articles as (
    select
        x.article_id,
        x.extracted_at
    from {{ ref('stg_extractions') }} x
    {% if is_incremental() %}
    where not exists (select 1 from {{ this }} t where t.article_id = x.article_id)
    {% endif %}
),

changed_events as (
    select
        e.*,
        ch.extracted_at
    from {{ ref('stg_events') }} e
    inner join changed_articles ch using (article_id)
),

actors as (
    select
        event_key,
        string_agg(
            distinct actor_id, ','
            order by actor_id) filter (where role in ('actor1', 'actor2'))
            as armed_actors,
        min(actor_id) filter (where role = 'actor1') as actor1
    from {{ ref('stg_event_actors') }}
    where event_key in (select event_key from changed_events)
    group by event_key
),

reports as (
    select
        e.*,
        a.published_at,
        a.file_sha256,
        coalesce(ac.armed_actors, '') as armed_actors,
        coalesce(ac.actor1, '') as actor1,
        e.event_date is not null and e.date_precision = 'day' as is_dated
    from changed_events e
    inner join {{ ref('stg_articles') }} a using (article_id)
    left join actors ac using (event_key)
),

signed as (
    select
        *,
        case
            when is_dated and place_key is not null
                then
                    event_type
                    || '|'
                    || sub_event_type
                    || '|'
                    || cast(event_date as varchar)
                    || '|'
                    || place_key
                    || '|'
                    || actor1
            when published_at is null and place_key is not null
                then
                    event_type || '|' || sub_event_type || '|day' || cast(coalesce(day_offset, 0) as varchar)
                    || '|' || place_key || '|' || actor1 || '|' || coalesce(file_sha256, '')
            else event_key
        end as signature
    from reports
)

select
    *,
    {{ stable_id(["'event'", 'signature']) }} as event_id,
    {{ synced_now() }} as updated_at
from signed
