using BatchWorkers.Worker.Operations.Logging;

namespace BatchWorkers.Worker.Persistence;

/// <summary>
/// <c>dotnet BatchWorkers.Worker.dll migrate</c>: brings the schema up to date and exits (0 when it is current), with the
/// schema owner's connection string, so that workers can run as the runtime role with <c>Database:MigrateOnStartup=false</c>.
/// Reads configuration as the worker does; needs only <c>ConnectionStrings:Postgres</c>.
/// </summary>
public static class MigrateCommand
{
    public const string Verb = "migrate";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddLogging().AddPersistence();
        await using var app = builder.Build();
        var logger = app.Services.GetRequiredService<ILogger<MigrationRunner>>();
        try
        {
            await app.Services.GetRequiredService<MigrationRunner>().RunAsync(cancellationToken);
            logger.LogInformation("Database schema is current (Hangfire schema version {HangfireVersion})", HangfireSchema.ExpectedVersion);
            return 0;
        }
        catch (Exception ex) when (ex is InvalidOperationException or Npgsql.NpgsqlException or OperationCanceledException)
        {
            logger.LogCritical(ex, "Migration failed: {Reason}", ex.Message);
            return 1;
        }
    }
}
