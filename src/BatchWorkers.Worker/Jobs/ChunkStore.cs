using Dapper;
using Npgsql;

namespace BatchWorkers.Worker.Jobs;

/// <summary>The <c>job_chunks</c> table: which chunks exist, which are pending, and when they were dispatched.</summary>
public sealed class ChunkStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task<ChunkRecord?> GetAsync(Guid jobId, int chunkIndex, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ChunkRecord>(new CommandDefinition("""
            select job_id, chunk_index, first_item, item_count, state, dispatch_count
            from job_chunks where job_id = @jobId and chunk_index = @chunkIndex
            """, new { jobId, chunkIndex }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Pending chunks last dispatched before <paramref name="dispatchedBefore"/>, or never dispatched although their
    /// job was recorded before it. A chunk not yet dispatched in a job recorded since is not stuck: its intake is
    /// still publishing the job's chunks (seconds for a large job on a busy machine), and sending it again then
    /// would put every such chunk on the queue twice.
    /// </summary>
    public async Task<IReadOnlyList<ChunkToDispatch>> ListStuckAsync(DateTime dispatchedBefore, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<ChunkToDispatch>(new CommandDefinition("""
            select c.job_id, c.chunk_index, j.job_type as JobType, j.priority::int as priority
            from job_chunks c join jobs j on j.id = c.job_id
            where c.state = 'Pending' and j.state in ('Queued', 'Running')
              and coalesce(c.dispatched_at, j.submitted_at) < @dispatchedBefore
            order by j.priority desc, c.dispatched_at nulls first
            limit @limit
            """, new { dispatchedBefore, limit }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task<IReadOnlyList<int>> ListPendingIndexesAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<int>(new CommandDefinition(
            "select chunk_index from job_chunks where job_id = @jobId and state = 'Pending' order by chunk_index",
            new { jobId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    public async Task MarkDispatchedAsync(Guid jobId, IReadOnlyList<int> chunkIndexes, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            update job_chunks set dispatched_at = @now, dispatch_count = dispatch_count + 1
            where job_id = @jobId and chunk_index = any(@chunkIndexes)
            """, new { jobId, chunkIndexes = chunkIndexes.ToArray(), now = time.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken));
    }

    /// <summary>Closes a pending chunk as Done, Failed or Cancelled; a chunk already closed stays as it is.</summary>
    public async Task CloseAsync(Guid jobId, int chunkIndex, string state, string? error, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            update job_chunks set state = @state, error = @error, completed_at = @now
            where job_id = @jobId and chunk_index = @chunkIndex and state = 'Pending'
            """, new { jobId, chunkIndex, state, error, now = time.GetUtcNow().UtcDateTime }, cancellationToken: cancellationToken));
    }
}

public sealed class ChunkRecord
{
    public Guid JobId { get; init; }
    public int ChunkIndex { get; init; }
    public int FirstItem { get; init; }
    public int ItemCount { get; init; }
    public string State { get; init; } = "Pending";
    public int DispatchCount { get; init; }
}

public sealed class ChunkToDispatch
{
    public Guid JobId { get; init; }
    public int ChunkIndex { get; init; }
    public BatchWorkers.Contracts.JobType JobType { get; init; }
    public BatchWorkers.Contracts.JobPriority Priority { get; init; }
}
