-- The gazetteer plus every place the text named that the gazetteer lacks. Unknown places keep their
-- Arabic name and no coordinates: a wrong point is worse than none.
select
    place_id as location_id,
    name_en,
    name_ar,
    kind,
    admin1,
    country,
    latitude,
    longitude,
    geo_precision,
    true as in_gazetteer
from {{ ref('stg_gazetteer') }}
union all
select
    m.place_key as location_id,
    null as name_en,
    m.name_ar,
    'unknown' as kind,
    null as admin1,
    null as country,
    cast(null as double precision) as latitude,
    cast(null as double precision) as longitude,
    'unknown' as geo_precision,
    false as in_gazetteer
from {{ ref('stg_place_mentions') }} m
where not m.in_gazetteer
