{{ config(
    materialized='incremental',
    unique_key='event_id',
    incremental_strategy='delete+insert',
    pre_hook="{{ delete_rows_of_changed_events() }}"
) }}
with events_to_build as (
    {{ keys_to_build(ref('event_sources'), 'event_id') }}
)

select distinct
    r.event_id,
    a.actor_id,
    a.role,
    {{ synced_now() }} as updated_at
from {{ ref('stg_event_actors') }} a
inner join {{ ref('int_event_reports') }} r using (event_key)
where r.event_id in (select event_id from events_to_build)
