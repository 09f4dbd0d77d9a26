using BatchWorkers.Tests.Infrastructure;
using BatchWorkers.Worker.FineTuning;
using BatchWorkers.Worker.Models;
using BatchWorkers.Worker.Models.Registry;
using BatchWorkers.Worker.Persistence;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Tests.FineTuning;

/// <summary>Version numbers of trained models, picked by several replicas at once.</summary>
public sealed class FineTuneVersioningTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private string _store = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(nameof(FineTuneVersioningTests));
        _store = Directory.CreateTempSubdirectory("bw-versioning-").FullName;
        await using var dataSource = _database.CreateDataSource();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = _database.ConnectionString })
            .Build();
        await new MigrationRunner(dataSource, configuration, Options.Create(new DatabaseOptions()), NullLogger<MigrationRunner>.Instance)
            .RunAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        Directory.Delete(_store, recursive: true);
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task NextAsync_ReplicasAtOnce_EachGetsANumberOfItsOwn()
    {
        Directory.CreateDirectory(Path.Combine(_store, "shapes", "3"));

        // Separate instances and connection pools, as separate worker processes sharing the store and the database.
        var versions = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await using var dataSource = _database.CreateDataSource();
            var store = new ModelStore(Options.Create(new ModelOptions { StoreRoot = _store }));
            var versioning = new FineTuneVersioning(store, new ModelRegistry(dataSource, TimeProvider.System), dataSource);
            var mine = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                var (version, directory) = await versioning.NextAsync("shapes", CancellationToken.None);
                Assert.True(Directory.Exists(directory));
                mine.Add(version);
            }

            return mine;
        })));

        var all = versions.SelectMany(v => v).Select(int.Parse).Order().ToList();
        Assert.Equal(Enumerable.Range(4, 18), all);
    }
}
