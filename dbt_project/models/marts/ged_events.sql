-- Our violent events with deaths in UCDP GED's shape (GED codebook): deaths by side from our
-- casualty figures (primary "killed" rows, each figure counted once), best/low/high as their sums,
-- type_of_violence from the sides' actor types, where_prec and date_prec from our precisions.
-- GED holds dated, located events with at least one death in the high estimate; the rest stay in
-- marts.events.
-- A table rebuilt from the marts on each run, so it always equals a full rebuild.
with violent as (
    select e.*
    from {{ ref('events') }} e
    inner join {{ ref('stg_event_types') }} t using (event_type, sub_event_type)
    where t.is_violent and e.event_date is not null and e.date_precision in ('day', 'week', 'month')
),

sides as (
    select
        v.event_id,
        sd.actor1_id,
        sd.actor1,
        sd.inter1,
        sd.actor2_id,
        sd.actor2,
        coalesce(sd.inter2, 0) as inter2,
        (v.event_type = 'Violence against civilians' or sd.inter2 = 7) as one_sided
    from violent v
    inner join {{ ref('event_sides') }} sd using (event_id)
),

deaths as (
    -- a figure's side: civilians (children and women too), a named side's fighters, else unknown
    select
        c.event_id,
        case
            when c.victim_group in ('civilians', 'children', 'women') then 'civilians'
            when c.victim_actor_id = s.actor1_id then 'a'
            when c.victim_actor_id = s.actor2_id and not s.one_sided then 'b'
            else 'unknown'
        end as side,
        coalesce(c.count_low, c.count_best, 0) as low,
        coalesce(c.count_best, 0) as best,
        coalesce(c.count_high, c.count_best, 0) as high
    from {{ ref('casualties') }} c
    inner join sides s using (event_id)
    where c.is_primary and c.outcome = 'killed'
),

totals as (
    select
        event_id,
        cast(sum(best) filter (where side = 'a') as bigint) as deaths_a,
        cast(sum(best) filter (where side = 'b') as bigint) as deaths_b,
        cast(sum(best) filter (where side = 'civilians') as bigint) as deaths_civilians,
        cast(sum(best) filter (where side = 'unknown') as bigint) as deaths_unknown,
        cast(sum(best) as bigint) as best,
        cast(sum(high) as bigint) as high,
        cast(sum(low) as bigint) as low
    from deaths
    group by event_id
    having sum(high) > 0
)

select
    {{ hex_to_bigint('v.event_id') }} as id,
    cast(extract(year from v.event_date) as integer) as year,
    case
        when s.one_sided then 3
        when s.inter1 in (1, 8) or s.inter2 in (1, 8) then 1
        else 2
    end as type_of_violence,
    s.actor1 as side_a,
    case when s.one_sided then 'Civilians' else s.actor2 end as side_b,
    v.report_count as number_of_sources,
    -- from ACLED's code in marts.locations: the place (1), part of a district or region (3), the admin1 (4)
    case l.geo_precision when 1 then 1 when 2 then 3 when 3 then 4 else 6 end as where_prec,
    coalesce(l.name_en, l.name_ar) as where_description,
    coalesce(d.name_en, l.admin1) as adm_1,
    l.admin2 as adm_2,
    l.latitude,
    l.longitude,
    l.country,
    co.gwno as country_id,
    co.acled_region as region,
    case v.date_precision when 'day' then 1 when 'week' then 3 else 4 end as date_prec,
    v.event_date as date_start,
    case v.date_precision
        when 'day' then v.event_date
        when 'week' then cast(v.event_date + interval '6 days' as date)
        else cast(date_trunc('month', v.event_date) + interval '1 month' - interval '1 day' as date)
    end as date_end,
    coalesce(t.deaths_a, 0) as deaths_a,
    coalesce(t.deaths_b, 0) as deaths_b,
    coalesce(t.deaths_civilians, 0) as deaths_civilians,
    coalesce(t.deaths_unknown, 0) as deaths_unknown,
    t.best,
    t.high,
    t.low,
    v.evidence as evidence_ar,
    v.event_id
from violent v
inner join sides s using (event_id)
inner join totals t using (event_id)
inner join {{ ref('locations') }} l on v.location_id = l.location_id and l.latitude is not null
left join {{ ref('countries') }} co on l.country = co.name_en
left join {{ ref('stg_admin1_spellings') }} d on co.iso2 = d.iso2 and l.admin1 = d.spelling
