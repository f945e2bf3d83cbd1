-- First-level divisions of Syria and its neighbours (extract/lexicons/admin1.csv).
select
    iso_3166_2,
    country,
    name_en,
    name_ar,
    nullif(ocha_pcode, '') as ocha_pcode
from {{ source('reference', 'admin1') }}
