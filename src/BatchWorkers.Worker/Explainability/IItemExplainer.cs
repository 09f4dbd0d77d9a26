using BatchWorkers.Contracts;
using BatchWorkers.Worker.Jobs;

namespace BatchWorkers.Worker.Explainability;

/// <summary>A report's data (JSON) and its files.</summary>
public sealed record ExplanationReport(string Kind, string ReportJson, IReadOnlyList<ExplanationAsset> Assets);

/// <summary>A picture or page of a report.</summary>
public sealed record ExplanationAsset(string Name, string ContentType, byte[] Content);

/// <summary>Explains one item's prediction for a job type (each task folder registers one).</summary>
public interface IItemExplainer
{
    JobType Type { get; }

    /// <summary>Computes the report; throws when the item cannot be explained (the failure is recorded, the result kept).</summary>
    Task<ExplanationReport> ExplainAsync(JobRecord job, PendingItem item, ItemResult result, int budget, CancellationToken cancellationToken);
}
