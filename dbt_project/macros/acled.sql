{# ACLED's codes (ACLED codebook: actor types and inter codes, time and spatial precision). #}

{# Inter code of an ACLED actor type; 0 is ACLED's code for "no actor" (a sole-actor event's inter2). #}
{% macro acled_inter(actor_type) -%}
    case {{ actor_type }}
        when 'State forces' then 1
        when 'Rebel group' then 2
        when 'Political militia' then 3
        when 'Identity militia' then 4
        when 'Rioters' then 5
        when 'Protesters' then 6
        when 'Civilians' then 7
        when 'External/Other forces' then 8
        else 0
    end
{%- endmacro %}

{# Interaction: the two inter codes as one number, smaller first (12 = state forces vs rebels); a
   sole actor's code times ten (10 = state forces alone). #}
{% macro acled_interaction(inter1, inter2) -%}
    case
        when {{ inter2 }} = 0 then {{ inter1 }} * 10
        when {{ inter1 }} = 0 then {{ inter2 }} * 10
        else least({{ inter1 }}, {{ inter2 }}) * 10 + greatest({{ inter1 }}, {{ inter2 }})
    end
{%- endmacro %}
