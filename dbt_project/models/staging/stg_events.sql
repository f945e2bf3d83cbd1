select
    event_key,
    article_id,
    sentence_index,
    event_type,
    sub_event_type,
    trigger_text,
    cast(event_date as date) as event_date,
    date_precision,
    date_text,
    day_offset,
    place_key,
    fatalities,
    no_actor_reason,
    evidence,
    evidence_start,
    evidence_end,
    batch_id
from {{ source('extracted', 'events') }}
