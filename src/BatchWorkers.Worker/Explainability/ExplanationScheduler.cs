using BatchWorkers.Worker.Jobs;
using Hangfire;

namespace BatchWorkers.Worker.Explainability;

/// <summary>Requests the reports a finished chunk's items are due, and queues one Hangfire job per new report.</summary>
public sealed class ExplanationScheduler(ExplanationStore explanations, IBackgroundJobClient backgroundJobs, ILogger<ExplanationScheduler> logger)
{
    public Task ScheduleAsync(JobRecord job, IReadOnlyList<ItemOutcome> outcomes, CancellationToken cancellationToken) =>
        ScheduleItemsAsync(job, [.. outcomes.Where(o => o.Succeeded).Select(o => o.ItemIndex)], cancellationToken);

    /// <summary>Requests the reports due for these items with a successful result; items already requested are skipped.</summary>
    public async Task ScheduleItemsAsync(JobRecord job, IReadOnlyList<int> succeeded, CancellationToken cancellationToken)
    {
        var plan = ExplainPlan.FromJson(job.Explain);
        if (plan.Mode == Contracts.ExplainMode.None)
        {
            return;
        }

        var due = succeeded.Distinct().Where(index => plan.Covers(index, job.TotalItems)).ToList();
        var requested = await explanations.RequestAsync(job.Id, due, KindOf(job.JobType), cancellationToken);
        foreach (var index in requested)
        {
            Enqueue(job.Id, index);
        }

        if (requested.Count > 0)
        {
            await explanations.MarkQueuedAsync(job.Id, requested, cancellationToken);
            logger.LogInformation("Queued {Count} explanation reports for job {JobId}", requested.Count, job.Id);
        }
    }

    public void Enqueue(Guid jobId, int itemIndex) => backgroundJobs.Enqueue<ExplainItemJob>(j => j.RunAsync(jobId, itemIndex, CancellationToken.None));

    public static string KindOf(Contracts.JobType type) => type switch
    {
        Contracts.JobType.ImageClassification => "saliency",
        Contracts.JobType.FineTune => "training",
        _ => "attribution",
    };
}
