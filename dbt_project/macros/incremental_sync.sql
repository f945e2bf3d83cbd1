{#
  How the incremental marts stay equal to a full rebuild. Each model's pre-hook (inside the same
  transaction as its insert) deletes the rows whose inputs changed; the model body then builds every
  key missing from the table, which is exactly the new and the just-deleted ones. Nothing depends on a
  run finishing: a failed run leaves keys missing, and the next run builds them.

  Changes are detected without comparing clocks across systems: article rows carry the extraction's
  `extracted_at` (set by the Python extractor), cluster rows the dbt `updated_at` of the event_sources
  rows they were built from.
#}

{% macro synced_now() -%}
    cast(current_timestamp as timestamp)
{%- endmacro %}

{# Rows of articles that were re-extracted or withdrawn since the row was built. #}
{% macro delete_rows_of_changed_articles() -%}
    {%- if is_incremental() -%}
    delete from {{ this }} t
    where not exists (
        select 1 from {{ ref('stg_extractions') }} x
        where x.article_id = t.article_id and x.extracted_at = t.extracted_at
    )
    {%- endif -%}
{%- endmacro %}

{#
  event_sources: every cluster whose set of reports differs from int_event_reports (a report added,
  re-extracted or gone) is deleted whole, so ranks and counts are always over all its reports.
#}
{% macro delete_changed_clusters() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where event_id in (
        select coalesce(t.event_id, r.event_id)
        from {{ this }} t
        full join {{ ref('int_event_reports') }} r
          on r.event_key = t.report_id and r.event_id = t.event_id and r.extracted_at = t.extracted_at
        where t.report_id is null or r.event_key is null
    )
    {%- endif -%}
{%- endmacro %}

{# Per-event marts: rows of events whose event_sources rows were rebuilt after them, or are gone. #}
{% macro delete_rows_of_changed_events() -%}
    {%- if is_incremental() -%}
    delete from {{ this }} t
    where t.event_id is not null and not exists (
        select 1 from {{ ref('event_sources') }} s
        where s.event_id = t.event_id and s.updated_at <= t.updated_at
    )
    {%- endif -%}
{%- endmacro %}

{# The keys of `upstream` this model must build: on an incremental run, those not in the table yet
   (new, or deleted by the pre-hook because their inputs changed). #}
{% macro keys_to_build(upstream, key) -%}
    select distinct u.{{ key }}
    from {{ upstream }} u
    {% if is_incremental() -%}
    where not exists (select 1 from {{ this }} t where t.{{ key }} = u.{{ key }})
    {%- endif %}
{%- endmacro %}
