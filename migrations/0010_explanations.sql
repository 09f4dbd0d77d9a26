-- Explanation reports, one per explained item, stored beside the results they explain (and deleted with the job).
alter table jobs add column explain jsonb null;

create table explanations (
    job_id          uuid        not null references jobs (id) on delete cascade,
    item_index      integer     not null,
    kind            text        not null,
    state           text        not null,
    report          jsonb       null,
    error           text        null,
    requested_at    timestamptz not null,
    completed_at    timestamptz null,
    primary key (job_id, item_index),
    constraint explanations_state_valid check (state in ('pending', 'done', 'failed'))
);

create index explanations_pending on explanations (requested_at) where state = 'pending';

-- A report's pictures and pages (heatmap PNG, token HTML, training charts).
create table explanation_assets (
    job_id          uuid    not null,
    item_index      integer not null,
    name            text    not null,
    content_type    text    not null,
    content         bytea   not null,
    primary key (job_id, item_index, name),
    foreign key (job_id, item_index) references explanations (job_id, item_index) on delete cascade
);
