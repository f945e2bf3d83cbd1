select
    location_id,
    name_en,
    name_ar,
    admin1,
    admin2,
    admin3,
    pcode,
    iso_3166_2,
    country,
    latitude,
    longitude,
    geo_precision,
    kind,
    in_gazetteer,
    source
from {{ ref('int_locations') }}
