using System.ComponentModel;
using Dapper;
using Hangfire;
using Npgsql;

namespace BatchWorkers.Worker.Jobs.Maintenance;

/// <summary>What one retention run removed (counts only).</summary>
public sealed record RetentionRun(int JobsInputsDeleted, int ItemsInputsDeleted, int JobsPurged, int ResultsDeleted, int ItemsDeleted);

/// <summary>
/// Applies each job's <see cref="Contracts.RetentionSettings"/> (recurring, every few minutes): inputs of finished
/// jobs that asked for it are deleted; jobs past their time to live lose their items and results and keep a
/// tombstone. Each run's counts go to <c>retention_runs</c>. Idempotent: a job is handled once, and a run cut short
/// by a crash is finished by the next (every step is one transaction).
/// </summary>
public sealed class JobRetention(NpgsqlDataSource dataSource, TimeProvider time, ILogger<JobRetention> logger)
{
    public const string RecurringJobId = "maintenance:apply-job-retention";

    [DisplayName("Apply per-job retention (delete inputs, purge expired jobs)")]
    [Queue("maintenance")]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var run = await ApplyAsync(time.GetUtcNow().UtcDateTime, cancellationToken);
        return $"inputs deleted: {run.ItemsInputsDeleted} items of {run.JobsInputsDeleted} jobs; purged: {run.JobsPurged} jobs "
               + $"({run.ResultsDeleted} results, {run.ItemsDeleted} items)";
    }

    /// <summary>Applies retention as of <paramref name="now"/>.</summary>
    public async Task<RetentionRun> ApplyAsync(DateTime now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inputs = await connection.QuerySingleAsync<(int Jobs, int Items)>(new CommandDefinition("""
            with due as (
                update jobs set inputs_purged_at = @now
                where finished_at is not null and delete_inputs_on_completion and inputs_purged_at is null and purged_at is null
                returning id),
            cleared as (
                update job_items set data = null, text_content = null, uri = null, sealed_input = null, input_key_id = null
                where job_id in (select id from due)
                  and (data is not null or text_content is not null or uri is not null or sealed_input is not null)
                returning 1)
            select (select count(*) from due)::int, (select count(*) from cleared)::int
            """, new { now }, transaction, cancellationToken: cancellationToken));
        var purged = await connection.QuerySingleAsync<(int Jobs, int Results, int Items)>(new CommandDefinition("""
            with due as (
                update jobs set purged_at = @now
                where finished_at is not null and time_to_live is not null and purged_at is null and finished_at + time_to_live <= @now
                returning id),
            results as (delete from item_results where job_id in (select id from due) returning 1),
            items as (delete from job_items where job_id in (select id from due) returning 1)
            select (select count(*) from due)::int, (select count(*) from results)::int, (select count(*) from items)::int
            """, new { now }, transaction, cancellationToken: cancellationToken));
        var run = new RetentionRun(inputs.Jobs, inputs.Items, purged.Jobs, purged.Results, purged.Items);
        if (run != new RetentionRun(0, 0, 0, 0, 0))
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into retention_runs (ran_at, jobs_inputs_deleted, items_inputs_deleted, jobs_purged, results_deleted, items_deleted)
                values (@now, @JobsInputsDeleted, @ItemsInputsDeleted, @JobsPurged, @ResultsDeleted, @ItemsDeleted)
                """, new { now, run.JobsInputsDeleted, run.ItemsInputsDeleted, run.JobsPurged, run.ResultsDeleted, run.ItemsDeleted },
                transaction, cancellationToken: cancellationToken));
            logger.LogInformation(
                "Retention: deleted the inputs of {Items} items of {Jobs} jobs; purged {Purged} expired jobs ({Results} results, {PurgedItems} items)",
                run.ItemsInputsDeleted, run.JobsInputsDeleted, run.JobsPurged, run.ResultsDeleted, run.ItemsDeleted);
        }

        await transaction.CommitAsync(cancellationToken);
        return run;
    }
}
