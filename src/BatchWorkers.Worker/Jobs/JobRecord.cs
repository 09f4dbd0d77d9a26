using BatchWorkers.Contracts;

namespace BatchWorkers.Worker.Jobs;

/// <summary>A row of <c>jobs</c>.</summary>
public sealed class JobRecord
{
    public Guid Id { get; init; }
    public JobType JobType { get; init; }
    public string ModelName { get; init; } = "";
    public string? ModelVersion { get; init; }
    public JobPriority Priority { get; init; }
    public string? IdempotencyKey { get; init; }
    public JobState State { get; init; }
    public string? Error { get; init; }
    public string Parameters { get; init; } = "{}";
    public int TotalItems { get; init; }
    public int ChunkSize { get; init; }
    public int ChunkCount { get; init; }
    public DateTime SubmittedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
    public bool Sensitive { get; init; }

    /// <summary>The resolved explanation plan (JSON of ExplainPlan); null for none.</summary>
    public string? Explain { get; init; }

    public bool IsFinal => State is JobState.Succeeded or JobState.PartiallySucceeded or JobState.Failed or JobState.Cancelled;
}
