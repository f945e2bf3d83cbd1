select
    event_type,
    sub_event_type,
    cast(violent as boolean) as is_violent,
    description
from {{ source('reference', 'event_types') }}
