using System.Diagnostics;
using BatchWorkers.Worker.Explainability;
using BatchWorkers.Worker.Operations;

namespace BatchWorkers.Worker.Jobs;

/// <summary>
/// Runs one chunk of any job type. Safe to run twice for the same chunk (at-least-once delivery): items that
/// already have a result are skipped, results are written with ON CONFLICT DO NOTHING, and closing the chunk and
/// finalising the job are conditional updates.
/// </summary>
public sealed class ChunkRunner(
    JobStore jobs, ChunkStore chunks, ResultStore results, JobEventPublisher events, ExplanationScheduler explanations,
    InferenceActivity inference, BatchWorkersMetrics metrics, ILogger<ChunkRunner> logger)
{
    public async Task RunAsync(Guid jobId, int chunkIndex, IChunkProcessor processor, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = jobId, ["ChunkIndex"] = chunkIndex });
        var chunk = await chunks.GetAsync(jobId, chunkIndex, cancellationToken);
        var job = await jobs.GetAsync(jobId, cancellationToken);
        if (chunk is null || job is null)
        {
            logger.LogWarning("Chunk {ChunkIndex} of job {JobId} no longer exists (purged?); dropping the message", chunkIndex, jobId);
            return;
        }

        if (chunk.State == "Pending")
        {
            if (job.IsFinal)
            {
                await chunks.CloseAsync(jobId, chunkIndex, "Cancelled", $"Job is already {job.State}.", cancellationToken);
                logger.LogInformation("Skipping chunk {ChunkIndex}: job {JobId} is {State}", chunkIndex, jobId, job.State);
                return;
            }

            await ProcessAsync(job, chunk, processor, cancellationToken);
        }

        // Also after a redelivery of a closed chunk: the crash may have come between closing it and finalising.
        await FinalizeAsync(jobId, cancellationToken);
    }

    private async Task ProcessAsync(JobRecord job, ChunkRecord chunk, IChunkProcessor processor, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var running = inference.Enter();
        await jobs.MarkRunningAsync(job.Id, cancellationToken);
        var pending = await results.LoadPendingAsync(job.Id, chunk.FirstItem, chunk.ItemCount, cancellationToken);
        var rejected = pending.Where(i => i.IntakeErrorCode is not null)
            .Select(i => ItemOutcome.Failure(i.ItemIndex, i.IntakeErrorCode!, i.IntakeError ?? i.IntakeErrorCode!))
            .ToList();
        var runnable = pending.Where(i => i.IntakeErrorCode is null).ToList();
        var outcomes = runnable.Count == 0 ? [] : await processor.ProcessAsync(job, runnable, cancellationToken);
        var written = await results.WriteAsync(job.Id, [.. rejected, .. outcomes], cancellationToken);
        var succeeded = outcomes.Where(o => o.Succeeded).Select(o => o.ItemIndex).ToList();
        if (pending.Count < chunk.ItemCount)
        {
            // An earlier delivery wrote some of this chunk's results and died before requesting their reports (a
            // crash, a database or broker outage mid-chunk): request them now. Requesting twice changes nothing.
            succeeded.AddRange(await results.SucceededIndexesAsync(job.Id, chunk.FirstItem, chunk.ItemCount, cancellationToken));
        }

        await explanations.ScheduleItemsAsync(job, succeeded, cancellationToken);
        await chunks.CloseAsync(job.Id, chunk.ChunkIndex, "Done", null, cancellationToken);

        var elapsed = Stopwatch.GetElapsedTime(started);
        metrics.ChunkProcessed(job.JobType, elapsed, [.. rejected, .. outcomes]);
        logger.LogInformation(
            "Chunk {ChunkIndex} of job {JobId} done in {ElapsedMs:0} ms: {Written} results written, {Skipped} already present",
            chunk.ChunkIndex, job.Id, elapsed.TotalMilliseconds, written, chunk.ItemCount - pending.Count);
    }

    public async Task FinalizeAsync(Guid jobId, CancellationToken cancellationToken)
    {
        if (await jobs.TryFinalizeAsync(jobId, cancellationToken) is { } finished)
        {
            await events.PublishFinalAsync(finished, cancellationToken);
        }
    }
}
