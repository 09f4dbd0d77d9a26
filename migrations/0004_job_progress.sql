-- The latest progress of a single-run job (training: epoch, step, loss, accuracy), shown by the API and the CLI.
alter table jobs add column progress jsonb null;
