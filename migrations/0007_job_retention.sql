-- Per-job retention: delete inputs once finished, and/or everything a time after finishing. The job row stays as a
-- tombstone (purged_at), so a late request for its results gets "purged" instead of "no such job".
alter table jobs
    add column delete_inputs_on_completion boolean     not null default false,
    add column time_to_live                interval    null,
    add column inputs_purged_at            timestamptz null,
    add column purged_at                   timestamptz null;

create index jobs_retention_due on jobs (finished_at)
    where finished_at is not null and purged_at is null and (delete_inputs_on_completion or time_to_live is not null);

-- What each retention run removed: counts only, never content.
create table retention_runs (
    id                  bigserial   primary key,
    ran_at              timestamptz not null,
    jobs_inputs_deleted integer     not null,
    items_inputs_deleted integer    not null,
    jobs_purged         integer     not null,
    results_deleted     integer     not null,
    items_deleted       integer     not null
);
