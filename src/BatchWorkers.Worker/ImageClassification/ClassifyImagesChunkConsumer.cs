using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Operations;
using MassTransit;

namespace BatchWorkers.Worker.ImageClassification;

public sealed class ClassifyImagesChunkConsumer(
    ChunkRunner runner, ImageClassificationPipeline pipeline, BatchWorkersMetrics metrics, TimeProvider time) : IConsumer<ClassifyImagesChunk>
{
    public Task Consume(ConsumeContext<ClassifyImagesChunk> context)
    {
        if (context.SentTime is { } sent)
        {
            metrics.QueueWait(JobType.ImageClassification, time.GetUtcNow().UtcDateTime - sent);
        }

        return runner.RunAsync(context.Message.JobId, context.Message.ChunkIndex, pipeline, context.CancellationToken);
    }
}
