using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Tests.Persistence;

public sealed class MigrationRunnerTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(nameof(MigrationRunnerTests));

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task RunAsync_ThreeReplicasAtOnce_EachScriptAppliedExactlyOnce()
    {
        var scripts = typeof(MigrationRunner).Assembly.GetManifestResourceNames().Count(n => n.Contains(".migrations.", StringComparison.Ordinal));

        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            await using var dataSource = _database.CreateDataSource();
            await CreateRunner(dataSource).RunAsync(CancellationToken.None);
        })));

        await using var check = _database.CreateDataSource();
        await using var journal = check.CreateCommand("select count(*), count(distinct scriptname) from schemaversions");
        await using var reader = await journal.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.True(scripts > 0);
        Assert.Equal(scripts, reader.GetInt64(0));
        Assert.Equal(scripts, reader.GetInt64(1));
    }

    [Fact]
    public async Task RunAsync_AgainOnAMigratedDatabase_ChangesNothing()
    {
        await using var dataSource = _database.CreateDataSource();
        await CreateRunner(dataSource).RunAsync(CancellationToken.None);
        await CreateRunner(dataSource).RunAsync(CancellationToken.None);

        await using var tables = dataSource.CreateCommand("select count(*) from information_schema.tables where table_name in ('jobs', 'job_items', 'job_chunks', 'item_results')");
        Assert.Equal(4L, await tables.ExecuteScalarAsync());
    }

    [Fact]
    public async Task RunAsync_InstallsHangfiresTables_AfterwardsTheSchemaCheckPasses()
    {
        await using var dataSource = _database.CreateDataSource();
        var check = new SchemaCheck(dataSource, Configuration(), NullLogger<SchemaCheck>.Instance);
        var before = await Assert.ThrowsAsync<InvalidOperationException>(() => check.EnsureCurrentAsync(CancellationToken.None));

        await CreateRunner(dataSource).RunAsync(CancellationToken.None);

        await check.EnsureCurrentAsync(CancellationToken.None);
        Assert.Contains("0011_runtime_role.sql", before.Message, StringComparison.Ordinal);
        Assert.True(HangfireSchema.ExpectedVersion >= 23, $"Hangfire.PostgreSql's install scripts were not found ({HangfireSchema.ExpectedVersion})");
        Assert.Equal(HangfireSchema.ExpectedVersion, await HangfireSchema.InstalledVersionAsync(dataSource, CancellationToken.None));
    }

    private MigrationRunner CreateRunner(Npgsql.NpgsqlDataSource dataSource) =>
        new(dataSource, Configuration(), Options.Create(new DatabaseOptions()), NullLogger<MigrationRunner>.Instance);

    private IConfiguration Configuration() => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = _database.ConnectionString })
        .Build();
}
