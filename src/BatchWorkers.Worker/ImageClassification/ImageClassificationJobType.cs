using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Models;

namespace BatchWorkers.Worker.ImageClassification;

public sealed class ImageClassificationJobType(ModelCatalog catalog) : IChunkedJobType
{
    public JobType Type => JobType.ImageClassification;

    public string ParametersFrom(SubmitJobRequest request) => ImageClassificationParameters.Create(request.TopK).ToJson();

    public async Task<string?> ValidateAsync(JobSubmission submission, CancellationToken cancellationToken)
    {
        ImageClassificationParameters.Create(ImageClassificationParameters.FromJson(submission.ParametersJson).TopK);
        return (await catalog.ResolveAsync(submission.Model, submission.ModelVersion, cancellationToken)).Version;
    }

    public object CreateChunkMessage(Guid jobId, int chunkIndex) => new ClassifyImagesChunk(jobId, chunkIndex);
}
