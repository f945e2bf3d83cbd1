select distinct
    c.event_id,
    a.actor_id,
    a.role
from {{ ref('stg_event_actors') }} a
join {{ ref('int_event_clusters') }} c using (event_key)
