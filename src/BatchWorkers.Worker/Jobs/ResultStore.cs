using System.Runtime.CompilerServices;
using BatchWorkers.Contracts;
using BatchWorkers.Worker.Privacy.Encryption;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace BatchWorkers.Worker.Jobs;

/// <summary>The <c>item_results</c> table. Writes are idempotent: the first result of an item wins.</summary>
public sealed class ResultStore(NpgsqlDataSource dataSource, TimeProvider time, RowCipher cipher)
{
    private static readonly string WorkerName = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>Items of a chunk's range that have no result yet (a redelivered chunk skips what is done).</summary>
    public async Task<IReadOnlyList<PendingItem>> LoadPendingAsync(Guid jobId, int firstItem, int count, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PendingRow>(new CommandDefinition("""
            select i.item_index, i.name, i.uri, i.text_content, i.data, i.intake_error_code, i.intake_error, i.sealed_input, i.input_key_id
            from job_items i
            where i.job_id = @jobId and i.item_index >= @firstItem and i.item_index < @end
              and not exists (select 1 from item_results r where r.job_id = i.job_id and r.item_index = i.item_index)
            order by i.item_index
            """, new { jobId, firstItem, end = firstItem + count }, cancellationToken: cancellationToken));
        return [.. rows.Select(row => row.ToPendingItem(jobId, cipher))];
    }

    /// <summary>Items of a range that already have a successful result (written by an earlier delivery of their chunk).</summary>
    public async Task<IReadOnlyList<int>> SucceededIndexesAsync(Guid jobId, int firstItem, int count, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<int>(new CommandDefinition("""
            select item_index from item_results
            where job_id = @jobId and item_index >= @firstItem and item_index < @end and succeeded
            """, new { jobId, firstItem, end = firstItem + count }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>Writes outcomes; an item that already has a result keeps it. Returns how many were new.</summary>
    public async Task<int> WriteAsync(Guid jobId, IReadOnlyList<ItemOutcome> outcomes, CancellationToken cancellationToken)
    {
        if (outcomes.Count == 0)
        {
            return 0;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // A sensitive job's outputs are stored only sealed, each bound to its row.
        var sensitive = outcomes.Any(o => o.OutputJson is not null || o.RedactedInput is not null) && await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select sensitive from jobs where id = @jobId", new { jobId }, cancellationToken: cancellationToken));
        var sealedOutputs = outcomes
            .Select(o => sensitive && o.OutputJson is { } json
                ? cipher.Seal(System.Text.Encoding.UTF8.GetBytes(json), RowCipher.OutputContext(jobId, o.ItemIndex))
                : (Sealed?)null)
            .ToArray();
        await using var command = new NpgsqlCommand("""
            insert into item_results (job_id, item_index, succeeded, output, error_code, error, model_version,
                                      execution_provider, worker, duration_ms, completed_at, sealed_output, output_key_id)
            select @jobId, t.item_index, t.succeeded, t.output::jsonb, t.error_code, t.error, t.model_version,
                   t.execution_provider, @worker, t.duration_ms, @now, t.sealed_output, t.output_key_id
            from unnest(@indexes, @succeeded, @outputs, @codes, @errors, @versions, @providers, @durations, @sealed, @keys)
                 as t(item_index, succeeded, output, error_code, error, model_version, execution_provider, duration_ms, sealed_output, output_key_id)
            on conflict (job_id, item_index) do nothing
            """, connection);
        command.Parameters.AddWithValue("jobId", jobId);
        command.Parameters.AddWithValue("worker", WorkerName);
        command.Parameters.AddWithValue("now", time.GetUtcNow().UtcDateTime);
        command.Parameters.AddWithValue("indexes", outcomes.Select(o => o.ItemIndex).ToArray());
        command.Parameters.AddWithValue("succeeded", outcomes.Select(o => o.Succeeded).ToArray());
        command.Parameters.Add(new NpgsqlParameter("outputs", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = outcomes.Select(o => sensitive ? null : o.OutputJson).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("sealed", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { Value = sealedOutputs.Select(o => o?.Bytes).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = sealedOutputs.Select(o => o?.KeyId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("codes", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = outcomes.Select(o => o.ErrorCode).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = outcomes.Select(o => o.Error).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("versions", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = outcomes.Select(o => o.ModelVersion).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("providers", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = outcomes.Select(o => o.ExecutionProvider).ToArray() });
        command.Parameters.AddWithValue("durations", outcomes.Select(o => o.DurationMs).ToArray());
        var written = await command.ExecuteNonQueryAsync(cancellationToken);
        await ReplaceInputsAsync(connection, jobId, outcomes.Where(o => o.RedactedInput is not null).ToList(), sensitive, cancellationToken);
        return written;
    }

    /// <summary>Stores masked inputs in place of the originals (redaction); rewriting the same text again is harmless.</summary>
    private async Task ReplaceInputsAsync(
        NpgsqlConnection connection, Guid jobId, IReadOnlyList<ItemOutcome> redacted, bool sensitive, CancellationToken cancellationToken)
    {
        foreach (var outcome in redacted)
        {
            var sealedInput = sensitive
                ? cipher.Seal(Privacy.Encryption.SealedInput.Pack(outcome.RedactedInput, null, null), RowCipher.InputContext(jobId, outcome.ItemIndex))
                : (Sealed?)null;
            await connection.ExecuteAsync(new CommandDefinition("""
                update job_items
                set text_content = @text, data = null, uri = null, sealed_input = @sealedBytes, input_key_id = @keyId
                where job_id = @jobId and item_index = @index
                """,
                new
                {
                    text = sensitive ? null : outcome.RedactedInput, sealedBytes = sealedInput?.Bytes, keyId = sealedInput?.KeyId, jobId,
                    index = outcome.ItemIndex,
                }, cancellationToken: cancellationToken));
        }
    }

    public async Task<ResultsPage> GetPageAsync(Guid jobId, int offset, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var total = await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "select count(*) from item_results where job_id = @jobId", new { jobId }, cancellationToken: cancellationToken));
        var items = new List<ItemResult>(limit);
        await foreach (var result in ReadAsync(connection, jobId, offset, limit, null, cancellationToken))
        {
            items.Add(result);
        }

        return new ResultsPage(jobId, offset, limit, total, items);
    }

    /// <summary>Every result of a job in item order, read row by row so a large job is never held in memory.</summary>
    public async IAsyncEnumerable<ItemResult> StreamAsync(Guid jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await foreach (var result in ReadAsync(connection, jobId, 0, null, null, cancellationToken))
        {
            yield return result;
        }
    }

    /// <summary>One item's result, or null when it has none yet.</summary>
    public async Task<ItemResult?> GetAsync(Guid jobId, int itemIndex, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await foreach (var result in ReadAsync(connection, jobId, 0, 1, itemIndex, cancellationToken))
        {
            return result;
        }

        return null;
    }

    /// <summary>One item's stored input (decrypted when sealed), whether or not it has a result.</summary>
    public async Task<PendingItem?> LoadItemAsync(Guid jobId, int itemIndex, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<PendingRow>(new CommandDefinition("""
            select item_index, name, uri, text_content, data, intake_error_code, intake_error, sealed_input, input_key_id
            from job_items where job_id = @jobId and item_index = @itemIndex
            """, new { jobId, itemIndex }, cancellationToken: cancellationToken));
        return row?.ToPendingItem(jobId, cipher);
    }

    private async IAsyncEnumerable<ItemResult> ReadAsync(
        NpgsqlConnection connection, Guid jobId, int offset, int? limit, int? itemIndex, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            select r.item_index, i.name, r.succeeded, r.output::text, r.error_code, r.error, r.model_version,
                   r.execution_provider, r.duration_ms, r.completed_at, r.sealed_output, r.output_key_id
            from item_results r join job_items i on i.job_id = r.job_id and i.item_index = r.item_index
            where r.job_id = @jobId and (@itemIndex::int is null or r.item_index = @itemIndex)
            order by r.item_index offset @offset limit @limit
            """, connection);
        command.Parameters.AddWithValue("jobId", jobId);
        command.Parameters.AddWithValue("offset", offset);
        command.Parameters.Add(new NpgsqlParameter("itemIndex", NpgsqlDbType.Integer) { Value = (object?)itemIndex ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter("limit", NpgsqlDbType.Integer) { Value = (object?)limit ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var index = reader.GetInt32(0);
            var output = !reader.IsDBNull(10)
                ? System.Text.Encoding.UTF8.GetString(cipher.Open(reader.GetFieldValue<byte[]>(10), reader.GetString(11), RowCipher.OutputContext(jobId, index)))
                : reader.IsDBNull(3) ? null : reader.GetString(3);
            yield return new ItemResult(
                index,
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetBoolean(2),
                output is null ? null : System.Text.Json.JsonSerializer.Deserialize<System.Text.Json.JsonElement>(output),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetDouble(8),
                new DateTimeOffset(reader.GetDateTime(9), TimeSpan.Zero));
        }
    }

    private sealed class PendingRow
    {
        public int ItemIndex { get; init; }
        public string? Name { get; init; }
        public string? Uri { get; init; }
        public string? TextContent { get; init; }
        public byte[]? Data { get; init; }
        public string? IntakeErrorCode { get; init; }
        public string? IntakeError { get; init; }
        public byte[]? SealedInput { get; init; }
        public string? InputKeyId { get; init; }

        public PendingItem ToPendingItem(Guid jobId, RowCipher cipher)
        {
            var (text, data, uri) = SealedInput is { } sealedInput
                ? Privacy.Encryption.SealedInput.Unpack(cipher.Open(sealedInput, InputKeyId!, RowCipher.InputContext(jobId, ItemIndex)))
                : (TextContent, Data, Uri);
            return new PendingItem
            {
                ItemIndex = ItemIndex, Name = Name, Uri = uri, TextContent = text, Data = data, IntakeErrorCode = IntakeErrorCode, IntakeError = IntakeError,
            };
        }
    }
}
