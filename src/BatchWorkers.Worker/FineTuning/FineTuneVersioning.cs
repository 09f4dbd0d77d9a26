using System.Globalization;
using BatchWorkers.Worker.Models;
using BatchWorkers.Worker.Models.Registry;
using Npgsql;

namespace BatchWorkers.Worker.FineTuning;

/// <summary>
/// Picks the next version number of a model, above every folder in the store and every registered version (a
/// registry can outlive a store), and reserves its folder. Replicas that finish training at the same moment take
/// turns through a PostgreSQL advisory lock on the model's name, so no two of them can pick the same number.
/// </summary>
public sealed class FineTuneVersioning(ModelStore store, ModelRegistry registry, NpgsqlDataSource dataSource)
{
    public async Task<(string Version, string Directory)> NextAsync(string model, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand("select pg_advisory_xact_lock(hashtext('batchworkers.model-version:' || @model))", connection, transaction))
        {
            command.Parameters.AddWithValue("model", model);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var folder = Path.Combine(store.Root, model);
        Directory.CreateDirectory(folder);
        var registered = (await registry.ListAsync(cancellationToken)).Where(v => v.Name == model).Select(v => v.Version);
        var highest = Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>().Concat(registered)
            .Select(name => long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max();
        var version = (highest + 1).ToString(CultureInfo.InvariantCulture);
        var directory = Path.Combine(folder, version);
        // The folder is the reservation: whoever takes the lock next sees it and picks a higher number.
        Directory.CreateDirectory(directory);
        await transaction.CommitAsync(cancellationToken);
        return (version, directory);
    }
}
