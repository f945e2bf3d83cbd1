{# A deterministic id: the first 20 hex digits of md5 over the parts, so rebuilds give the same ids. #}
{% macro stable_id(parts) -%}
    left(md5({% for p in parts %}coalesce(cast({{ p }} as varchar), '∅'){% if not loop.last %} || '|' || {% endif %}{% endfor %}), 20)
{%- endmacro %}
