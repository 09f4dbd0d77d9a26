using BatchWorkers.Contracts;
using BatchWorkers.Worker.FineTuning;
using BatchWorkers.Worker.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace BatchWorkers.Tests.Infrastructure;

/// <summary>Fine-tune jobs as a crash leaves them: recorded by the intake, with no Hangfire job created.</summary>
public static class TestFineTunes
{
    /// <summary>The smallest synthetic training the fine-tune tests run: a few seconds on CPU.</summary>
    public static readonly FineTuneSettings Small = new()
    {
        SyntheticShapes = true, SyntheticImagesPerClass = 150, Epochs = 2, PromoteIfBetter = false,
    };

    /// <summary>Records a job as <see cref="JobIntake"/> does, then stops where a killed worker would: before starting it.</summary>
    public static Task<SubmissionResult> RecordUnstartedAsync(IServiceProvider services, string model)
    {
        var submission = new JobSubmission(
            JobType.FineTune, model, null, JobPriority.Normal, null, FineTuneParameters.ToJson(Small),
            [new JobItem { Name = "training run" }], "test");
        return services.GetRequiredService<JobStore>()
            .InsertAsync(submission, null, chunkSize: null, [null], JobState.Queued, null, CancellationToken.None);
    }
}
