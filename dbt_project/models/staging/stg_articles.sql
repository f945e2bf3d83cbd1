select
    article_id,
    source,
    url,
    external_id,
    published_at,
    title,
    body,
    paragraph_count,
    file_sha256,
    batch_id,
    loaded_at
from {{ source('raw', 'articles') }}
