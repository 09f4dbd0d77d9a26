namespace BatchWorkers.Tests.Infrastructure;

/// <summary>The command-line configuration a test worker starts with: its own database, vhost and model store.</summary>
public static class WorkerSettings
{
    public static Dictionary<string, string> For(TestDatabase database, TestVirtualHost vhost, string modelStore, string inputRoot) => new()
    {
        ["ConnectionStrings:Postgres"] = database.ConnectionString,
        ["RabbitMq:Host"] = TestServices.RabbitHost,
        ["RabbitMq:Port"] = TestServices.RabbitPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["RabbitMq:VirtualHost"] = vhost.Name,
        ["RabbitMq:Username"] = TestServices.RabbitUser,
        ["RabbitMq:Password"] = TestServices.RabbitPassword,
        ["Models:StoreRoot"] = modelStore,
        ["Inputs:FileRoot"] = inputRoot,
        ["Inputs:MaxInlineBytes"] = "200000",
        ["ImageClassification:MaxPixels"] = "1000000",
        ["Jobs:ChunkSize"] = "4",
        ["Jobs:RetryCount"] = "2",
        ["Jobs:RetryMinInterval"] = "00:00:00.100",
        ["Jobs:RetryMaxInterval"] = "00:00:00.300",
        ["Access:ApiKeys:0"] = WorkerFixture.ApiKey,
        ["Access:DashboardUsername"] = "operator",
        ["Access:DashboardPassword"] = WorkerFixture.OperatorPassword,
        ["Serilog:MinimumLevel:Default"] = "Warning",
        ["urls"] = "http://127.0.0.1:0",
    };

    public static string[] ToArgs(IEnumerable<KeyValuePair<string, string>> settings) =>
        settings.Select(s => $"--{s.Key}={s.Value}").ToArray();
}
