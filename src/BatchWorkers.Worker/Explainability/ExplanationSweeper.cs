using System.ComponentModel;
using Hangfire;

namespace BatchWorkers.Worker.Explainability;

/// <summary>Re-queues reports requested long ago and still pending: a crash between recording and queueing them.</summary>
public sealed class ExplanationSweeper(ExplanationStore explanations, ExplanationScheduler scheduler, TimeProvider time)
{
    public const string RecurringJobId = "maintenance:requeue-stale-explanations";

    [DisplayName("Re-queue stale explanation reports")]
    [Queue("maintenance")]
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var stale = await explanations.StalePendingAsync(time.GetUtcNow().UtcDateTime.AddMinutes(-15), cancellationToken);
        foreach (var (jobId, itemIndex) in stale)
        {
            scheduler.Enqueue(jobId, itemIndex);
        }

        return $"{stale.Count} stale reports re-queued";
    }
}
