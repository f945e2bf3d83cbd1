select
    article_id,
    source,
    url,
    published_at,
    title,
    body,
    paragraph_count,
    loaded_at
from {{ ref('stg_articles') }}
