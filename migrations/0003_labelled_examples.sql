-- Labelled examples for training: added through the API or a message, or corrections of past predictions.
-- The same example (content and label) added twice for a model is stored once.

create table labelled_examples (
    id                  bigserial   primary key,
    model_name          text        not null,
    label               text        not null,
    data                bytea       null,
    uri                 text        null,
    content_sha256      text        not null,
    source              text        not null,
    source_job_id       uuid        null,
    source_item_index   integer     null,
    added_at            timestamptz not null,
    constraint labelled_examples_one_source check ((data is null) <> (uri is null)),
    constraint labelled_examples_source_valid check (source in ('api', 'message', 'correction')),
    constraint labelled_examples_unique unique (model_name, content_sha256, label)
);

create index labelled_examples_by_model on labelled_examples (model_name, id);
