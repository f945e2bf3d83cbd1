-- One row per English spelling of a first-level division, so a gazetteer's admin1 name finds its
-- ISO 3166-2 code and canonical name whichever spelling it uses.
with divisions as (
    select
        iso_3166_2,
        country as iso2,
        name_en,
        name_ar,
        nullif(ocha_pcode, '') as ocha_pcode,
        aliases_en
    from {{ source('reference', 'admin1') }}
),

aliases as (
    select
        iso_3166_2,
        unnest({{ split_to_array('aliases_en', '|') }}) as spelling
    from divisions
),

spellings as (
    select
        iso_3166_2,
        name_en as spelling
    from divisions
    union
    select
        iso_3166_2,
        trim(spelling) as spelling
    from aliases
)

select distinct
    d.iso_3166_2,
    d.iso2,
    d.name_en,
    d.name_ar,
    d.ocha_pcode,
    s.spelling
from divisions d
inner join spellings s using (iso_3166_2)
