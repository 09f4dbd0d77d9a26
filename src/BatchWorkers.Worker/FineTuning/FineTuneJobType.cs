using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;
using BatchWorkers.Worker.Models;
using Hangfire;
using Hangfire.States;

namespace BatchWorkers.Worker.FineTuning;

/// <summary>Fine-tune jobs: one training run per job, on the Hangfire <c>training</c> queue.</summary>
public sealed class FineTuneJobType(ModelCatalog catalog, IBackgroundJobClient backgroundJobs) : ISingleRunJobType
{
    public JobType Type => JobType.FineTune;

    public string RunName => "training run";

    public string ParametersFrom(SubmitJobRequest request) => FineTuneParameters.ToJson(FineTuneParameters.Validate(request.FineTune));

    public async Task<string?> ValidateAsync(JobSubmission submission, CancellationToken cancellationToken)
    {
        if (!ModelStore.IsSafeSegment(submission.Model))
        {
            throw new JobRejectedException(JobRejectionCodes.InvalidParameters,
                $"'{submission.Model}' is not a valid model name (letters, digits, '.', '_' and '-').");
        }

        var settings = FineTuneParameters.Validate(FineTuneParameters.FromJson(submission.ParametersJson));
        if (settings.BaseModel is { } baseModel)
        {
            await catalog.ResolveAsync(baseModel, settings.BaseModelVersion, cancellationToken);
        }

        return null;
    }

    public Task StartAsync(Guid jobId, CancellationToken cancellationToken)
    {
        backgroundJobs.Create<FineTuneRunner>(runner => runner.RunAsync(jobId, null, CancellationToken.None), new EnqueuedState(Operations.Scheduling.SchedulingExtensions.TrainingQueue));
        return Task.CompletedTask;
    }
}
