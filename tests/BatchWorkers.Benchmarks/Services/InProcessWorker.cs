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
        var configuration = WorkerConfiguration.For(services, database, vhost, modelStore, settings);
        var worker = await WorkerApplication.CreateAsync(WorkerConfiguration.ToArgs(configuration), cancellationToken);
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
