using System.ComponentModel.DataAnnotations;

namespace BatchWorkers.Worker.Persistence;

/// <summary>Section <c>Database</c>. The connection string itself is <c>ConnectionStrings:Postgres</c>.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>
    /// Apply pending migrations (and install Hangfire's tables) at start-up, under an advisory lock: needs the schema
    /// owner's connection string. Default true. False for a worker logged in as the runtime role: it changes no schema,
    /// checks that the <c>migrate</c> step has brought it up to date, and stops with what to run when not.
    /// </summary>
    public bool MigrateOnStartup { get; set; } = true;

    /// <summary>How long a replica waits for another replica's migration to finish. Default 5 minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MigrationLockTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
