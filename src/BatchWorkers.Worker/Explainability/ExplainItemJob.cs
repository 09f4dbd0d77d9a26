using System.ComponentModel;
using BatchWorkers.Worker.Jobs;
using Hangfire;

namespace BatchWorkers.Worker.Explainability;

/// <summary>
/// Computes one item's report (Hangfire, <c>explain</c> queue, its own server so reports never take the workers of
/// other queues). Safe to run twice: a stored report is never replaced. A report that keeps failing is recorded as
/// failed; the result it explains is never touched.
/// </summary>
public sealed class ExplainItemJob(
    JobStore jobs, ResultStore results, ExplanationStore explanations, IEnumerable<IItemExplainer> explainers, ILogger<ExplainItemJob> logger)
{
    public const string Queue = "explain";

    [DisplayName("Explain item {1} of job {0}")]
    [Queue(Queue)]
    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [5, 30], OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    public async Task RunAsync(Guid jobId, int itemIndex, CancellationToken cancellationToken)
    {
        if (await explanations.GetAsync(jobId, itemIndex, cancellationToken) is not { State: "pending" })
        {
            return;
        }

        var job = await jobs.GetAsync(jobId, cancellationToken);
        var item = await results.LoadItemAsync(jobId, itemIndex, cancellationToken);
        var result = await results.GetAsync(jobId, itemIndex, cancellationToken);
        var explainer = explainers.FirstOrDefault(e => e.Type == job?.JobType);
        if (job is null || item is null || result is not { Succeeded: true } || explainer is null)
        {
            await explanations.FailAsync(jobId, itemIndex, job is null || item is null
                ? "The job or its item no longer exists (purged?)."
                : result is not { Succeeded: true } ? "The item has no successful result to explain." : $"{job.JobType} jobs have no explanation method.",
                cancellationToken);
            return;
        }

        try
        {
            var report = await explainer.ExplainAsync(job, item, result, ExplainPlan.FromJson(job.Explain).Budget, cancellationToken);
            var stored = await explanations.CompleteAsync(jobId, itemIndex, report, cancellationToken);
            logger.LogInformation("Explanation of item {ItemIndex} of job {JobId} ({Kind}) {Outcome}", itemIndex, jobId, report.Kind, stored ? "stored" : "was already stored");
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !IsOutage(ex))
        {
            logger.LogWarning(ex, "Explaining item {ItemIndex} of job {JobId} failed", itemIndex, jobId);
            await explanations.FailAsync(jobId, itemIndex, $"{ex.GetType().Name}: {ex.Message}", CancellationToken.None);
        }
    }

    /// <summary>
    /// The database away for a moment (a restart, a failover) says nothing about the report: Hangfire runs it again
    /// rather than record it as failed for good (found by the fault suite: one report lost per PostgreSQL restart).
    /// </summary>
    private static bool IsOutage(Exception ex) => ex is Npgsql.NpgsqlException npgsql
        && (npgsql.IsTransient || npgsql is not Npgsql.PostgresException || ((Npgsql.PostgresException)npgsql).SqlState.StartsWith("57P", StringComparison.Ordinal));
}
