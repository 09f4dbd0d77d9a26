using BatchWorkers.Worker.Jobs;
using MassTransit;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.ImageClassification;

/// <summary>Queue, priority, concurrency and retry for image chunks.</summary>
public sealed class ClassifyImagesChunkConsumerDefinition : ConsumerDefinition<ClassifyImagesChunkConsumer>
{
    private readonly JobOptions _jobOptions;

    public ClassifyImagesChunkConsumerDefinition(IOptions<ImageClassificationOptions> options, IOptions<JobOptions> jobOptions)
    {
        _jobOptions = jobOptions.Value;
        EndpointName = "classify-images";
        ConcurrentMessageLimit = options.Value.ConcurrentChunks;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<ClassifyImagesChunkConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.EnablePriority(10);
            // Unacknowledged chunks return to the queue when a worker dies; keep few in flight per worker.
            rabbit.PrefetchCount = (ushort)Math.Max(1, ConcurrentMessageLimit ?? 1);
        }

        // Transient failures (database restart, broker hiccup) retry with backoff; after that the chunk goes to
        // classify-images_error and ClassifyImagesChunkFaultConsumer records the failure on its items.
        endpointConfigurator.UseJobRetry(_jobOptions);
    }
}
