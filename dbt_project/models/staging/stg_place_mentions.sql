select
    place_key,
    name_ar,
    in_gazetteer,
    first_article_id,
    admin1_iso,
    example
from {{ source('extracted', 'places') }}
