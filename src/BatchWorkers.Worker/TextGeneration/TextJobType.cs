using BatchWorkers.Contracts;
using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Models;

namespace BatchWorkers.Worker.TextGeneration;

/// <summary>
/// Translation or summarization as a chunked job type: the settings are checked at intake against the model's own
/// generation defaults, so an absurd or contradictory setting rejects the job instead of failing every item.
/// </summary>
public sealed class TextJobType<TChunk>(ModelCatalog catalog) : IChunkedJobType
    where TChunk : ITextChunk
{
    public JobType Type => TChunk.JobType;

    public string ParametersFrom(SubmitJobRequest request) => new TextGenerationParameters(request.Generation, request.Redact).ToJson();

    public async Task<string?> ValidateAsync(JobSubmission submission, CancellationToken cancellationToken)
    {
        var model = await catalog.ResolveAsync(submission.Model, submission.ModelVersion, cancellationToken);
        if (!ModelArtifacts.IsSeq2Seq(model.Directory))
        {
            throw new JobRejectedException(JobRejectionCodes.InvalidParameters,
                $"Model {model.Key} is not a seq2seq export (no encoder_model.onnx), so it cannot run {Type} jobs. Pull one with `bw models pull`.");
        }

        var overrides = TextGenerationParameters.FromJson(submission.ParametersJson).ToOverrides();
        try
        {
            GenerationConfigLoader.Load(model.Directory).With(overrides);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidDataException)
        {
            throw new JobRejectedException(JobRejectionCodes.InvalidParameters, $"Invalid generation settings: {ex.Message}");
        }

        return model.Version;
    }

    public object CreateChunkMessage(Guid jobId, int chunkIndex) => TChunk.Create(jobId, chunkIndex);
}
