-- Articles are immutable (the id is a content hash): new ones are appended, withdrawn ones removed.
{{ config(
    materialized='incremental',
    unique_key='article_id',
    incremental_strategy='delete+insert',
    pre_hook="{% if is_incremental() %}delete from {{ this }} t where not exists (select 1 from {{ ref('stg_articles') }} a where a.article_id = t.article_id){% endif %}"
) }}
select
    article_id,
    source,
    url,
    published_at,
    title,
    body,
    paragraph_count,
    loaded_at,
    {{ synced_now() }} as updated_at
from {{ ref('stg_articles') }}
{% if is_incremental() %}
where article_id not in (select t.article_id from {{ this }} t)  -- article_id is never null (its not_null test)
{% endif %}
