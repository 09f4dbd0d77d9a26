-- Jobs, their items, the chunks they are split into, and one result (or error) per item.
-- Forward-only: never edit a migration once it has landed; add a new numbered file instead.

create table jobs (
    id                      uuid primary key,
    job_type                text        not null,
    model_name              text        not null,
    model_version           text        null,
    priority                smallint    not null,
    idempotency_key         text        null unique,
    state                   text        not null,
    error                   text        null,
    parameters              jsonb       not null default '{}'::jsonb,
    total_items             integer     not null,
    chunk_size              integer     not null,
    chunk_count             integer     not null,
    submitted_via           text        not null,
    submitted_at            timestamptz not null,
    started_at              timestamptz null,
    finished_at             timestamptz null,
    -- Set once JobCompleted/JobFailed went out; a sweeper re-publishes events a crash left unsent.
    event_published_at      timestamptz null,
    constraint jobs_state_valid check (state in ('Queued', 'Running', 'Succeeded', 'PartiallySucceeded', 'Failed', 'Cancelled'))
);

create index jobs_submitted_at on jobs (submitted_at desc);
create index jobs_unpublished on jobs (finished_at) where finished_at is not null and event_published_at is null;

create table job_items (
    job_id          uuid     not null references jobs (id) on delete cascade,
    item_index      integer  not null,
    name            text     null,
    uri             text     null,
    text_content    text     null,
    data            bytea    null,
    -- An error found at intake (for example an inline item over the size limit); the chunk records it as the result.
    intake_error_code text   null,
    intake_error    text     null,
    primary key (job_id, item_index)
);

create table job_chunks (
    job_id          uuid        not null references jobs (id) on delete cascade,
    chunk_index     integer     not null,
    first_item      integer     not null,
    item_count      integer     not null,
    state           text        not null default 'Pending',
    dispatch_count  integer     not null default 0,
    dispatched_at   timestamptz null,
    completed_at    timestamptz null,
    error           text        null,
    primary key (job_id, chunk_index),
    constraint job_chunks_state_valid check (state in ('Pending', 'Done', 'Failed', 'Cancelled'))
);

create index job_chunks_pending on job_chunks (dispatched_at) where state = 'Pending';

create table item_results (
    job_id              uuid        not null references jobs (id) on delete cascade,
    item_index          integer     not null,
    succeeded           boolean     not null,
    output              jsonb       null,
    error_code          text        null,
    error               text        null,
    model_version       text        null,
    execution_provider  text        null,
    worker              text        null,
    duration_ms         double precision not null default 0,
    completed_at        timestamptz not null,
    -- One result per item, whatever the number of deliveries: writers insert with ON CONFLICT DO NOTHING.
    primary key (job_id, item_index)
);
