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
from {{ source('raw', 'articles') }} a
-- a held-back article is not published until it is released or re-extracted
where not exists (
    select 1 from {{ source('extracted', 'article_status') }} s
    where s.article_id = a.article_id and coalesce(s.held_back, false)
)
