using BatchWorkers.Contracts;
using BatchWorkers.Seq2Seq.Pipelines;
using BatchWorkers.Worker.TextGeneration;

namespace BatchWorkers.Worker.Summarization;

/// <summary>One chunk of a summarization job; any worker replica may take it (competing consumers).</summary>
public sealed record SummarizeTextsChunk(Guid JobId, int ChunkIndex) : ITextChunk
{
    public static JobType JobType => JobType.Summarization;

    public static Seq2SeqTask Task => Seq2SeqTask.Summarization;

    public static string QueueName => "summarize-texts";

    public static ITextChunk Create(Guid jobId, int chunkIndex) => new SummarizeTextsChunk(jobId, chunkIndex);
}
