using BatchWorkers.Contracts;
using BatchWorkers.Worker.Operations;
using MassTransit;

namespace BatchWorkers.Worker.Jobs;

/// <summary>Publishes <see cref="JobCompleted"/> or <see cref="JobFailed"/> for a final job, then marks it published.</summary>
public sealed class JobEventPublisher(
    IPublishEndpoint publishEndpoint, JobStatusQuery statusQuery, JobStore jobs, BatchWorkersMetrics metrics,
    ILogger<JobEventPublisher> logger)
{
    public async Task PublishFinalAsync(JobRecord job, CancellationToken cancellationToken)
    {
        var status = await statusQuery.GetAsync(job.Id, cancellationToken);
        if (status is null)
        {
            return;
        }

        var finishedAt = status.FinishedAt ?? DateTimeOffset.UtcNow;
        if (status.State is JobState.Succeeded or JobState.PartiallySucceeded)
        {
            await publishEndpoint.Publish(new JobCompleted(
                job.Id, job.IdempotencyKey, job.JobType, status.State, status.TotalItems, status.SucceededItems,
                status.FailedItems, finishedAt), cancellationToken);
        }
        else
        {
            await publishEndpoint.Publish(new JobFailed(
                job.Id, job.IdempotencyKey, job.JobType, status.State, status.Error ?? status.State.ToString(),
                status.TotalItems, status.SucceededItems, status.FailedItems, finishedAt), cancellationToken);
        }

        await jobs.MarkEventPublishedAsync(job.Id, cancellationToken);
        metrics.JobFinished(job.JobType, status.State);
        logger.LogInformation(
            "Job {JobId} finished {State}: {Succeeded} of {Total} items succeeded, {Failed} failed",
            job.Id, status.State, status.SucceededItems, status.TotalItems, status.FailedItems);
    }
}
