-- Each event as one article reports it, with the signature used to recognise the same happening
-- in other sentences and articles: type, sub-type, day, place and the armed actors' set.
with actors as (
    select
        event_key,
        string_agg(distinct actor_id, ',' order by actor_id) filter (where role in ('actor1', 'actor2')) as armed_actors
    from {{ ref('stg_event_actors') }}
    group by event_key
)
select
    e.*,
    a.published_at,
    coalesce(ac.armed_actors, '') as armed_actors,
    e.event_date is not null and e.date_precision = 'day' as is_dated
from {{ ref('stg_events') }} e
join {{ ref('stg_articles') }} a using (article_id)
left join actors ac using (event_key)
