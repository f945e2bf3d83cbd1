-- The two sides of each event as ACLED and UCDP record them: one named actor per side, everyone
-- else on that side associated. Side 1 is the first actor1 by name; side 2 the first actor2 (or,
-- when none, the target: civilians attacked) that is not side 1. An event without a named actor1
-- takes ACLED's generic actor for its type (protesters, rioters, else an unidentified armed group).
{{ config(materialized='ephemeral') }}
with roles as (
    select
        ea.event_id,
        ea.role,
        a.actor_id,
        a.name_en,
        a.actor_type
    from {{ ref('event_actors') }} ea
    inner join {{ ref('stg_actors') }} a using (actor_id)
),

named_side1 as (
    select
        event_id,
        actor_id
    from (
        select
            event_id,
            actor_id,
            row_number() over (
                partition by event_id
                order by name_en, actor_id
            ) as rn
        from roles
        where role = 'actor1'
    ) r
    where rn = 1
),

side1 as (
    select
        e.event_id,
        coalesce(n.actor_id, case e.event_type
            when 'Protests' then 'protesters'
            when 'Riots' then 'rioters'
            else 'unidentified_armed_group'
        end) as actor_id,
        n.actor_id is null as actor1_generic
    from {{ ref('events') }} e
    left join named_side1 n using (event_id)
),

side2 as (
    select
        event_id,
        actor_id
    from (
        select
            r.event_id,
            r.actor_id,
            row_number() over (
                partition by r.event_id
                order by case r.role when 'actor2' then 0 else 1 end, r.name_en, r.actor_id
            ) as rn
        from roles r
        inner join side1 s on r.event_id = s.event_id and r.actor_id <> s.actor_id
        where r.role in ('actor2', 'target')
    ) r
    where rn = 1
),

associated as (
    select
        r.event_id,
        string_agg(
            distinct r.name_en, '; '
            order by r.name_en) filter (where r.role in ('actor1', 'associated'))
            as assoc_actor_1,
        string_agg(
            distinct r.name_en, '; '
            order by r.name_en) filter (where r.role in ('actor2', 'target'))
            as assoc_actor_2
    from roles r
    inner join side1 s1 on r.event_id = s1.event_id
    left join side2 s2 on r.event_id = s2.event_id
    where r.actor_id <> s1.actor_id and r.actor_id is distinct from s2.actor_id
    group by r.event_id
)

select
    s1.event_id,
    s1.actor_id as actor1_id,
    a1.name_en as actor1,
    a1.actor_type as actor1_type,
    s1.actor1_generic,
    {{ acled_inter('a1.actor_type') }} as inter1,
    s2.actor_id as actor2_id,
    a2.name_en as actor2,
    a2.actor_type as actor2_type,
    {{ acled_inter('a2.actor_type') }} as inter2,
    x.assoc_actor_1,
    x.assoc_actor_2
from side1 s1
inner join {{ ref('stg_actors') }} a1 on s1.actor_id = a1.actor_id
left join side2 s2 on s1.event_id = s2.event_id
left join {{ ref('stg_actors') }} a2 on s2.actor_id = a2.actor_id
left join associated x on s1.event_id = x.event_id
