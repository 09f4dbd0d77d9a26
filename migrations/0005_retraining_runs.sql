-- What each scheduled retraining decided: started a fine-tune job, or skipped (with the reason).
create table retraining_runs (
    id          bigserial   primary key,
    model_name  text        not null,
    decided_at  timestamptz not null,
    decision    text        not null,
    reason      text        not null,
    new_examples integer    not null,
    job_id      uuid        null,
    constraint retraining_runs_decision_valid check (decision in ('started', 'skipped'))
);

create index retraining_runs_by_model on retraining_runs (model_name, decided_at desc);
