using System.Globalization;
using System.Text.RegularExpressions;
using Hangfire.PostgreSql;
using Npgsql;

namespace BatchWorkers.Worker.Persistence;

/// <summary>
/// Hangfire's tables, in a schema of their own. They are installed by the migration step, as the schema owner, and
/// never by Hangfire at run time (<c>PrepareSchemaIfNecessary</c> is off), so the worker needs no right to create them.
/// </summary>
public static partial class HangfireSchema
{
    public const string Name = "hangfire";

    /// <summary>The version Hangfire.PostgreSql's newest install script leaves in <c>hangfire.schema</c>.</summary>
    public static int ExpectedVersion { get; } = typeof(PostgreSqlStorage).Assembly.GetManifestResourceNames()
        .Select(name => InstallScript().Match(name)).Where(m => m.Success)
        .Max(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    /// <summary>Installs or upgrades the tables. Hangfire logs a failed script instead of throwing: callers check <see cref="InstalledVersionAsync"/>.</summary>
    public static async Task InstallAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        PostgreSqlObjectsInstaller.Install(connection, Name);
    }

    /// <summary>The installed version, or null when Hangfire's tables are not there.</summary>
    public static async Task<int?> InstalledVersionAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var exists = new NpgsqlCommand($"select to_regclass('{Name}.schema') is not null", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            return null;
        }

        await using var version = new NpgsqlCommand($"select max(version) from {Name}.schema", connection);
        return await version.ExecuteScalarAsync(cancellationToken) as int?;
    }

    [GeneratedRegex(@"\.Install\.v(\d+)\.sql$", RegexOptions.CultureInvariant)]
    private static partial Regex InstallScript();
}
