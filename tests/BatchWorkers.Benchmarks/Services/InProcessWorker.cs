using System.Globalization;
using BatchWorkers.Worker;
using MassTransit;
using Microsoft.AspNetCore.Builder;

namespace BatchWorkers.Benchmarks.Services;

/// <summary>
/// The real worker (<see cref="WorkerApplication"/>) in this process against the benchmark's database, vhost and
/// model store, and a bus of the benchmark's own that submits jobs the way another service would.
/// </summary>
public static class InProcessWorker
{
    /// <summary>Starts the worker; <paramref name="settings"/> (KEY=VALUE configuration) go on top of the connection settings.</summary>
    public static async Task<WebApplication> StartAsync(
        BenchServices services, BenchDatabase database, BenchVirtualHost vhost, string modelStore,
        IEnumerable<KeyValuePair<string, string>> settings, CancellationToken cancellationToken)
    {
        var configuration = new Dictionary<string, string>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["ConnectionStrings:Postgres"] = database.ConnectionString,
            ["RabbitMq:Host"] = services.RabbitHost,
            ["RabbitMq:Port"] = services.RabbitPort.ToString(CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = vhost.Name,
            ["RabbitMq:Username"] = services.RabbitUser,
            ["RabbitMq:Password"] = services.RabbitPassword,
            ["Models:StoreRoot"] = modelStore,
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            configuration[key] = value;
        }

        var worker = await WorkerApplication.CreateAsync(configuration.Select(s => $"--{s.Key}={s.Value}").ToArray(), cancellationToken);
        await worker.StartAsync(cancellationToken);
        return worker;
    }

    /// <summary>A started bus on the benchmark's vhost; <paramref name="configure"/> may add receive endpoints.</summary>
    public static async Task<IBusControl> StartBusAsync(
        BenchServices services, BenchVirtualHost vhost, Action<IRabbitMqBusFactoryConfigurator>? configure, CancellationToken cancellationToken)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host(services.RabbitHost, (ushort)services.RabbitPort, vhost.Name, host =>
            {
                host.Username(services.RabbitUser);
                host.Password(services.RabbitPassword);
            });
            configure?.Invoke(rabbit);
        });
        await bus.StartAsync(cancellationToken);
        return bus;
    }
}
