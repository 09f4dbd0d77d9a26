using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Models;

namespace BatchWorkers.Worker.ImageClassification;

public sealed class ImageClassificationJobType(ModelCatalog catalog) : IJobTypeHandler
{
    public JobType Type => JobType.ImageClassification;

    public string Validate(JobSubmission submission)
    {
        ImageClassificationParameters.Create(ImageClassificationParameters.FromJson(submission.ParametersJson).TopK);
        return catalog.Resolve(submission.Model, submission.ModelVersion).Version;
    }

    public object CreateChunkMessage(Guid jobId, int chunkIndex) => new ClassifyImagesChunk(jobId, chunkIndex);
}
