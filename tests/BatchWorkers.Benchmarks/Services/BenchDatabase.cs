using Npgsql;

namespace BatchWorkers.Benchmarks.Services;

/// <summary>A database of the benchmark's own, dropped at the end.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    private readonly BenchServices _services;

    private BenchDatabase(BenchServices services, string name)
    {
        _services = services;
        Name = name;
        ConnectionString = services.ConnectionString(name);
        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>The benchmark's own connections (polling), apart from the worker's pool.</summary>
    public NpgsqlDataSource DataSource { get; }

    public static async Task<BenchDatabase> CreateAsync(BenchServices services, CancellationToken cancellationToken)
    {
        var name = $"bw_bench_{Guid.NewGuid():N}";
        await using var admin = new NpgsqlConnection(services.ConnectionString("postgres"));
        await admin.OpenAsync(cancellationToken);
        await using var create = new NpgsqlCommand($"create database \"{name}\"", admin);
        await create.ExecuteNonQueryAsync(cancellationToken);
        return new BenchDatabase(services, name);
    }

    public async Task<string> ServerVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken);
        return connection.PostgreSqlVersion.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_services.ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{Name}\" with (force)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
