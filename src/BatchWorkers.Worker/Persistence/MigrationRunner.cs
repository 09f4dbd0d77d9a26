using DbUp.Engine.Output;
using Microsoft.Extensions.Options;
using Npgsql;

namespace BatchWorkers.Worker.Persistence;

/// <summary>
/// Brings the schema up to date: Hangfire's tables first, then the SQL files of <c>migrations/</c> (embedded in this
/// assembly) with DbUp, so that their grants to the runtime role cover Hangfire's tables too. Runs as the schema owner,
/// at start-up or as <c>migrate</c>. Replicas starting together serialise on a PostgreSQL advisory lock, so exactly one
/// applies each script and the others find nothing to do.
/// </summary>
public sealed class MigrationRunner(
    NpgsqlDataSource dataSource, IConfiguration configuration, IOptions<DatabaseOptions> options, ILogger<MigrationRunner> logger)
{
    // Any fixed 64-bit number works; it only has to be the same for every replica.
    private const long AdvisoryLockKey = 0x42_57_4D_49_47_52_41_54;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var lockConnection = await OpenAsync(cancellationToken);
        await AcquireLockAsync(lockConnection, cancellationToken);
        try
        {
            // The data source's own connection string has the password stripped; DbUp and Hangfire need the full one.
            var connectionString = configuration.PostgresConnectionString();
            // Hangfire's installer tries every script of every version, so it runs only when there is something to install.
            var hangfire = await HangfireSchema.InstalledVersionAsync(dataSource, cancellationToken);
            if (hangfire is null || hangfire < HangfireSchema.ExpectedVersion)
            {
                await HangfireSchema.InstallAsync(connectionString, cancellationToken);
                hangfire = await HangfireSchema.InstalledVersionAsync(dataSource, cancellationToken);
            }

            if (hangfire is null || hangfire < HangfireSchema.ExpectedVersion)
            {
                throw new InvalidOperationException(
                    $"Hangfire's tables are at version {hangfire?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(none)"} after installing, not " +
                    $"{HangfireSchema.ExpectedVersion}. Hangfire logged why; usually the connection is not the schema owner's (migrations need the owner's " +
                    "connection string, the worker the runtime role's: docs/database-roles.md).");
            }

            var result = MigrationScripts.Engine(connectionString, new DbUpLogger(logger)).PerformUpgrade();
            if (!result.Successful)
            {
                throw result.Error is PostgresException { SqlState: PostgresErrorCodes.InsufficientPrivilege } denied
                    ? NotTheOwner(denied)
                    : new InvalidOperationException(
                        $"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}. Fix the database or the script and restart.", result.Error);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            throw NotTheOwner(ex);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(@key)", lockConnection);
            unlock.Parameters.AddWithValue("key", AdvisoryLockKey);
            await unlock.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    private static InvalidOperationException NotTheOwner(PostgresException denied) => new(
        $"Migrating needs the schema owner's rights, which this connection lacks ({denied.MessageText}). Run `migrate` (or a worker with " +
        "Database:MigrateOnStartup=true) with the owner's connection string, and workers logged in as the runtime role with " +
        "Database:MigrateOnStartup=false. The owner also needs CREATEROLE unless the role batchworkers_runtime exists (docs/database-roles.md).", denied);

    // The first connection a worker makes: a refused certificate is named here with the settings that decide it,
    // rather than left as Npgsql's "Exception while performing SSL handshake".
    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await dataSource.OpenConnectionAsync(cancellationToken);
        }
        catch (NpgsqlException error) when (error.InnerException is System.Security.Authentication.AuthenticationException refused)
        {
            throw new InvalidOperationException(
                $"PostgreSQL's TLS certificate was refused ({refused.Message}). With SSL Mode=VerifyFull or VerifyCA in "
                + "ConnectionStrings:Postgres, Root Certificate must name the CA file that signed the server's certificate, "
                + "and VerifyFull also needs Host to be a name (or address) that certificate carries.", error);
        }
    }

    private async Task AcquireLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.MigrationLockTimeout);
        await using var command = new NpgsqlCommand("select pg_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", AdvisoryLockKey);
        command.CommandTimeout = 0;
        await command.ExecuteScalarAsync(timeout.Token);
    }

    private sealed class DbUpLogger(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace("{Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogDebug(string format, params object[] args) => logger.LogDebug("{Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogInformation(string format, params object[] args) => logger.LogInformation("{Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogWarning(string format, params object[] args) => logger.LogWarning("{Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogError(string format, params object[] args) => logger.LogError("{Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));

        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, "{Message}", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args));
    }
}
