-- The reference data the marts are built from and how to attribute it (published with them).
select
    source_id,
    name,
    publisher,
    licence,
    licence_url,
    attribution,
    url
from {{ source('reference', 'data_sources') }}
