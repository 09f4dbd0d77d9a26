-- The model registry: every model version the workers may serve, where its artifact is, what it scored, and its
-- stage. At most one production version per model name; promotions keep their decision and numbers.

create table model_versions (
    name              text        not null,
    version           text        not null,
    task              text        not null,
    artifact_path     text        not null,
    sha256            text        not null,
    metrics           jsonb       not null default '{}'::jsonb,
    parent_version    text        null,
    produced_by_job   uuid        null,
    stage             text        not null default 'candidate',
    registered_at     timestamptz not null,
    stage_changed_at  timestamptz not null,
    primary key (name, version),
    constraint model_versions_stage_valid check (stage in ('candidate', 'production', 'archived'))
);

-- Two replicas promoting at once cannot both win.
create unique index model_versions_one_production on model_versions (name) where stage = 'production';

create table model_promotions (
    id              bigserial   primary key,
    name            text        not null,
    from_version    text        null,
    to_version      text        not null,
    kind            text        not null,
    decision        text        not null,
    reason          text        not null,
    decided_by      text        not null,
    decided_at      timestamptz not null,
    constraint model_promotions_kind_valid check (kind in ('initial', 'gate', 'manual', 'rollback')),
    constraint model_promotions_decision_valid check (decision in ('promoted', 'refused'))
);

create index model_promotions_by_model on model_promotions (name, decided_at desc);
