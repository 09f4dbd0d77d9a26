using BatchWorkers.Contracts;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace BatchWorkers.Tests.Infrastructure;

/// <summary>
/// One test class's world: its own database and virtual host, a model store with real ONNX models, a running
/// worker, and a bus that plays another service (publishes jobs, collects the worker's events).
/// </summary>
public class WorkerFixture : IAsyncLifetime
{
    public const string ApiKey = "test-api-key-0123456789";
    public const string OperatorPassword = "operator-password-for-tests";

    private IBusControl? _bus;

    public TestDatabase Database { get; private set; } = null!;
    public TestVirtualHost VirtualHost { get; private set; } = null!;
    public string ModelStore { get; private set; } = null!;
    public string InputRoot { get; private set; } = null!;
    public InProcessWorker Worker { get; private set; } = null!;
    public NpgsqlDataSource Db { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public BatchWorkersApiClient Api { get; private set; } = null!;
    public EventCollector Events { get; } = new();
    public IBus Bus => _bus ?? throw new InvalidOperationException("The fixture has not started.");

    public Dictionary<string, string> Settings => WorkerSettings.For(Database, VirtualHost, ModelStore, InputRoot);

    /// <summary>Settings a derived fixture changes for its worker.</summary>
    protected virtual void Configure(Dictionary<string, string> settings)
    {
    }

    /// <summary>Services a derived fixture adds to its worker (a log sink, say).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Work a derived fixture does on its database before the worker starts (migrate it, add roles).</summary>
    protected virtual Task PrepareDatabaseAsync() => Task.CompletedTask;

    /// <summary>Models a derived fixture adds to the store before the worker starts.</summary>
    protected virtual void AddModels(string store)
    {
    }

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync(GetType().Name);
        VirtualHost = await TestVirtualHost.CreateAsync(GetType().Name);
        ModelStore = TestModels.CreateStore();
        AddModels(ModelStore);
        InputRoot = Directory.CreateTempSubdirectory("bw-inputs-").FullName;
        await PrepareDatabaseAsync();
        var settings = Settings;
        Configure(settings);
        Worker = await InProcessWorker.StartAsync(settings, ConfigureServices);
        Db = Database.CreateDataSource();
        Http = new HttpClient { BaseAddress = Worker.Address };
        Api = new BatchWorkersApiClient(Http);
        _bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(TestServices.RabbitHost, (ushort)TestServices.RabbitPort, VirtualHost.Name, host =>
            {
                host.Username(TestServices.RabbitUser);
                host.Password(TestServices.RabbitPassword);
            });
            rabbit.ReceiveEndpoint("test-events", endpoint => endpoint.Instance(Events));
        });
        await _bus.StartAsync();
    }

    public async Task<JobStatus> WaitForFinalAsync(Guid jobId, TimeSpan? timeout = null) =>
        await Eventually.ReturnsAsync(() => Api.GetJobAsync(jobId), s => s.IsFinal, $"job {jobId} to finish", timeout);

    public async Task<List<ItemResult>> ResultsAsync(Guid jobId)
    {
        var results = new List<ItemResult>();
        await foreach (var result in Api.StreamResultsAsync(jobId))
        {
            results.Add(result);
        }

        return results;
    }

    public async Task<long> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = Db.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public virtual async Task DisposeAsync()
    {
        if (_bus is not null)
        {
            await _bus.StopAsync();
        }

        Http?.Dispose();
        if (Worker is not null)
        {
            await Worker.DisposeAsync();
        }

        if (Db is not null)
        {
            await Db.DisposeAsync();
        }

        await VirtualHost.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(ModelStore, recursive: true);
        Directory.Delete(InputRoot, recursive: true);
    }
}
