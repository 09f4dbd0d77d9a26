using BatchWorkers.Contracts;
using MassTransit;

namespace BatchWorkers.Worker.Jobs;

/// <summary>
/// Publishes chunk messages with the job's priority. RabbitMQ priority queues then deliver an urgent job's
/// chunks ahead of a backlog of normal ones.
/// </summary>
public sealed class ChunkDispatcher(IPublishEndpoint publishEndpoint, JobTypeRegistry registry, ChunkStore chunks)
{
    public static byte ToQueuePriority(JobPriority priority) => priority switch
    {
        JobPriority.High => 9,
        JobPriority.Low => 1,
        _ => 5,
    };

    public async Task DispatchAsync(Guid jobId, JobType type, JobPriority priority, IReadOnlyList<int> chunkIndexes, CancellationToken cancellationToken)
    {
        if (chunkIndexes.Count == 0)
        {
            return;
        }

        var handler = registry.Get(type) as IChunkedJobType
            ?? throw new InvalidOperationException($"Job type {type} does not run in chunks.");
        var queuePriority = ToQueuePriority(priority);
        foreach (var index in chunkIndexes)
        {
            var message = handler.CreateChunkMessage(jobId, index);
            await publishEndpoint.Publish(message, message.GetType(), context => context.SetPriority(queuePriority), cancellationToken);
        }

        await chunks.MarkDispatchedAsync(jobId, chunkIndexes, cancellationToken);
    }
}
