{#
  Near-duplicate reports (int_event_clusters). Two reports of different articles are one happening
  when their paragraphs share an LSH band of their MinHash (extract/near_duplicates.py; the band key
  also holds the event type and sub-type, so the join is one equality) and nothing they say
  contradicts: a place both name, their days (int_report_signatures.report_day: the day named, else the
  publication day; a paragraph repeated on another day is background, not a copy), or their relative
  days in one undated dump.
#}

{#
  true, or false when nothing contradicts. An unknown place contradicts nothing (a copy may leave the
  town out), but days must agree: a dated report and an undated one never link, and undated reports
  link only on the same relative day. Links are transitive, so an undated report that could link to
  reports of two different days would make one event of them (the sample's «وبالأمس ... وكان استشهد
  أول أمس» copied into dated articles did: one event of two days, its toll no longer its figures').
#}
{% macro reports_contradict(a, b) -%}
    coalesce(
        ({{ a }}.place_key is not null and {{ b }}.place_key is not null and {{ a }}.place_key <> {{ b }}.place_key)
        or ({{ a }}.report_day is null) <> ({{ b }}.report_day is null)
        or {{ a }}.report_day <> {{ b }}.report_day
        or (
            {{ a }}.report_day is null and {{ b }}.report_day is null
            and coalesce({{ a }}.day_offset, 0) <> coalesce({{ b }}.day_offset, 0)
        ),
        false
    )
{%- endmacro %}

{# Pairs (left_key, right_key) of near-duplicate reports between two sets of int_report_signatures rows. #}
{% macro near_duplicate_links(left, right) -%}
    select distinct
        l.event_key as left_key,
        r.event_key as right_key
    from {{ left }} l
    inner join {{ ref('int_report_bands') }} lb on l.event_key = lb.event_key
    inner join {{ ref('int_report_bands') }} rb on lb.band_key = rb.band_key and lb.article_id <> rb.article_id
    inner join {{ right }} r on rb.event_key = r.event_key
    where not {{ reports_contradict('l', 'r') }}
{%- endmacro %}

{#
  int_event_clusters: a cluster is deleted whole (and rebuilt with every report it has now) when one
  of its reports is gone or re-extracted, or a new report has its signature or is a near-duplicate of
  one of its reports. Clusters are closed under both links, so the reports left untouched link to no
  report that is rebuilt, and rebuilding the deleted ones with the new reports gives what a full
  build gives.
#}
{% macro delete_touched_clusters() -%}
    {%- if is_incremental() -%}
    delete from {{ this }}
    where event_id in (
        with signatures as (
            select * from {{ ref('int_report_signatures') }}
        ),

        fresh as (
            select s.* from signatures s
            where not exists (
                select 1 from {{ this }} t
                where t.report_id = s.event_key and t.extracted_at = s.extracted_at
            )
        )

        select t.event_id from {{ this }} t
        where not exists (
            select 1 from signatures s
            where s.event_key = t.report_id and s.extracted_at = t.extracted_at
        )
        union
        select t.event_id from {{ this }} t
        inner join signatures o on t.report_id = o.event_key
        inner join fresh n on o.signature_id = n.signature_id
        union
        select t.event_id from {{ this }} t
        inner join ({{ near_duplicate_links('fresh', 'signatures') }}) k on t.report_id = k.right_key
    )
    {%- endif -%}
{%- endmacro %}

{# int_event_reports: rows whose cluster was rebuilt under another event_id, or whose report changed. #}
{% macro delete_reports_of_changed_clusters() -%}
    {%- if is_incremental() -%}
    delete from {{ this }} t
    where not exists (
        select 1 from {{ ref('int_event_clusters') }} c
        where c.report_id = t.event_key and c.event_id = t.event_id and c.extracted_at = t.extracted_at
    )
    {%- endif -%}
{%- endmacro %}
