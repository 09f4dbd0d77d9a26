using BatchWorkers.Contracts;
using BatchWorkers.Worker.Operations.Audit;

namespace BatchWorkers.Worker.Jobs;

/// <summary>A job as it arrives from any intake (message, HTTP, CLI), before it is recorded.</summary>
public sealed record JobSubmission(
    JobType Type,
    string Model,
    string? ModelVersion,
    JobPriority Priority,
    string? IdempotencyKey,
    string ParametersJson,
    IReadOnlyList<JobItem> Items,
    string SubmittedVia,
    AuditActor? SubmittedBy = null,
    RetentionSettings? Retention = null,
    bool? Sensitive = null,
    ExplainSettings? Explain = null)
{
    /// <summary>The explanation plan resolved at intake (JSON), or null for none.</summary>
    public string? ExplainPlanJson { get; init; }
}

/// <summary>The recorded job, and whether this submission created it or found it by its idempotency key.</summary>
public sealed record SubmissionResult(Guid JobId, bool Created);
