with reports as (
    select r.*, c.event_id, c.report_rank, c.report_count, c.max_fatalities
    from {{ ref('int_event_reports') }} r
    join {{ ref('int_event_clusters') }} c using (event_key)
),
named as (
    select
        ea.event_id,
        string_agg(distinct a.name_en, ' vs ' order by a.name_en) filter (where ea.role in ('actor1', 'actor2')) as armed,
        count(*) as actor_rows
    from {{ ref('event_actors') }} ea
    join {{ ref('stg_actors') }} a using (actor_id)
    group by ea.event_id
)
select
    r.event_id,
    r.article_id,
    r.event_date,
    r.date_precision,
    r.event_type,
    r.sub_event_type,
    r.place_key as location_id,
    r.max_fatalities as fatalities,
    r.evidence,
    r.report_count,
    case when n.actor_rows is null then coalesce(r.no_actor_reason, 'no actor named') end as no_actor_reason,
    r.sub_event_type
        || coalesce(': ' || n.armed, '')
        || coalesce(' in ' || coalesce(l.name_en, l.name_ar), '')
        || coalesce(' (' || l.admin1 || ')', '') as notes
from reports r
left join named n using (event_id)
left join {{ ref('int_locations') }} l on l.location_id = r.place_key
where r.report_rank = 1
