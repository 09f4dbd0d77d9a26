using System.Globalization;
using Npgsql;

namespace BatchWorkers.Benchmarks.Services;

/// <summary>The PostgreSQL and RabbitMQ that <c>scripts/services.sh</c> describes in BW_* variables.</summary>
public sealed record BenchServices(
    string PgHost, int PgPort, string PgUser, string PgPassword,
    string RabbitHost, int RabbitPort, string RabbitUser, string RabbitPassword, int RabbitManagementPort)
{
    public static BenchServices FromEnvironment() => new(
        Required("BW_PG_HOST"), Port("BW_PG_PORT"), Required("BW_PG_USER"), Required("BW_PG_PASSWORD"),
        Required("BW_RABBIT_HOST"), Port("BW_RABBIT_PORT"), Required("BW_RABBIT_USER"), Required("BW_RABBIT_PASSWORD"),
        Port("BW_RABBIT_MGMT_PORT"));

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = PgHost, Port = PgPort, Username = PgUser, Password = PgPassword, Database = database,
    }.ConnectionString;

    private static int Port(string name) =>
        int.TryParse(Required(name), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? port
            : throw new BenchmarkException($"{name} is not a port number.");

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new BenchmarkException(
                $"{name} is not set. Run ./bench.sh, which starts PostgreSQL and RabbitMQ (scripts/services.sh) and sets BW_PG_* and BW_RABBIT_*.");
}
