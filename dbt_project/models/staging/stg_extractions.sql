-- When each article was last extracted, and by which extractor version: the incremental marts rebuild
-- an article's rows when this changes.
select article_id, extractor_version, extracted_at
from {{ source('extracted', 'article_status') }}
