-- The gazetteer plus every place the text named that the gazetteer lacks. Unknown places keep their
-- Arabic name, the governorate their first article's context gives (ACLED geo_precision 3) and no
-- coordinates: a wrong point is worse than none.
select
    place_id as location_id,
    name_en,
    name_ar,
    kind,
    admin1,
    admin2,
    admin3,
    coalesce(pcode, 'geonames:' || cast(geonames_id as varchar)) as pcode,
    iso_3166_2,
    country,
    latitude,
    longitude,
    geo_precision,
    source,
    true as in_gazetteer
from {{ ref('stg_gazetteer') }}
union all
select
    m.place_key as location_id,
    null as name_en,
    m.name_ar,
    'unknown' as kind,
    a.name_en as admin1,
    null as admin2,
    null as admin3,
    null as pcode,
    m.admin1_iso as iso_3166_2,
    case a.country
        when 'SY' then 'Syria' when 'LB' then 'Lebanon' when 'IQ' then 'Iraq'
        when 'JO' then 'Jordan' when 'TR' then 'Turkey'
    end as country,
    cast(null as double precision) as latitude,
    cast(null as double precision) as longitude,
    3 as geo_precision,
    'text' as source,
    false as in_gazetteer
from {{ ref('stg_place_mentions') }} m
left join {{ ref('stg_admin1') }} a on m.admin1_iso = a.iso_3166_2
where not m.in_gazetteer
