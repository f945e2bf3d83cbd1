{# SQL that DuckDB and PostgreSQL spell differently; each macro gives the same value on both targets. #}

{# A delimited string as an array (for unnest). #}
{% macro split_to_array(expr, sep) -%}
    {%- if target.type == 'postgres' -%}string_to_array({{ expr }}, '{{ sep }}'){%- else -%}string_split({{ expr }}, '{{ sep }}'){%- endif -%}
{%- endmacro %}

{# The first 15 hex digits of an id (60 bits) as a positive bigint: a numeric id for formats that want one. #}
{% macro hex_to_bigint(expr) -%}
    {%- if target.type == 'postgres' -%}
    ('x' || lpad(left({{ expr }}, 15), 16, '0'))::bit(64)::bigint
    {%- else -%}
    cast('0x' || left({{ expr }}, 15) as bigint)
    {%- endif -%}
{%- endmacro %}

{# Whole seconds since 1970 of a timestamp (ACLED's `timestamp`). #}
{% macro epoch_seconds(expr) -%}
    cast(floor(extract(epoch from {{ expr }})) as bigint)
{%- endmacro %}
