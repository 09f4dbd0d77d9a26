using System.Diagnostics;
using BatchWorkers.Contracts;
using BatchWorkers.Tests.Infrastructure;
using Npgsql;

namespace BatchWorkers.Tests.Faults;

/// <summary>
/// The fault suite's world: three worker processes (each may run chunks, reports and training) on one database,
/// virtual host, model store and checkpoint folder, on PostgreSQL and RabbitMQ that the suite may restart.
/// Collects the fault table and writes it to .local/test-results/faults.md when the suite ends.
/// </summary>
public sealed class FaultCluster : IAsyncLifetime
{
    public const int WorkerCount = 3;

    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly List<FaultRow> _rows = [];

    public TestDatabase Database { get; private set; } = null!;
    public TestVirtualHost VirtualHost { get; private set; } = null!;
    public NpgsqlDataSource Db { get; private set; } = null!;
    /// <summary>The image model of the fault workload: the slow classifier at 384×384, nine times its usual work per image.</summary>
    public const string ImageModel = "fault-slow";

    public string ModelStore { get; } = CreateStore();
    public string InputRoot { get; } = Directory.CreateTempSubdirectory("bw-fault-inputs-").FullName;
    public string Checkpoints { get; } = Directory.CreateTempSubdirectory("bw-fault-checkpoints-").FullName;
    public List<WorkerProcess> Workers { get; } = [];

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    // At the usual 128×128 the image job ends a fraction of a second after its first results on a quiet machine:
    // too soon for a fault to strike while it runs. At 384×384 it lasts seconds.
    private static string CreateStore()
    {
        var store = TestModels.CreateStore();
        TestModels.WriteSlowClassifier(Path.Combine(store, ImageModel, "1"), 384);
        return store;
    }

    public async Task InitializeAsync()
    {
        FaultServices.RequirePrivate();
        TestModels.AddTextModels(ModelStore);
        Database = await TestDatabase.CreateAsync("faults");
        VirtualHost = await TestVirtualHost.CreateAsync("faults");
        Db = Database.CreateDataSource();
        // One first, so that the migrations run once; then the others together.
        Workers.Add(await StartWorkerAsync());
        Workers.AddRange(await Task.WhenAll(Enumerable.Range(1, WorkerCount - 1).Select(_ => StartWorkerAsync())));
    }

    /// <summary>A client for the HTTP API of a live worker (any will do: they share the database).</summary>
    public BatchWorkersApiClient Api => new(new HttpClient { BaseAddress = Workers[0].Address, Timeout = TimeSpan.FromSeconds(30) });

    /// <summary>Settings of every worker: short timeouts so that recovery shows within a test's deadline.</summary>
    public Dictionary<string, string> Settings()
    {
        var settings = WorkerSettings.For(Database, VirtualHost, ModelStore, InputRoot);
        settings["FineTuning:CheckpointRoot"] = Checkpoints;
        settings["FineTuning:ProgressInterval"] = "00:00:00.250";
        // A killed worker's Hangfire jobs (training, reports) are visible to the others again after this long.
        settings["Scheduling:InvisibilityTimeout"] = "00:00:05";
        settings["Scheduling:TrainingConcurrency"] = "1";
        settings["Explain:Concurrency"] = "1";
        // One image chunk at a time per worker: with the default two, the image job finishes too soon after its first
        // results on a quiet machine for a fault to strike while it still runs.
        settings["ImageClassification:ConcurrentChunks"] = "1";
        // A chunk whose message was lost (a broker restart, a database outage past its retries) is sent again.
        settings["Jobs:ChunkRedispatchAfter"] = "00:00:20";
        settings["Jobs:RetryCount"] = "4";
        settings["Jobs:RetryMinInterval"] = "00:00:00.500";
        settings["Jobs:RetryMaxInterval"] = "00:00:05";
        return settings;
    }

    public Task<WorkerProcess> StartWorkerAsync() => WorkerProcess.StartAsync(Settings(), WorkerProcess.FreePort());

    /// <summary>Brings the cluster back to <see cref="WorkerCount"/> workers, as an orchestrator replaces a dead pod.</summary>
    public async Task ReplaceDeadWorkersAsync()
    {
        while (Workers.Count < WorkerCount)
        {
            Workers.Add(await StartWorkerAsync());
        }
    }

    /// <summary>SIGKILL the worker with this process id and forget it.</summary>
    public void Kill(int processId)
    {
        var worker = Workers.Single(w => w.Id == processId);
        worker.Kill();
        Workers.Remove(worker);
    }

    /// <summary>Polls a probe of the real system; a probe that throws (a service mid-restart) counts as "not yet".</summary>
    public static Task WaitAsync(Func<Task<bool>> condition, string description, TimeSpan timeout) =>
        Eventually.HoldsAsync(async () =>
        {
            try
            {
                return await condition();
            }
            catch (Exception ex) when (ex is NpgsqlException or HttpRequestException or TaskCanceledException or InvalidOperationException)
            {
                return false;
            }
        }, description, timeout);

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Db.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var scalar = await command.ExecuteScalarAsync();
        return scalar is null or DBNull ? 0 : Convert.ToInt64(scalar, System.Globalization.CultureInfo.InvariantCulture);
    }

    public async Task<List<string>> StringsAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Db.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.IsDBNull(0) ? "" : reader.GetValue(0).ToString() ?? "");
        }

        return values;
    }

    public void Record(FaultRow row)
    {
        lock (_rows)
        {
            _rows.Add(row);
        }
    }

    public async Task DisposeAsync()
    {
        var table = FaultTable.ToMarkdown(_rows, _wall.Elapsed);
        var results = Path.Combine(RepositoryRoot, ".local", "test-results");
        Directory.CreateDirectory(results);
        await File.WriteAllTextAsync(Path.Combine(results, "faults.md"), table);
        foreach (var worker in Workers)
        {
            await worker.DisposeAsync();
        }

        if (Db is not null)
        {
            await Db.DisposeAsync();
        }

        if (VirtualHost is not null)
        {
            await VirtualHost.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        foreach (var folder in new[] { ModelStore, InputRoot, Checkpoints })
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "BatchWorkers.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("BatchWorkers.sln not found above the test assembly.");
    }
}
