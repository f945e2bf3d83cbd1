select
    event_key,
    actor_id,
    role,
    surface
from {{ source('extracted', 'event_actors') }}
