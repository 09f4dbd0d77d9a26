using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Operations;
using MassTransit;

namespace BatchWorkers.Worker.TextGeneration;

public sealed class TextChunkConsumer<TChunk>(
    ChunkRunner runner, TextProcessors processors, BatchWorkersMetrics metrics, TimeProvider time) : IConsumer<TChunk>
    where TChunk : class, ITextChunk
{
    public Task Consume(ConsumeContext<TChunk> context)
    {
        if (context.SentTime is { } sent)
        {
            metrics.QueueWait(TChunk.JobType, time.GetUtcNow().UtcDateTime - sent);
        }

        return runner.RunAsync(context.Message.JobId, context.Message.ChunkIndex, processors.For(TChunk.Task), context.CancellationToken);
    }
}
