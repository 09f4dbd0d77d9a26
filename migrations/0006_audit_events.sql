-- Who did what with a job: submissions, reads of its status and results, cancellations. Identities only (API key
-- name, operator, "local", "rabbitmq"), never secrets or content.
create table audit_events (
    id              bigserial   primary key,
    at              timestamptz not null default now(),
    actor           text        not null,
    actor_kind      text        not null,
    source_address  text        null,
    action          text        not null,
    job_id          uuid        null,
    detail          jsonb       not null default '{}'::jsonb
);

create index audit_events_by_job on audit_events (job_id, at);
create index audit_events_by_time on audit_events (at desc);
