select
    actor_id,
    name_en,
    name_ar,
    actor_type,
    aliases_ar
from {{ source('reference', 'actors') }}
