namespace BatchWorkers.Worker.Jobs;

/// <summary>Stops a job: pending chunks are closed, chunks already running finish, no further chunk starts.</summary>
public sealed class JobCancellation(JobStore jobs, JobEventPublisher events, ILogger<JobCancellation> logger)
{
    /// <returns>False when the job does not exist.</returns>
    public async Task<bool> CancelAsync(Guid jobId, CancellationToken cancellationToken)
    {
        if (await jobs.CancelAsync(jobId, cancellationToken) is { } cancelled)
        {
            logger.LogInformation("Job {JobId} cancelled", jobId);
            await events.PublishFinalAsync(cancelled, cancellationToken);
            return true;
        }

        return await jobs.GetAsync(jobId, cancellationToken) is not null;
    }
}
