using System.ComponentModel;
using Hangfire;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.Jobs.Maintenance;

/// <summary>
/// Recurring repair (Hangfire): dispatches again chunks that were never dispatched or are pending long past
/// their deadline, starts single-run jobs (fine-tunes) whose run was never handed to Hangfire, and publishes the
/// final events a crash left unsent. All are harmless when repeated (a fine-tune's run lets one copy of itself train).
/// </summary>
public sealed class StuckChunkSweeper(
    ChunkStore chunks, ChunkDispatcher dispatcher, JobStore jobs, JobTypeRegistry registry, JobEventPublisher events,
    IOptions<JobOptions> options, TimeProvider time, ILogger<StuckChunkSweeper> logger)
{
    public const string RecurringJobId = "maintenance:redispatch-stuck-chunks";

    [DisplayName("Re-dispatch stuck chunks, start unstarted runs, publish unsent job events")]
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

        // A minute's grace, as for events: the intake starts a run within milliseconds of recording its job.
        var unstarted = await jobs.ListUnqueuedRunsAsync(registry.SingleRunTypes, now - TimeSpan.FromMinutes(1), cancellationToken);
        foreach (var (jobId, type) in unstarted)
        {
            logger.LogWarning("Starting {Type} job {JobId}: it was recorded but its run was never queued", type, jobId);
            await ((ISingleRunJobType)registry.Get(type)).StartAsync(jobId, cancellationToken);
            await jobs.MarkRunQueuedAsync(jobId, cancellationToken);
        }

        var unpublished = await jobs.ListUnpublishedAsync(now - TimeSpan.FromMinutes(1), cancellationToken);
        foreach (var job in unpublished)
        {
            await events.PublishFinalAsync(job, cancellationToken);
        }

        return $"{stuck.Count} chunks re-dispatched, {unstarted.Count} runs started, {unpublished.Count} job events published";
    }
}
