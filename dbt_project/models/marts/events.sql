{{ config(
    materialized='incremental',
    unique_key='event_id',
    incremental_strategy='delete+insert',
    pre_hook="{{ delete_rows_of_changed_events() }}"
) }}
with events_to_build as (
    {{ keys_to_build(ref('event_sources'), 'event_id') }}
),

sources as (
    select * from {{ ref('event_sources') }}
    where event_id in (select event_id from events_to_build)
),

clusters as (
    select
        event_id,
        count(*) as report_count
    from sources
    group by event_id
),

undated_day as (
    -- an undated dump's cluster shares its relative day (int_event_reports): a report that names it
    -- gives it to the event when the representative names none
    select
        event_id,
        min(day_offset) as known_day
    from {{ ref('int_event_reports') }}
    where event_id in (select event_id from events_to_build) and published_at is null
    group by event_id
),

representative as (
    select r.*
    from sources s
    inner join {{ ref('int_event_reports') }} r on s.report_id = r.event_key
    where s.report_rank = 1
),

named as (
    select
        ea.event_id,
        string_agg(
            distinct a.name_en, ' vs '
            order by a.name_en) filter (where ea.role in ('actor1', 'actor2'))
            as armed,
        count(*) as actor_rows
    from {{ ref('event_actors') }} ea
    inner join {{ ref('stg_actors') }} a using (actor_id)
    where ea.event_id in (select event_id from events_to_build)
    group by ea.event_id
)

select
    r.event_id,
    r.article_id,
    r.event_date,
    r.date_precision,
    coalesce(r.day_offset, u.known_day) as day_offset,
    r.event_type,
    r.sub_event_type,
    r.place_key as location_id,
    -- the representative report's toll: the sum of the primary killed figures (marts.casualties), so
    -- summing either gives one answer (the gate checks it)
    r.fatalities,
    r.evidence,
    c.report_count,
    case when n.actor_rows is null then coalesce(r.no_actor_reason, 'no actor named') end as no_actor_reason,
    r.sub_event_type
    || coalesce(': ' || n.armed, '')
    || coalesce(' in ' || coalesce(l.name_en, l.name_ar), '')
    || coalesce(' (' || l.admin1 || ')', '') as notes,
    {{ synced_now() }} as updated_at
from representative r
inner join clusters c using (event_id)
left join named n using (event_id)
left join undated_day u using (event_id)
left join {{ ref('int_locations') }} l on r.place_key = l.location_id
