using BatchWorkers.Contracts;

namespace BatchWorkers.Worker.Jobs;

/// <summary>
/// When a chunk keeps failing and MassTransit gives up (the message goes to the error queue), its items that
/// have no result get the reason as their error, so nothing is silently lost and the job can still finish.
/// </summary>
public sealed class ChunkFaultRecorder(ChunkStore chunks, ResultStore results, ChunkRunner runner, ILogger<ChunkFaultRecorder> logger)
{
    public async Task RecordAsync(Guid jobId, int chunkIndex, string reason, CancellationToken cancellationToken)
    {
        var chunk = await chunks.GetAsync(jobId, chunkIndex, cancellationToken);
        if (chunk is null)
        {
            return;
        }

        var error = $"The chunk failed after retries: {reason}";
        var pending = await results.LoadPendingAsync(jobId, chunk.FirstItem, chunk.ItemCount, cancellationToken);
        await results.WriteAsync(jobId, pending.Select(i => ItemOutcome.Failure(i.ItemIndex, ItemErrorCodes.ChunkFailed, error)).ToList(), cancellationToken);
        await chunks.CloseAsync(jobId, chunkIndex, "Failed", reason, cancellationToken);
        logger.LogError("Chunk {ChunkIndex} of job {JobId} failed for good; {Items} items marked failed: {Reason}", chunkIndex, jobId, pending.Count, reason);
        await runner.FinalizeAsync(jobId, cancellationToken);
    }
}
