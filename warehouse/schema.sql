-- Raw, extracted and ops layers, owned by the Python tasks. dbt reads them as sources and owns `marts`.
-- Every statement is idempotent: the schema is applied at the start of each writer task.
create schema if not exists raw;
create schema if not exists extracted;
create schema if not exists reference;
create schema if not exists ops;

-- One row per input file ever loaded, keyed by the content hash so a renamed copy is not loaded twice.
create table if not exists raw.files (
    file_sha256      varchar primary key,
    path             varchar not null,
    kind             varchar not null,      -- paragraph_dump | jsonl
    size_bytes       bigint not null,
    file_date        date,                  -- date taken from the file name, if any
    articles_seen    integer not null,
    articles_loaded  integer not null,
    quarantined      integer not null,
    batch_id         varchar not null,
    loaded_at        timestamp not null,
    encoding         varchar                -- what the bytes were decoded as (utf-8, utf-16, cp1256, ...)
);
alter table raw.files add column if not exists encoding varchar;

create table if not exists raw.articles (
    article_id       varchar primary key,   -- sha256 of source + normalised body
    source           varchar not null,
    url              varchar,
    external_id      varchar,               -- the feed's own id, when it gives one
    published_at     timestamp,
    title            varchar,
    body             varchar not null,      -- paragraphs joined by newlines
    paragraph_count  integer not null,
    file_sha256      varchar not null,
    position_in_file integer not null,      -- first line (dump) or line number (jsonl)
    batch_id         varchar not null,
    loaded_at        timestamp not null
);

create table if not exists raw.quarantine (
    quarantine_id    varchar primary key,   -- sha256 of file hash + position + reason
    file_sha256      varchar,
    path             varchar not null,
    position         integer,               -- line number, NULL for a whole file
    reason           varchar not null,
    detail           varchar,
    payload          varchar,               -- the offending input, truncated
    batch_id         varchar not null,
    quarantined_at   timestamp not null,
    -- Where it was refused: ingest (bad input), extract (the extractor raised or gave rows that break
    -- an invariant), gate (a failed expectation named its rows) or operator (withdrawn). Articles held
    -- back at extract or gate stay in raw.articles, out of the marts, until released or re-extracted.
    stage            varchar,
    article_id       varchar,
    extractor_version varchar,
    released_at      timestamp,
    released_why     varchar
);
alter table raw.quarantine add column if not exists stage varchar;
alter table raw.quarantine add column if not exists article_id varchar;
alter table raw.quarantine add column if not exists extractor_version varchar;
alter table raw.quarantine add column if not exists released_at timestamp;
alter table raw.quarantine add column if not exists released_why varchar;

-- Extraction output: one row set per article and extractor version, replaced as a whole. The row
-- tables have no primary key on purpose: at a million articles their indexes alone outgrow the
-- memory cap. Keys are unique by construction (content hashes, deduplicated per article before the
-- insert) and dbt's source tests check them on every build.
create table if not exists extracted.article_status (
    article_id        varchar primary key,
    extractor_version varchar not null,
    batch_id          varchar not null,
    n_sentences       integer not null,
    n_events          integer not null,
    n_casualties      integer not null,
    extracted_at      timestamp not null,
    -- true while the article is held back (raw.quarantine says why): it has no extracted rows and
    -- stays out of the marts; a new extractor version or `warehouse.cli release` tries it again
    held_back         boolean not null default false
);
alter table extracted.article_status add column if not exists held_back boolean default false;

create table if not exists extracted.events (
    event_key        varchar not null,
    article_id       varchar not null,
    sentence_index   integer not null,
    event_type       varchar not null,
    sub_event_type   varchar not null,
    trigger_text     varchar not null,
    event_date       date,
    date_precision   varchar not null,
    date_text        varchar,
    day_offset       integer,                -- days from publication (0 today, -1 yesterday); NULL unknown
    place_key        varchar,
    fatalities       integer,
    no_actor_reason  varchar,
    evidence         varchar not null,
    evidence_start   integer not null,
    evidence_end     integer not null,
    batch_id         varchar not null
);

-- warehouses created before events had their own day
alter table extracted.events add column if not exists day_offset integer;

create table if not exists extracted.event_actors (
    event_key  varchar not null,
    actor_id   varchar not null,
    role       varchar not null,
    surface    varchar not null,
    batch_id   varchar not null
);

create table if not exists extracted.casualties (
    casualty_key     varchar not null,
    article_id       varchar not null,
    event_key        varchar,
    outcome          varchar not null,
    victim_group     varchar not null,
    victim_actor_id  varchar,
    count_low        bigint,
    count_best       bigint,
    count_high       bigint,
    qualifier        varchar not null,
    is_breakdown     boolean not null,       -- a sub-count (بينهم ...) of another figure
    is_tally         boolean not null,       -- a cumulative figure over a period, not one event
    reported_by      varchar,
    is_claim         boolean not null,       -- one side's claim (a belligerent reports it)
    evidence         varchar not null,       -- the exact span
    evidence_start   integer not null,
    evidence_end     integer not null,
    sentence         varchar not null,
    batch_id         varchar not null
);
-- Within-article restatements and superseded tolls (extract/article.py _mark_restatements): added
-- to warehouses made before them too; NULL on a figure the article states first and last.
alter table extracted.casualties add column if not exists repeats_casualty_key varchar;  -- the row it restates
alter table extracted.casualties add column if not exists superseded_by varchar;         -- the later toll that replaced it

-- Places the text names: gazetteer hits and unknown places (no coordinates, never guessed).
create table if not exists extracted.places (
    place_key        varchar primary key,    -- gazetteer id, or unknown:<normalised Arabic>
    name_ar          varchar not null,
    in_gazetteer     boolean not null,
    first_article_id varchar not null,
    batch_id         varchar not null,
    admin1_iso       varchar,                -- unknown place: its governorate as the first article's context gives it
    example          varchar                 -- unknown place: the first sentence naming it
);
-- warehouses created before the national gazetteer
alter table extracted.places add column if not exists admin1_iso varchar;
alter table extracted.places add column if not exists example varchar;

create table if not exists extracted.article_mentions (
    article_id varchar not null,
    kind       varchar not null,             -- actor | place | reporter
    key        varchar not null,
    surface    varchar not null,
    start_char integer not null,
    batch_id   varchar not null
);

-- Ops ledger: what ran, what it read and wrote, and how it ended.
create table if not exists ops.task_runs (
    run_id           varchar not null,
    task_id          varchar not null,
    try_number       integer not null,
    started_at       timestamp not null,
    finished_at      timestamp,
    outcome          varchar not null,        -- running | success | failed
    rows_read        bigint,
    rows_loaded      bigint,
    rows_skipped     bigint,
    rows_quarantined bigint,
    detail           varchar,
    hostname         varchar,                 -- the worker that ran it (warehouse.ledger.worker_name)
    primary key (run_id, task_id, try_number)
);
alter table ops.task_runs add column if not exists hostname varchar;

create table if not exists ops.validations (
    run_id          varchar not null,
    batch_id        varchar not null,
    suite           varchar not null,
    expectation     varchar not null,
    column_name     varchar,
    severity        varchar not null,          -- error | warning
    success         boolean not null,
    element_count   bigint,
    unexpected_count bigint,
    detail          varchar,
    validated_at    timestamp not null
);

-- Each validated batch's volume and quality shares: the gate learns its bands from published runs.
create table if not exists ops.batch_profiles (
    run_id                  varchar primary key,
    batch_articles          bigint,
    events_per_article      double,
    casualties_per_article  double,
    events_without_place    double,
    places_not_in_gazetteer double,
    unknown_victim_groups   double,
    vague_qualifiers        double,
    validated_at            timestamp default current_timestamp
);

create table if not exists ops.publications (
    run_id        varchar not null,
    published_at  timestamp not null,
    articles      bigint not null,
    events        bigint not null,
    casualties    bigint not null,
    outcome       varchar not null,
    detail        varchar
);

-- Live sources: per-source fetch state (for conditional GETs) and every feed entry version seen.
create table if not exists raw.source_state (
    source         varchar primary key,
    etag           varchar,
    last_modified  varchar,
    last_fetch_at  timestamp,
    last_status    varchar,          -- ok | not_modified | failed
    last_error     varchar,
    entries_seen   integer
);

create table if not exists raw.source_entries (
    source        varchar not null,
    entry_id      varchar not null,   -- the feed's guid, or the link
    version       integer not null,   -- 1, then +1 each time the article's text changes upstream
    content_hash  varchar not null,
    article_id    varchar not null,
    url           varchar,
    batch_id      varchar not null,
    fetched_at    timestamp not null,
    primary key (source, entry_id, version)
);

-- One row per DAG run, derived from its tasks: "what happened at 03:00" is one query.
create or replace view ops.runs as
select
    run_id,
    -- Airflow run ids end with the run's timestamp (scheduled__2026-11-25T03:00:00+00:00)
    max(try_cast(regexp_extract(run_id, '__(.+)$', 1) as timestamptz)) as run_at,
    min(started_at) as started_at,
    max(finished_at) as finished_at,
    case when bool_or(outcome = 'failed') then 'failed'
         when bool_or(outcome = 'running') then 'running'
         when bool_or(task_id = 'report' and outcome = 'success')
              and coalesce(max(rows_quarantined) filter (where task_id = 'validate'), 0) > 0
              then 'published_with_held_back'
         -- nothing new: dbt, validate and publish skipped, the snapshot of an earlier run stands
         when bool_or(task_id = 'publish' and outcome = 'skipped')
              and bool_or(task_id = 'report' and outcome = 'success') then 'unchanged'
         when bool_or(task_id = 'report' and outcome = 'success') then 'published'
         else 'incomplete' end as outcome,
    max(rows_read) filter (where task_id = 'discover_inputs') as files_seen,
    max(rows_loaded) filter (where task_id = 'load_raw') as articles_loaded,
    max(rows_loaded) filter (where task_id = 'fetch_feeds') as feed_articles_loaded,
    sum(rows_quarantined) as rows_quarantined,
    max(rows_read) filter (where task_id = 'extract') as articles_extracted,
    -- articles kept out of this run's publication (extract or gate); raw.quarantine says why
    max(rows_quarantined) filter (where task_id = 'validate') as articles_held_back,
    max(rows_read) filter (where task_id = 'validate') as rows_validated,
    max(rows_loaded) filter (where task_id = 'publish') as rows_published,
    string_agg(task_id || ': ' || json_extract_string(detail, '$.error'), '; ')
        filter (where outcome = 'failed') as failures,
    max(json_extract_string(detail, '$.reason')) filter (where task_id = 'publish' and outcome = 'skipped')
        as skipped_because
from ops.task_runs
group by run_id;

-- Places the text marks («قرية X», «بلدة X», «مخيم X») that the gazetteer lacks: what a data
-- engineer reviews to extend it (extract/lexicons/places.csv), most named first.
create or replace view ops.unknown_places as
select
    p.name_ar as name,
    p.place_key,
    count(m.article_id) as mentions,
    count(distinct m.article_id) as articles,
    p.admin1_iso,
    p.example,
    p.first_article_id
from extracted.places p
left join extracted.article_mentions m on m.kind = 'place' and m.key = p.place_key
where not p.in_gazetteer
group by p.name_ar, p.place_key, p.admin1_iso, p.example, p.first_article_id
order by mentions desc, name;
