using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Jobs.Maintenance;

/// <summary>
/// Recurring repair (Hangfire): dispatches again chunks that were never dispatched or are pending long past
/// their deadline, and publishes the final events a crash left unsent. Both are harmless when repeated.
/// </summary>
public sealed class StuckChunkSweeper(
    ChunkStore chunks, ChunkDispatcher dispatcher, JobStore jobs, JobEventPublisher events, IOptions<JobOptions> options,
    TimeProvider time, ILogger<StuckChunkSweeper> logger)
{
    public const string RecurringJobId = "maintenance:redispatch-stuck-chunks";

    [DisplayName("Re-dispatch stuck chunks and unsent job events")]
    [Queue("maintenance")]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var stuck = await chunks.ListStuckAsync(now - options.Value.ChunkRedispatchAfter, 1000, cancellationToken);
        foreach (var group in stuck.GroupBy(c => (c.JobId, c.JobType, c.Priority)))
        {
            var indexes = group.Select(c => c.ChunkIndex).ToList();
            logger.LogWarning("Re-dispatching {Count} stuck chunks of job {JobId}", indexes.Count, group.Key.JobId);
            await dispatcher.DispatchAsync(group.Key.JobId, group.Key.JobType, group.Key.Priority, indexes, cancellationToken);
        }

        var unpublished = await jobs.ListUnpublishedAsync(now - TimeSpan.FromMinutes(1), cancellationToken);
        foreach (var job in unpublished)
        {
            await events.PublishFinalAsync(job, cancellationToken);
        }

        return $"{stuck.Count} chunks re-dispatched, {unpublished.Count} job events published";
    }
}
