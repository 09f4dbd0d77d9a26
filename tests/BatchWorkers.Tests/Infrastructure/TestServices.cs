using Npgsql;

namespace BatchWorkers.Tests.Infrastructure;

/// <summary>
/// The real PostgreSQL and RabbitMQ that <c>./test.sh</c> brings up and describes in BW_* variables.
/// Tests never fall back to stand-ins: without the variables they fail and say how to run them.
/// </summary>
public static class TestServices
{
    public static string PgHost => Required("BW_PG_HOST");
    public static int PgPort => int.Parse(Required("BW_PG_PORT"), System.Globalization.CultureInfo.InvariantCulture);
    public static string PgUser => Required("BW_PG_USER");
    public static string PgPassword => Required("BW_PG_PASSWORD");
    public static string RabbitHost => Required("BW_RABBIT_HOST");
    public static int RabbitPort => int.Parse(Required("BW_RABBIT_PORT"), System.Globalization.CultureInfo.InvariantCulture);
    public static string RabbitUser => Required("BW_RABBIT_USER");
    public static string RabbitPassword => Required("BW_RABBIT_PASSWORD");
    public static int RabbitManagementPort => int.Parse(Required("BW_RABBIT_MGMT_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    public static string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = PgHost, Port = PgPort, Username = PgUser, Password = PgPassword, Database = database,
        // Each test host opens its own pool; keep them small so many databases fit in one server.
        MaxPoolSize = 20,
        // Plain, as before the test instances offered TLS (Npgsql's default, Prefer, would take it): TlsTests cover
        // TLS, and a handshake on every new connection would only slow the other tests down.
        SslMode = SslMode.Disable,
    }.ConnectionString;

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{name} is not set. Run the tests with ./test.sh, which starts PostgreSQL and RabbitMQ and sets BW_PG_* and BW_RABBIT_*.");
}
