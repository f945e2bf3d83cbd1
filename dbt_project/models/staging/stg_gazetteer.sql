select
    place_id,
    name_en,
    name_ar,
    kind,
    nullif(admin1, '') as admin1,
    country,
    cast(latitude as double precision) as latitude,
    cast(longitude as double precision) as longitude,
    geo_precision
from {{ source('reference', 'places') }}
