using Npgsql;

namespace BatchWorkers.Tests.Infrastructure;

/// <summary>A database of its own for one test class, dropped afterwards.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private TestDatabase(string name) => Name = name;

    public string Name { get; }

    public string ConnectionString => TestServices.ConnectionString(Name);

    public static async Task<TestDatabase> CreateAsync(string owner)
    {
        var name = $"bw_{Sanitize(owner)}_{Guid.NewGuid():N}";
        await using var admin = new NpgsqlConnection(TestServices.ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"create database \"{name}\"", admin);
        await create.ExecuteNonQueryAsync();
        return new TestDatabase(name);
    }

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestServices.ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{Name}\" with (force)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static string Sanitize(string value) =>
        new(value.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(12).ToArray());
}
