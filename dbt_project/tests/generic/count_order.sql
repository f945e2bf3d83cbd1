{# Rows where the estimates are out of order: low <= best <= high wherever both are known. #}
{% test count_order(model, low, best, high) %}
select * from {{ model }}
where ({{ low }} is not null and {{ best }} is not null and {{ low }} > {{ best }})
   or ({{ best }} is not null and {{ high }} is not null and {{ best }} > {{ high }})
   or ({{ low }} is not null and {{ high }} is not null and {{ low }} > {{ high }})
{% endtest %}
