-- One row per LSH band of each report's paragraph (extract/near_duplicates.py), keyed with the
-- report's event type and sub-type, so near-duplicate reports of one kind meet on one equality join.
-- depends_on: {{ ref('stg_extractions') }}
{{ config(
    materialized='incremental',
    unique_key='event_key',
    incremental_strategy='delete+insert',
    pre_hook="{{ delete_rows_of_changed_articles() }}"
) }}
select
    event_key,
    article_id,
    extracted_at,
    event_type || '|' || sub_event_type || '|' || band as band_key
from (
    select
        s.event_key,
        s.article_id,
        s.extracted_at,
        s.event_type,
        s.sub_event_type,
        unnest({{ split_to_array('s.paragraph_bands', ' ') }}) as band
    from {{ ref('int_report_signatures') }} s
    where s.paragraph_bands is not null
    {% if is_incremental() %}
        and not exists (select 1 from {{ this }} t where t.article_id = s.article_id)
    {% endif %}
) bands
