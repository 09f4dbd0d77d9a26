-- Sensitive jobs keep their items' inputs and results only as AES-GCM ciphertext ("sealed"), tagged with the id of the
-- data key that sealed them, so keys can be rotated row by row.
alter table jobs add column sensitive boolean not null default false;

alter table job_items
    add column sealed_input  bytea null,
    add column input_key_id  text  null;

alter table item_results
    add column sealed_output bytea null,
    add column output_key_id text  null;

-- Rotation finds rows sealed with an old key.
create index job_items_by_key on job_items (input_key_id) where input_key_id is not null;
create index item_results_by_key on item_results (output_key_id) where output_key_id is not null;
