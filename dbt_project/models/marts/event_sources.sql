-- Every report behind an event: which article said it, in which sentence. An event merged from
-- several articles lists them all, so each figure stays traceable to its source. The representative
-- report (rank 1) is the earliest published, then the first in its article.
{{ config(
    materialized='incremental',
    unique_key='event_id',
    incremental_strategy='delete+insert',
    pre_hook="{{ delete_changed_clusters() }}"
) }}
with clusters as (
    {{ keys_to_build(ref('int_event_reports'), 'event_id') }}
)
select
    r.event_id,
    r.event_key as report_id,
    r.article_id,
    r.published_at,
    r.sentence_index,
    r.trigger_text,
    r.date_text,
    r.fatalities,
    r.evidence,
    row_number() over (
        partition by r.event_id
        order by r.published_at nulls last, r.article_id, r.sentence_index, r.event_key
    ) as report_rank,
    r.extracted_at,
    {{ synced_now() }} as updated_at
from {{ ref('int_event_reports') }} r
where r.event_id in (select event_id from clusters)
