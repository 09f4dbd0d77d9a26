using BatchWorkers.Worker.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace BatchWorkers.Worker.Operations.Health;

/// <summary>
/// Ready only while the database has every migration this build carries: a database restored from an older backup, or
/// a rollback of the schema under running workers, shows here with the command to run rather than as failing jobs.
/// </summary>
public sealed class SchemaHealthCheck(SchemaCheck schema) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var problems = await schema.ProblemsAsync(cancellationToken);
            return problems.Count == 0
                ? HealthCheckResult.Healthy("The database schema is current.")
                : HealthCheckResult.Unhealthy(
                    $"The database schema is older than this worker: {string.Join("; ", problems)}. Run `dotnet BatchWorkers.Worker.dll migrate` as the schema owner.");
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"The database schema cannot be read: {ex.Message}");
        }
    }
}
