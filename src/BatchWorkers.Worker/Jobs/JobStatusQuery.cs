using BatchWorkers.Contracts;
using Dapper;
using Npgsql;

namespace BatchWorkers.Worker.Jobs;

/// <summary>Jobs with their progress, as the API and the CLI show them.</summary>
public sealed class JobStatusQuery(NpgsqlDataSource dataSource)
{
    private const string Select = """
        select j.id, j.job_type as JobType, j.model_name, j.model_version, j.priority::int as priority, j.state, j.error,
               j.idempotency_key, j.total_items, j.chunk_count, j.submitted_at, j.started_at, j.finished_at, j.progress::text as progress,
               j.inputs_purged_at, j.purged_at, x.explanations_requested, x.explanations_done, x.explanations_failed,
               coalesce(r.completed, 0)::int as completed_items, coalesce(r.succeeded, 0)::int as succeeded_items,
               (select count(*) from job_chunks c where c.job_id = j.id and c.state <> 'Pending')::int as chunks_done
        from jobs j
        left join lateral (
            select count(*) as completed, count(*) filter (where succeeded) as succeeded
            from item_results where job_id = j.id) r on true
        left join lateral (
            select count(*)::int as explanations_requested, (count(*) filter (where state = 'done'))::int as explanations_done,
                   (count(*) filter (where state = 'failed'))::int as explanations_failed
            from explanations where job_id = j.id) x on true
        """;

    public async Task<JobStatus?> GetAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{Select} where j.id = @jobId", new { jobId }, cancellationToken: cancellationToken));
        return row?.ToStatus();
    }

    public async Task<IReadOnlyList<JobStatus>> ListRecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select} order by j.submitted_at desc limit @limit", new { limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToStatus()).ToList();
    }

    private sealed class Row
    {
        public Guid Id { get; init; }
        public JobType JobType { get; init; }
        public string ModelName { get; init; } = "";
        public string? ModelVersion { get; init; }
        public JobPriority Priority { get; init; }
        public JobState State { get; init; }
        public string? Error { get; init; }
        public string? IdempotencyKey { get; init; }
        public int TotalItems { get; init; }
        public int ChunkCount { get; init; }
        public DateTime SubmittedAt { get; init; }
        public DateTime? StartedAt { get; init; }
        public DateTime? FinishedAt { get; init; }
        public int CompletedItems { get; init; }
        public int SucceededItems { get; init; }
        public int ChunksDone { get; init; }
        public string? Progress { get; init; }
        public DateTime? InputsPurgedAt { get; init; }
        public DateTime? PurgedAt { get; init; }
        public int ExplanationsRequested { get; init; }
        public int ExplanationsDone { get; init; }
        public int ExplanationsFailed { get; init; }

        public JobStatus ToStatus() => new(
            Id, JobType, ModelName, ModelVersion, Priority, State, Error, IdempotencyKey, TotalItems, CompletedItems,
            SucceededItems, CompletedItems - SucceededItems, ChunkCount, ChunksDone, Utc(SubmittedAt),
            StartedAt is { } started ? Utc(started) : null, FinishedAt is { } finished ? Utc(finished) : null,
            Progress is null ? null : System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(Progress),
            InputsPurgedAt is { } inputsPurged ? Utc(inputsPurged) : null, PurgedAt is { } purged ? Utc(purged) : null,
            ExplanationsRequested == 0 ? null : new ExplanationCounts(ExplanationsRequested, ExplanationsDone, ExplanationsFailed));

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }
}
