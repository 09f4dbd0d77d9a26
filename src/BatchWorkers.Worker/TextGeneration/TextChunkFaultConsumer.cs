using BatchWorkers.Worker.Jobs;
using MassTransit;

namespace BatchWorkers.Worker.TextGeneration;

/// <summary>Records a chunk that failed after every retry on its items, so the job still reaches a final state.</summary>
public sealed class TextChunkFaultConsumer<TChunk>(ChunkFaultRecorder recorder) : IConsumer<Fault<TChunk>>
    where TChunk : class, ITextChunk
{
    public Task Consume(ConsumeContext<Fault<TChunk>> context)
    {
        var reason = context.Message.Exceptions.FirstOrDefault() is { } exception
            ? $"{exception.ExceptionType}: {exception.Message}"
            : "unknown error";
        return recorder.RecordAsync(context.Message.Message.JobId, context.Message.Message.ChunkIndex, reason, context.CancellationToken);
    }
}
