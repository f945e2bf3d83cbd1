with clusters as (
    select c.event_key, c.event_id, r.article_id as report_article_id
    from {{ ref('int_event_clusters') }} c
    join {{ ref('int_event_reports') }} r using (event_key)
),
representative as (
    select event_id, article_id from {{ ref('event_sources') }} where report_rank = 1
)
select
    c.casualty_key as casualty_id,
    c.article_id,
    cl.event_id,
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
    -- count a figure once: not a breakdown of another, and from the event's representative article
    (not c.is_breakdown and (cl.event_id is null or r.article_id = c.article_id)) as is_primary
from {{ ref('stg_casualties') }} c
left join clusters cl on cl.event_key = c.event_key
left join representative r on r.event_id = cl.event_id
left join {{ ref('stg_reporters') }} rep on rep.reporter_id = c.reporter_id
