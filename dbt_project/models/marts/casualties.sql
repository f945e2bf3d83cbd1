-- Incremental by figure: a figure is rebuilt when its article is re-extracted or when its event's
-- reports change (the representative article, and so is_primary, may move). A warehouse built before
-- a column was added gains it (append_new_columns); its rows get it when their article is re-extracted.
{{ config(
    materialized='incremental',
    unique_key='casualty_id',
    incremental_strategy='delete+insert',
    on_schema_change='append_new_columns',
    pre_hook=["{{ delete_rows_of_changed_articles() }}", "{{ delete_rows_of_changed_events() }}"]
) }}
with figures as (
    select
        c.*,
        x.extracted_at
    from {{ ref('stg_casualties') }} c
    inner join {{ ref('stg_extractions') }} x using (article_id)
    {% if is_incremental() %}
    where not exists (select 1 from {{ this }} t where t.casualty_id = c.casualty_key)
    {% endif %}
),

reports as (
    select
        r.event_key,
        r.event_id
    from {{ ref('int_event_reports') }} r
    where r.event_key in (select event_key from figures)
),

representative as (
    select
        event_id,
        article_id
    from {{ ref('event_sources') }}
    where report_rank = 1 and event_id in (select event_id from reports)
)

select
    c.casualty_key as casualty_id,
    c.article_id,
    r.event_id,
    c.outcome,
    c.victim_group,
    c.victim_actor_id,
    c.count_low,
    c.count_best,
    c.count_high,
    c.qualifier,
    rep.name_en as reported_by,
    c.is_claim,
    c.evidence,
    c.sentence,
    c.evidence_start,
    c.evidence_end,
    c.is_breakdown,
    c.is_tally,
    c.repeats_casualty_key as repeats_casualty_id,
    c.superseded_by,
    -- count a figure once: not a breakdown of another, not a restatement or a superseded toll within
    -- its article, and from the event's representative article
    (
        not c.is_breakdown and c.repeats_casualty_key is null and c.superseded_by is null
        and (r.event_id is null or rp.article_id = c.article_id)
    ) as is_primary,
    c.extracted_at,
    {{ synced_now() }} as updated_at
from figures c
left join reports r on c.event_key = r.event_key
left join representative rp on r.event_id = rp.event_id
left join {{ ref('stg_reporters') }} rep on c.reporter_id = rep.reporter_id
