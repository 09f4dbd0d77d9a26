using BatchWorkers.Worker.Jobs;
using MassTransit;

namespace BatchWorkers.Worker.ImageClassification;

public sealed class ClassifyImagesChunkConsumer(ChunkRunner runner, ImageClassificationPipeline pipeline) : IConsumer<ClassifyImagesChunk>
{
    public Task Consume(ConsumeContext<ClassifyImagesChunk> context) =>
        runner.RunAsync(context.Message.JobId, context.Message.ChunkIndex, pipeline, context.CancellationToken);
}
