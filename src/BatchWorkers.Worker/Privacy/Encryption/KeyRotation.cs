using System.ComponentModel;
using Dapper;
using Hangfire;
using Npgsql;

namespace BatchWorkers.Worker.Privacy.Encryption;

/// <summary>What a rotation re-sealed.</summary>
public sealed record RotationProgress(int Inputs, int Outputs, bool Finished);

/// <summary>
/// Re-seals every row sealed with another key than the active one, in batches of one transaction each (rows locked
/// with SKIP LOCKED so two runs never take the same row). A row is rewritten once: afterwards it carries the active
/// key id and no batch selects it again. A crash loses at most the uncommitted batch, whose rows keep their old
/// (still configured) key, and the next run goes on from there.
/// </summary>
public sealed class KeyRotation(NpgsqlDataSource dataSource, RowCipher cipher, KeyRing keys, Microsoft.Extensions.Options.IOptions<EncryptionOptions> options,
    ILogger<KeyRotation> logger)
{
    public const string RecurringJobId = "maintenance:rotate-data-keys";

    [DisplayName("Re-seal sensitive rows with the active data key")]
    [Queue("maintenance")]
    // No DisableConcurrentExecution: two runs are safe (SKIP LOCKED), and a lock left by a killed server would hold the
    // next run back until it expired.
    [AutomaticRetry(Attempts = 3)]
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var progress = await RotateAsync(maxBatches: null, cancellationToken);
        return $"re-sealed {progress.Inputs} inputs and {progress.Outputs} outputs with key {keys.ActiveKeyId}";
    }

    /// <summary>Rotates up to <paramref name="maxBatches"/> batches per table (all when null).</summary>
    public async Task<RotationProgress> RotateAsync(int? maxBatches, CancellationToken cancellationToken)
    {
        if (keys.ActiveKeyId is not { } active)
        {
            return new RotationProgress(0, 0, true);
        }

        var inputs = await RotateTableAsync(Inputs, active, maxBatches, cancellationToken);
        var outputs = await RotateTableAsync(Outputs, active, maxBatches, cancellationToken);
        var finished = inputs.Finished && outputs.Finished;
        logger.LogInformation("Key rotation to {KeyId}: re-sealed {Inputs} inputs and {Outputs} outputs{Rest}",
            active, inputs.Count, outputs.Count, finished ? "" : "; more remain");
        return new RotationProgress(inputs.Count, outputs.Count, finished);
    }

    private static readonly Table Inputs = new("job_items", "sealed_input", "input_key_id", RowCipher.InputContext);
    private static readonly Table Outputs = new("item_results", "sealed_output", "output_key_id", RowCipher.OutputContext);

    private async Task<(int Count, bool Finished)> RotateTableAsync(Table table, string active, int? maxBatches, CancellationToken cancellationToken)
    {
        var total = 0;
        for (var batch = 0; maxBatches is null || batch < maxBatches; batch++)
        {
            var count = await RotateBatchAsync(table, active, cancellationToken);
            total += count;
            if (count == 0)
            {
                return (total, true);
            }
        }

        return (total, false);
    }

    private async Task<int> RotateBatchAsync(Table table, string active, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition($"""
            select job_id, item_index, {table.Value} as value, {table.KeyId} as key_id from {table.Name}
            where {table.KeyId} is not null and {table.KeyId} <> @active
            limit @batch for update skip locked
            """, new { active, batch = options.Value.RotationBatchSize }, transaction, cancellationToken: cancellationToken))).AsList();
        foreach (var row in rows)
        {
            var context = table.Context(row.JobId, row.ItemIndex);
            var resealed = cipher.Seal(cipher.Open(row.Value, row.KeyId, context), context, active);
            await connection.ExecuteAsync(new CommandDefinition(
                $"update {table.Name} set {table.Value} = @resealed, {table.KeyId} = @active where job_id = @JobId and item_index = @ItemIndex",
                new { resealed, active, row.JobId, row.ItemIndex }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return rows.Count;
    }

    private sealed record Table(string Name, string Value, string KeyId, Func<Guid, int, string> Context);

    private sealed class Row
    {
        public Guid JobId { get; init; }
        public int ItemIndex { get; init; }
        public byte[] Value { get; init; } = [];
        public string KeyId { get; init; } = "";
    }
}
