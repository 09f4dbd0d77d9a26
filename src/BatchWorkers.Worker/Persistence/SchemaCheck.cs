using DbUp.Engine.Output;
using Npgsql;

namespace BatchWorkers.Worker.Persistence;

/// <summary>
/// Start-up check of a worker that does not migrate (<c>Database:MigrateOnStartup=false</c>, typically logged in as a
/// member of the runtime role): it stops, saying what to run, when the database lacks a migration this build carries
/// or Hangfire's tables. Migrations newer than this build (a rollback of the worker) are fine: they only add.
/// </summary>
public sealed class SchemaCheck(NpgsqlDataSource dataSource, IConfiguration configuration, ILogger<SchemaCheck> logger)
{
    public async Task EnsureCurrentAsync(CancellationToken cancellationToken)
    {
        var problems = await ProblemsAsync(cancellationToken);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException(
                $"The database schema is older than this worker: {string.Join("; ", problems)}. Database:MigrateOnStartup is false, so the " +
                "worker changes no schema: run `dotnet BatchWorkers.Worker.dll migrate` with the schema owner's connection string " +
                "(docs/database-roles.md), then start the worker again.");
        }

        logger.LogInformation("Database schema is current; migrations are left to the migrate step");
    }

    /// <summary>What this build needs that the database lacks; empty when the schema is current.</summary>
    public async Task<IReadOnlyList<string>> ProblemsAsync(CancellationToken cancellationToken)
    {
        // Only reads the journal (a missing journal means nothing is applied); DbUp creates it only when upgrading.
        var pending = await Task.Run(
            () => MigrationScripts.Engine(configuration.PostgresConnectionString(), new NoOpUpgradeLog())
                .GetScriptsToExecute().Select(MigrationScripts.FileName).ToList(),
            cancellationToken);
        var hangfire = await HangfireSchema.InstalledVersionAsync(dataSource, cancellationToken);

        var problems = new List<string>();
        if (pending.Count > 0)
        {
            problems.Add($"{pending.Count} migration(s) are not applied ({string.Join(", ", pending)})");
        }

        if (hangfire is null || hangfire < HangfireSchema.ExpectedVersion)
        {
            problems.Add(hangfire is null
                ? "Hangfire's tables are not installed"
                : $"Hangfire's tables are at version {hangfire}, this worker needs {HangfireSchema.ExpectedVersion}");
        }

        return problems;
    }
}
