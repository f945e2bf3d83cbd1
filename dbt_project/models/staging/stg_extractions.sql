-- When each article was last extracted, and by which extractor version: the incremental marts rebuild
-- an article's rows when this changes. Articles held back (raw.quarantine says why) are left out, so
-- the marts drop them and bring them back when they are released or re-extracted.
select
    article_id,
    extractor_version,
    extracted_at
from {{ source('extracted', 'article_status') }}
where not coalesce(held_back, false)
