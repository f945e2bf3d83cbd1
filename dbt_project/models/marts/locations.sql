select
    location_id,
    name_en,
    name_ar,
    admin1,
    country,
    latitude,
    longitude,
    geo_precision,
    kind,
    in_gazetteer
from {{ ref('int_locations') }}
