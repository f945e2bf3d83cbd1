select
    reporter_id,
    name_en,
    name_ar,
    kind
from {{ source('reference', 'reporters') }}
