using BatchWorkers.Contracts;
using BatchWorkers.Seq2Seq.Pipelines;

namespace BatchWorkers.Worker.TextGeneration;

/// <summary>A chunk message of a text job type: each type has its own message, and so its own queue.</summary>
public interface ITextChunk
{
    Guid JobId { get; }

    int ChunkIndex { get; }

    static abstract JobType JobType { get; }

    static abstract Seq2SeqTask Task { get; }

    /// <summary>The RabbitMQ queue the type's chunks go to.</summary>
    static abstract string QueueName { get; }

    static abstract ITextChunk Create(Guid jobId, int chunkIndex);
}
