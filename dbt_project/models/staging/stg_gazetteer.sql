-- The national gazetteer (extract/gazetteer.py): curated places, OCHA's communities,
-- neighbourhoods, districts and sub-districts of Syria, GeoNames' places of the neighbours.
select
    place_id,
    name_en,
    nullif(aliases_en, '') as aliases_en,
    name_ar,
    kind,
    nullif(admin1, '') as admin1,
    nullif(admin2, '') as admin2,
    nullif(admin3, '') as admin3,
    nullif(admin1_pcode, '') as admin1_pcode,
    nullif(admin2_pcode, '') as admin2_pcode,
    nullif(admin3_pcode, '') as admin3_pcode,
    nullif(pcode, '') as pcode,
    cast(nullif(cast(geonames_id as varchar), '') as bigint) as geonames_id,
    nullif(iso_3166_2, '') as iso_3166_2,
    country,
    cast(nullif(latitude, '') as double precision) as latitude,
    cast(nullif(longitude, '') as double precision) as longitude,
    cast(geo_precision as integer) as geo_precision,
    source
from {{ source('reference', 'places') }}
