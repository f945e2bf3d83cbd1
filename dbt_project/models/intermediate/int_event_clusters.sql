-- Which event each report belongs to. Reports are linked when they have one signature
-- (int_report_signatures: same type, sub-type, day, place and actor1) or are near-duplicates
-- (macros/near_duplicates.sql: a shared MinHash band of their paragraphs, same type and sub-type,
-- no contradicting place or day; this merges wire copies even when no publication date is known).
-- An event is a connected component of those links (transitive: A~B and B~C make one event of
-- the three, whatever order they arrived in), found by a recursive walk over signatures. Its
-- event_id is the signature_id of its earliest report by (published_at nulls last, article_id,
-- event_key): a function of the component alone, so an incremental run, which rebuilds only the
-- components a changed report touches (macro delete_touched_clusters), gives a full build's ids,
-- and an event with no near-duplicate keeps the id of its signature.
{{ config(
    materialized='incremental',
    unique_key='report_id',
    incremental_strategy='delete+insert',
    pre_hook="{{ delete_touched_clusters() }}"
) }}
with recursive nodes as (
    select s.*
    from {{ ref('int_report_signatures') }} s
    {% if is_incremental() %}
        where not exists (select 1 from {{ this }} t where t.report_id = s.event_key)
    {% endif %}
),

links as (
    {{ near_duplicate_links('nodes', 'nodes') }}
),

edges as (
    select distinct
        a.signature_id as source_id,
        b.signature_id as target_id
    from links k
    inner join nodes a on k.left_key = a.event_key
    inner join nodes b on k.right_key = b.event_key
),

reach (signature_id, reached_id) as (
    select distinct
        signature_id,
        signature_id as reached_id
    from nodes
    union
    select
        r.signature_id,
        e.target_id
    from reach r
    inner join edges e on r.reached_id = e.source_id
),

firsts as (
    select
        signature_id,
        event_key,
        article_id,
        published_at,
        row_number() over (
            partition by signature_id
            order by published_at nulls last, article_id, event_key
        ) as rank_in_signature
    from nodes
),

leaders as (
    select
        r.signature_id,
        f.signature_id as leader_id,
        row_number() over (
            partition by r.signature_id
            order by f.published_at nulls last, f.article_id, f.event_key
        ) as rank_in_component
    from reach r
    inner join firsts f on r.reached_id = f.signature_id and f.rank_in_signature = 1
)

select
    n.event_key as report_id,
    n.article_id,
    n.extracted_at,
    l.leader_id as event_id,
    {{ synced_now() }} as updated_at
from nodes n
inner join leaders l on n.signature_id = l.signature_id and l.rank_in_component = 1
