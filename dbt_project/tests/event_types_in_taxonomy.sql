-- Event type and sub-type pairs come from the ACLED taxonomy (plus the Humanitarian extension).
select
    e.event_id,
    e.event_type,
    e.sub_event_type
from {{ ref('events') }} e
left join {{ ref('stg_event_types') }} t using (event_type, sub_event_type)
where t.event_type is null
