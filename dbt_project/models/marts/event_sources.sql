-- Every report behind an event: which article said it, in which sentence. An event merged from
-- several articles lists them all, so each figure stays traceable to its source.
select
    c.event_id,
    r.event_key as report_id,
    r.article_id,
    r.published_at,
    r.sentence_index,
    r.trigger_text,
    r.date_text,
    r.fatalities,
    r.evidence,
    c.report_rank
from {{ ref('int_event_reports') }} r
join {{ ref('int_event_clusters') }} c using (event_key)
