using System.ComponentModel;
using Hangfire;

namespace BatchWorkers.Worker.Explainability;

/// <summary>
/// Re-queues pending reports whose Hangfire job never got queued (a worker killed between recording and queueing
/// them: found after a minute) or was queued long ago and is still not done (15 minutes). Running a report twice is
/// harmless: a stored report is never replaced.
/// </summary>
public sealed class ExplanationSweeper(ExplanationStore explanations, ExplanationScheduler scheduler, TimeProvider time)
{
    public const string RecurringJobId = "maintenance:requeue-stale-explanations";

    [DisplayName("Re-queue stale explanation reports")]
    [Queue("maintenance")]
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var stale = await explanations.StalePendingAsync(now.AddMinutes(-1), now.AddMinutes(-15), cancellationToken);
        foreach (var (jobId, itemIndex) in stale)
        {
            scheduler.Enqueue(jobId, itemIndex);
            await explanations.MarkQueuedAsync(jobId, [itemIndex], cancellationToken);
        }

        return $"{stale.Count} stale reports re-queued";
    }
}
