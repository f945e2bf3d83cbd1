-- ACLED's taxonomy has no Humanitarian type: our extension stays in marts.events only.
select
    event_id,
    event_type
from {{ ref('acled_events') }}
where event_type = 'Humanitarian'
