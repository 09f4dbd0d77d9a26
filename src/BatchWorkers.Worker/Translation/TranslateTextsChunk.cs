using BatchWorkers.Contracts;
using BatchWorkers.Seq2Seq.Pipelines;
using BatchWorkers.Worker.TextGeneration;

namespace BatchWorkers.Worker.Translation;

/// <summary>One chunk of a translation job; any worker replica may take it (competing consumers).</summary>
public sealed record TranslateTextsChunk(Guid JobId, int ChunkIndex) : ITextChunk
{
    public static JobType JobType => JobType.Translation;

    public static Seq2SeqTask Task => Seq2SeqTask.Translation;

    public static string QueueName => "translate-texts";

    public static ITextChunk Create(Guid jobId, int chunkIndex) => new TranslateTextsChunk(jobId, chunkIndex);
}
