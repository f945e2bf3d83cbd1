-- Every event names at least one actor, or says why it cannot.
select e.event_id
from {{ ref('events') }} e
left join {{ ref('event_actors') }} a using (event_id)
where a.event_id is null and e.no_actor_reason is null
