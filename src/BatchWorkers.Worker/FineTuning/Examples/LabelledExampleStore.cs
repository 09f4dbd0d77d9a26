using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace BatchWorkers.Worker.FineTuning.Examples;

/// <summary>A stored labelled example: its content is inline bytes or a reference, never both.</summary>
public sealed record StoredExample(long Id, string Label, byte[]? Data, string? Uri);

/// <summary>The <c>labelled_examples</c> table. Adding is idempotent: the same content and label is stored once.</summary>
public sealed class LabelledExampleStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <returns>True when the example is new.</returns>
    public async Task<bool> AddAsync(
        string model, string label, byte[]? data, string? uri, string source, Guid? jobId, int? itemIndex, CancellationToken cancellationToken)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(data ?? Encoding.UTF8.GetBytes(uri ?? "")));
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            insert into labelled_examples (model_name, label, data, uri, content_sha256, source, source_job_id, source_item_index, added_at)
            values (@model, @label, @data, @uri, @hash, @source, @jobId, @itemIndex, @now)
            on conflict (model_name, content_sha256, label) do nothing
            """, new { model, label, data, uri, hash, source, jobId, itemIndex, now = time.GetUtcNow().UtcDateTime },
            cancellationToken: cancellationToken)) == 1;
    }

    /// <summary>How many examples a model has with an id above <paramref name="afterId"/>, and the highest id.</summary>
    public async Task<(int Count, long MaxId)> CountAfterAsync(string model, long afterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleAsync<(int, long)>(new CommandDefinition(
            "select count(*)::int, coalesce(max(id), @afterId) from labelled_examples where model_name = @model and id > @afterId",
            new { model, afterId }, cancellationToken: cancellationToken));
    }

    /// <summary>Examples of a model added after <paramref name="afterId"/> (0 for all), oldest first.</summary>
    public async Task<IReadOnlyList<StoredExample>> ListAsync(string model, long afterId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoredExample>(new CommandDefinition(
            "select id, label, data, uri from labelled_examples where model_name = @model and id > @afterId order by id",
            new { model, afterId }, cancellationToken: cancellationToken));
        return rows.AsList();
    }
}
