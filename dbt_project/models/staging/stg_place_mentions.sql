select place_key, name_ar, in_gazetteer, first_article_id
from {{ source('extracted', 'places') }}
