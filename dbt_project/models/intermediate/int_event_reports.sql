-- Each event report (int_report_signatures) with the event it belongs to (int_event_clusters). A
-- report is rebuilt when its article changed or its cluster was rebuilt under another event_id.
{{ config(
    materialized='incremental',
    unique_key='event_key',
    incremental_strategy='delete+insert',
    pre_hook="{{ delete_reports_of_changed_clusters() }}"
) }}
select
    s.*,
    c.event_id,
    {{ synced_now() }} as updated_at
from {{ ref('int_report_signatures') }} s
inner join {{ ref('int_event_clusters') }} c on s.event_key = c.report_id and s.extracted_at = c.extracted_at
{% if is_incremental() %}
    where not exists (select 1 from {{ this }} t where t.event_key = s.event_key)
{% endif %}
