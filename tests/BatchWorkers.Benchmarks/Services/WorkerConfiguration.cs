using System.Globalization;

namespace BatchWorkers.Benchmarks.Services;

/// <summary>The configuration every benchmark worker starts with: the benchmark's database, vhost and model store.</summary>
public static class WorkerConfiguration
{
    /// <summary>Connection settings, then <paramref name="settings"/> (KEY=VALUE) on top.</summary>
    public static Dictionary<string, string> For(
        BenchServices services, BenchDatabase database, BenchVirtualHost vhost, string modelStore, IEnumerable<KeyValuePair<string, string>> settings)
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

        return configuration;
    }

    public static string[] ToArgs(IReadOnlyDictionary<string, string> configuration) =>
        configuration.Select(s => $"--{s.Key}={s.Value}").ToArray();
}
