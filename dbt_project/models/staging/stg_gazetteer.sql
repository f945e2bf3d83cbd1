select
    place_id,
    name_en,
    name_ar,
    kind,
    nullif(admin1, '') as admin1,
    country,
    cast(latitude as double) as latitude,
    cast(longitude as double) as longitude,
    geo_precision
from {{ source('reference', 'places') }}
