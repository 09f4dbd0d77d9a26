using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Jobs.Maintenance;

/// <summary>Recurring purge (Hangfire) of finished jobs older than <see cref="JobOptions.RetainFinishedJobsFor"/>; off by default.</summary>
public sealed class RetentionPurge(JobStore jobs, IOptions<JobOptions> options, TimeProvider time, ILogger<RetentionPurge> logger)
{
    public const string RecurringJobId = "maintenance:purge-old-jobs";

    [DisplayName("Purge finished jobs past retention")]
    [Queue("maintenance")]
    [DisableConcurrentExecution(timeoutInSeconds: 600)]
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        if (options.Value.RetainFinishedJobsFor is not { } retention)
        {
            return "Retention is off (Jobs:RetainFinishedJobsFor is not set); nothing purged.";
        }

        var cutoff = time.GetUtcNow().UtcDateTime - retention;
        var purged = await jobs.PurgeFinishedBeforeAsync(cutoff, cancellationToken);
        logger.LogInformation("Retention purge removed {Count} jobs finished before {Cutoff:o}", purged, cutoff);
        return $"{purged} jobs finished before {cutoff:u} purged";
    }
}
