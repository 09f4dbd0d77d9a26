using BatchWorkers.Worker.FineTuning;
using BatchWorkers.Worker.Jobs.Maintenance;
using BatchWorkers.Worker.Persistence;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace BatchWorkers.Worker.Operations.Scheduling;

public static class SchedulingExtensions
{
    public const string TrainingQueue = "training";

    /// <summary>Hangfire on PostgreSQL: several worker replicas share one storage and each runs a server.</summary>
    public static WebApplicationBuilder AddScheduling(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.PostgresConnectionString();
        builder.Services.AddOptions<SchedulingOptions>().BindConfiguration(SchedulingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var scheduling = builder.Configuration.GetSection(SchedulingOptions.Section).Get<SchedulingOptions>() ?? new SchedulingOptions();
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = HangfireSchema.Name,
            // The migration step installs Hangfire's tables (MigrationRunner), so the worker needs no right to create them.
            PrepareSchemaIfNecessary = false,
            QueuePollInterval = TimeSpan.FromSeconds(2),
            InvisibilityTimeout = scheduling.InvisibilityTimeout,
            // Hangfire.PostgreSql re-queues a job whose fetch is older than the invisibility timeout, even while it
            // still runs; sliding keeps refreshing the fetch time so long training runs only once.
            UseSlidingInvisibilityTimeout = true,
        };
        // The storage lives in DI rather than in Hangfire's static JobStorage.Current, so each host (and each
        // test host in one process) talks to its own database.
        builder.Services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions));
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseTrainingProgress());
        builder.Services.AddHangfireServer((services, server) =>
        {
            var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SchedulingOptions>>().Value;
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            server.Queues = options.EffectiveQueues;
            server.WorkerCount = options.WorkerCount;
        });
        if (scheduling.TrainingConcurrency > 0)
        {
            // A server of its own for training, so long runs never starve maintenance and reports (and vice versa).
            builder.Services.AddHangfireServer((_, server) =>
            {
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:training";
                server.Queues = [TrainingQueue];
                server.WorkerCount = scheduling.TrainingConcurrency;
            });
        }

        return builder;
    }

    /// <summary>Registers the recurring maintenance jobs; they appear under Recurring Jobs in the dashboard.</summary>
    public static void RegisterRecurringJobs(IRecurringJobManager recurringJobs, SchedulingOptions options)
    {
        recurringJobs.AddOrUpdate<StuckChunkSweeper>(
            StuckChunkSweeper.RecurringJobId, "maintenance", sweeper => sweeper.RunAsync(CancellationToken.None), options.RedispatchCron);
        recurringJobs.AddOrUpdate<RetentionPurge>(
            RetentionPurge.RecurringJobId, "maintenance", purge => purge.RunAsync(CancellationToken.None), options.RetentionPurgeCron);
        recurringJobs.AddOrUpdate<JobRetention>(
            JobRetention.RecurringJobId, "maintenance", retention => retention.RunAsync(CancellationToken.None), options.JobRetentionCron);
    }
}
