using System.Text.Json;
using BatchWorkers.Contracts;
using Dapper;
using Npgsql;

namespace BatchWorkers.Worker.Explainability;

/// <summary>
/// The <c>explanations</c> and <c>explanation_assets</c> tables. A report is requested once (the first request wins)
/// and stored once: completing a report that is already done changes nothing.
/// </summary>
public sealed class ExplanationStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>Records pending reports; returns the items that were newly requested.</summary>
    public async Task<IReadOnlyList<int>> RequestAsync(Guid jobId, IReadOnlyList<int> itemIndexes, string kind, CancellationToken cancellationToken)
    {
        if (itemIndexes.Count == 0)
        {
            return [];
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var inserted = await connection.QueryAsync<int>(new CommandDefinition("""
            insert into explanations (job_id, item_index, kind, state, requested_at)
            select @jobId, i, @kind, 'pending', @now from unnest(@itemIndexes) as i
            on conflict (job_id, item_index) do nothing
            returning item_index
            """, new { jobId, itemIndexes = itemIndexes.ToArray(), kind, now = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
        return inserted.AsList();
    }

    /// <summary>Stores a finished report unless one is already stored (a retried or duplicated run).</summary>
    /// <returns>Whether this call stored it.</returns>
    public async Task<bool> CompleteAsync(Guid jobId, int itemIndex, ExplanationReport report, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var updated = await connection.ExecuteAsync(new CommandDefinition("""
            update explanations set state = 'done', kind = @Kind, report = cast(@ReportJson as jsonb), error = null, completed_at = @now
            where job_id = @jobId and item_index = @itemIndex and state <> 'done'
            """, new { jobId, itemIndex, report.Kind, report.ReportJson, now = time.GetUtcNow().UtcDateTime }, transaction,
            cancellationToken: cancellationToken));
        foreach (var asset in report.Assets)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                insert into explanation_assets (job_id, item_index, name, content_type, content)
                values (@jobId, @itemIndex, @Name, @ContentType, @Content)
                on conflict (job_id, item_index, name) do nothing
                """, new { jobId, itemIndex, asset.Name, asset.ContentType, asset.Content }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return updated == 1;
    }

    public async Task FailAsync(Guid jobId, int itemIndex, string error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            update explanations set state = 'failed', error = @error, completed_at = @now
            where job_id = @jobId and item_index = @itemIndex and state = 'pending'
            """, new { jobId, itemIndex, error, now = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
    }

    public async Task<ItemExplanation?> GetAsync(Guid jobId, int itemIndex, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            select e.job_id, e.item_index, e.kind, e.state, e.report::text as report, e.error, e.requested_at, e.completed_at,
                   coalesce((select array_agg(a.name order by a.name) from explanation_assets a
                             where a.job_id = e.job_id and a.item_index = e.item_index), '{}') as assets
            from explanations e where e.job_id = @jobId and e.item_index = @itemIndex
            """, new { jobId, itemIndex }, cancellationToken: cancellationToken));
        return row?.ToExplanation();
    }

    public async Task<(string ContentType, byte[] Content)?> GetAssetAsync(Guid jobId, int itemIndex, string name, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string ContentType, byte[] Content)?>(new CommandDefinition(
            "select content_type, content from explanation_assets where job_id = @jobId and item_index = @itemIndex and name = @name",
            new { jobId, itemIndex, name }, cancellationToken: cancellationToken));
        return row;
    }

    public async Task<ExplanationCounts?> CountsAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = await connection.QuerySingleAsync<(int Requested, int Done, int Failed)>(new CommandDefinition("""
            select count(*)::int, (count(*) filter (where state = 'done'))::int, (count(*) filter (where state = 'failed'))::int
            from explanations where job_id = @jobId
            """, new { jobId }, cancellationToken: cancellationToken));
        return counts.Requested == 0 ? null : new ExplanationCounts(counts.Requested, counts.Done, counts.Failed);
    }

    /// <summary>Item index → report state, for a job's report page.</summary>
    public async Task<IReadOnlyDictionary<int, string>> StatesAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(int ItemIndex, string State)>(new CommandDefinition(
            "select item_index, state from explanations where job_id = @jobId", new { jobId }, cancellationToken: cancellationToken));
        return rows.ToDictionary(r => r.ItemIndex, r => r.State);
    }

    /// <summary>Notes that the reports' Hangfire jobs are queued, so the sweeper leaves them to the queue.</summary>
    public async Task MarkQueuedAsync(Guid jobId, IReadOnlyList<int> itemIndexes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "update explanations set queued_at = @now where job_id = @jobId and item_index = any(@itemIndexes) and state = 'pending'",
            new { jobId, itemIndexes = itemIndexes.ToArray(), now = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Pending reports to queue again: never queued and requested before <paramref name="unqueuedBefore"/> (a worker
    /// killed between recording and queueing them), or queued before <paramref name="queuedBefore"/> (a lost job).
    /// </summary>
    public async Task<IReadOnlyList<(Guid JobId, int ItemIndex)>> StalePendingAsync(DateTime unqueuedBefore, DateTime queuedBefore, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<(Guid, int)>(new CommandDefinition("""
            select job_id, item_index from explanations
            where state = 'pending' and (queued_at is null and requested_at < @unqueuedBefore or queued_at < @queuedBefore)
            limit 1000
            """, new { unqueuedBefore, queuedBefore }, cancellationToken: cancellationToken))).AsList();
    }

    private sealed class Row
    {
        public Guid JobId { get; init; }
        public int ItemIndex { get; init; }
        public string Kind { get; init; } = "";
        public string State { get; init; } = "";
        public string? Report { get; init; }
        public string? Error { get; init; }
        public DateTime RequestedAt { get; init; }
        public DateTime? CompletedAt { get; init; }
        public string[] Assets { get; init; } = [];

        public ItemExplanation ToExplanation() => new(
            JobId, ItemIndex, Kind, State, Report is null ? null : JsonDocument.Parse(Report).RootElement.Clone(), Assets, Error,
            new DateTimeOffset(DateTime.SpecifyKind(RequestedAt, DateTimeKind.Utc)),
            CompletedAt is { } completed ? new DateTimeOffset(DateTime.SpecifyKind(completed, DateTimeKind.Utc)) : null);
    }
}
