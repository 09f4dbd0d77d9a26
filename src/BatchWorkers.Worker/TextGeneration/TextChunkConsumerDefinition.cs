using BatchWorkers.Worker.Jobs;
using MassTransit;
using Microsoft.Extensions.Options;

namespace BatchWorkers.Worker.TextGeneration;

/// <summary>Queue, priority, concurrency and retry for a text type's chunks.</summary>
public sealed class TextChunkConsumerDefinition<TChunk> : ConsumerDefinition<TextChunkConsumer<TChunk>>
    where TChunk : class, ITextChunk
{
    private readonly JobOptions _jobOptions;

    public TextChunkConsumerDefinition(IOptions<TextGenerationOptions> options, IOptions<JobOptions> jobOptions)
    {
        _jobOptions = jobOptions.Value;
        EndpointName = TChunk.QueueName;
        ConcurrentMessageLimit = options.Value.ConcurrentChunks;
    }

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TextChunkConsumer<TChunk>> consumerConfigurator,
        IRegistrationContext context)
    {
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            rabbit.EnablePriority(10);
            // Unacknowledged chunks return to the queue when a worker dies; keep few in flight per worker.
            rabbit.PrefetchCount = (ushort)Math.Max(1, ConcurrentMessageLimit ?? 1);
        }

        // After the retries the chunk goes to the _error queue and TextChunkFaultConsumer records it on its items.
        endpointConfigurator.UseJobRetry(_jobOptions);
    }
}
