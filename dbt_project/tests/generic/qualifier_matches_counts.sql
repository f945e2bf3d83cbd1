{# vague figures carry no number; exact and approx figures carry all three equal; a range has bounds. #}
{% test qualifier_matches_counts(model) %}
select * from {{ model }}
where (qualifier = 'vague' and (count_low is not null or count_best is not null or count_high is not null))
   or (qualifier in ('exact', 'approx') and (count_best is null or count_low <> count_best or count_high <> count_best))
   or (qualifier = 'range' and (count_low is null or count_high is null))
   or (qualifier = 'at_least' and count_low is null)
   or (qualifier = 'at_most' and count_high is null)
{% endtest %}
