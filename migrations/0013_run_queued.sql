-- When a single-run job's (a fine-tune's) Hangfire job was created. A worker killed between recording the job and
-- creating its run left it Queued for ever: a retried submission finds it by its idempotency key and starts nothing.
-- The maintenance sweep now starts again such jobs (run_queued_at null) a minute after they were submitted. Null for
-- chunked jobs, whose chunks record their own dispatch. New columns of an existing table need no grant: the runtime
-- role's rights from 0011_runtime_role.sql are on the whole table.
alter table jobs add column run_queued_at timestamptz null;

-- What the sweep looks for; few rows, since a job leaves Queued as soon as it starts.
create index jobs_unqueued_runs on jobs (submitted_at) where state = 'Queued' and run_queued_at is null;

-- Fine-tune jobs queued now were started by the code before this column existed (it cannot tell them from one a
-- crash left behind, so neither is started again).
update jobs set run_queued_at = submitted_at where job_type = 'FineTune' and state = 'Queued';
