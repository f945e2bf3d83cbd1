-- Our events in ACLED's public shape: ACLED's column names, order and codes, filled by ACLED's
-- rules (codebook): inter codes from the actor types, interaction from the two codes, time and
-- geo precision from ours. ACLED codes only dated, located events of its own taxonomy, so events
-- without a date, without coordinates, or of our Humanitarian extension stay in marts.events only.
-- A table rebuilt from the marts on each run, so it always equals a full rebuild.
with coded as (
    select
        e.*,
        l.name_en as location_en,
        l.name_ar as location_ar,
        l.country,
        l.latitude,
        l.longitude,
        l.geo_precision as our_geo_precision,
        l.admin2 as admin2_name,
        l.admin3 as admin3_name,
        coalesce(d.name_en, l.admin1) as admin1_name,
        c.iso3,
        c.iso_numeric,
        c.acled_region
    from {{ ref('events') }} e
    inner join {{ ref('locations') }} l on e.location_id = l.location_id
    left join {{ ref('countries') }} c on l.country = c.name_en
    left join {{ ref('stg_admin1_spellings') }} d on c.iso2 = d.iso2 and l.admin1 = d.spelling
    where
        e.event_date is not null
        and e.date_precision in ('day', 'week', 'month')
        and l.latitude is not null
        and e.event_type <> 'Humanitarian'
),

sources as (
    select
        s.event_id,
        string_agg(
            distinct a.source, '; '
            order by a.source
        ) as source,
        max(s.extracted_at) as last_extracted
    from {{ ref('event_sources') }} s
    inner join {{ ref('articles') }} a using (article_id)
    group by s.event_id
),

civilians_targeted as (
    select distinct ea.event_id
    from {{ ref('event_actors') }} ea
    inner join {{ ref('stg_actors') }} a using (actor_id)
    where ea.role = 'target' and a.actor_type = 'Civilians'
),

shaped as (
    select
        e.*,
        sd.actor1,
        sd.assoc_actor_1,
        sd.inter1,
        sd.actor2,
        sd.assoc_actor_2,
        coalesce(sd.inter2, 0) as inter2,
        src.source,
        src.last_extracted,
        (e.event_type = 'Violence against civilians' or ct.event_id is not null) as targets_civilians,
        coalesce(e.location_en, e.location_ar) as location
    from coded e
    inner join {{ ref('event_sides') }} sd using (event_id)
    inner join sources src using (event_id)
    left join civilians_targeted ct using (event_id)
)

select
    coalesce(iso3, 'XXX') || cast({{ hex_to_bigint('event_id') }} as varchar) as event_id_cnty,
    event_date,
    cast(extract(year from event_date) as integer) as year,
    case date_precision when 'day' then 1 when 'week' then 2 else 3 end as time_precision,
    case
        when
            event_type in ('Battles', 'Explosions/Remote violence', 'Violence against civilians')
            then 'Political violence'
        when sub_event_type = 'Excessive force against protesters' then 'Political violence; Demonstrations'
        when sub_event_type = 'Mob violence' then 'Political violence'
        when event_type in ('Protests', 'Riots') then 'Demonstrations'
        else 'Strategic developments'
    end as disorder_type,
    event_type,
    sub_event_type,
    actor1,
    assoc_actor_1,
    inter1,
    actor2,
    assoc_actor_2,
    inter2,
    {{ acled_interaction('inter1', 'inter2') }} as interaction,
    case when targets_civilians then 'Civilian targeting' end as civilian_targeting,
    iso_numeric as iso,
    acled_region as region,
    country,
    admin1_name as admin1,
    admin2_name as admin2,
    admin3_name as admin3,
    location,
    latitude,
    longitude,
    -- marts.locations already holds ACLED's code (1 the place, 2 near it or part of a region, 3 admin1)
    coalesce(our_geo_precision, 3) as geo_precision,
    source,
    cast(null as varchar) as source_scale,
    'On ' || cast(event_date as varchar)
    || case date_precision when 'week' then ' (week of)' when 'month' then ' (month of)' else '' end
    || ', ' || lower(sub_event_type)
    || case
        when actor2 is null then ' by ' || actor1
        when inter2 = 7 then ' by ' || actor1 || ' against ' || actor2
        else ' between ' || actor1 || ' and ' || actor2
    end
    || ' in ' || location
    || coalesce(' (' || admin1_name || ', ' || country || ')', ' (' || country || ')', '')
    || case
        when coalesce(fatalities, 0) > 0 then ', ' || cast(fatalities as varchar) || ' reported fatalities' else ''
    end
    || '.' as notes,
    coalesce(fatalities, 0) as fatalities,
    case when event_type in ('Protests', 'Riots') then 'crowd size=no report' end as tags,
    {{ epoch_seconds('last_extracted') }} as timestamp,
    evidence as evidence_ar,
    event_id
from shaped
