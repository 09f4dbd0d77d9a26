using System.Runtime.CompilerServices;
using BatchWorkers.Contracts;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace BatchWorkers.Worker.Jobs;

/// <summary>The <c>item_results</c> table. Writes are idempotent: the first result of an item wins.</summary>
public sealed class ResultStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    private static readonly string WorkerName = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Items of a chunk's range that have no result yet (a redelivered chunk skips what is done).</summary>
    public async Task<IReadOnlyList<PendingItem>> LoadPendingAsync(Guid jobId, int firstItem, int count, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PendingItem>(new CommandDefinition("""
            select i.item_index, i.name, i.uri, i.text_content, i.data, i.intake_error_code, i.intake_error
            from job_items i
            where i.job_id = @jobId and i.item_index >= @firstItem and i.item_index < @end
              and not exists (select 1 from item_results r where r.job_id = i.job_id and r.item_index = i.item_index)
            order by i.item_index
            """, new { jobId, firstItem, end = firstItem + count }, cancellationToken: cancellationToken));
        return rows.AsList();
    }

    /// <summary>Writes outcomes; an item that already has a result keeps it. Returns how many were new.</summary>
    public async Task<int> WriteAsync(Guid jobId, IReadOnlyList<ItemOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0)
        {
            return 0;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            insert into item_results (job_id, item_index, succeeded, output, error_code, error, model_version,
                                      execution_provider, worker, duration_ms, completed_at)
            select @jobId, t.item_index, t.succeeded, t.output::jsonb, t.error_code, t.error, t.model_version,
                   t.execution_provider, @worker, t.duration_ms, @now
            from unnest(@indexes, @succeeded, @outputs, @codes, @errors, @versions, @providers, @durations)
                 as t(item_index, succeeded, output, error_code, error, model_version, execution_provider, duration_ms)
            on conflict (job_id, item_index) do nothing
            """, connection);
        command.Parameters.AddWithValue("jobId", jobId);
        command.Parameters.AddWithValue("worker", WorkerName);
        command.Parameters.AddWithValue("now", time.GetUtcNow().UtcDateTime);
        command.Parameters.AddWithValue("indexes", outcomes.Select(o => o.ItemIndex).ToArray());
        command.Parameters.AddWithValue("succeeded", outcomes.Select(o => o.Succeeded).ToArray());
        command.Parameters.Add(new NpgsqlParameter("outputs", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = outcomes.Select(o => o.OutputJson).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("codes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = outcomes.Select(o => o.ErrorCode).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = outcomes.Select(o => o.Error).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = outcomes.Select(o => o.ModelVersion).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("providers", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = outcomes.Select(o => o.ExecutionProvider).ToArray() });
        command.Parameters.AddWithValue("durations", outcomes.Select(o => o.DurationMs).ToArray());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<ResultsPage> GetPageAsync(Guid jobId, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*) from item_results where job_id = @jobId", new { jobId }, cancellationToken: cancellationToken));
        var items = new List<ItemResult>(limit);
        await foreach (var result in ReadAsync(connection, jobId, offset, limit, cancellationToken))
        {
            items.Add(result);
        }

        return new ResultsPage(jobId, offset, limit, total, items);
    }

    /// <summary>Every result of a job in item order, read row by row so a large job is never held in memory.</summary>
    public async IAsyncEnumerable<ItemResult> StreamAsync(Guid jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await foreach (var result in ReadAsync(connection, jobId, 0, null, cancellationToken))
        {
            yield return result;
        }
    }

    private static async IAsyncEnumerable<ItemResult> ReadAsync(
        NpgsqlConnection connection, Guid jobId, int offset, int? limit, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            select r.item_index, i.name, r.succeeded, r.output::text, r.error_code, r.error, r.model_version,
                   r.execution_provider, r.duration_ms, r.completed_at
            from item_results r join job_items i on i.job_id = r.job_id and i.item_index = r.item_index
            where r.job_id = @jobId
            order by r.item_index offset @offset limit @limit
            """, connection);
        command.Parameters.AddWithValue("jobId", jobId);
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = (object?)limit ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new ItemResult(
                reader.GetInt32(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetBoolean(2),
                reader.IsDBNull(3) ? null : System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(reader.GetString(3)),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetDouble(8),
                new DateTimeOffset(reader.GetDateTime(9), TimeSpan.Zero));
        }
    }
}
