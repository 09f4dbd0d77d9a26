namespace BatchWorkers.Contracts;

/// <summary>
/// A job and its progress, as <c>GET /api/jobs/{id}</c> returns it. <see cref="RunProgress"/> is the latest report
/// of a single-run job (a training run: epoch, step, loss, accuracy). <see cref="InputsPurgedAt"/> and
/// <see cref="PurgedAt"/> say when retention removed the job's inputs, or its inputs and results.
/// </summary>
public sealed record JobStatus(
    Guid Id,
    JobType Type,
    string Model,
    string? ModelVersion,
    JobPriority Priority,
    JobState State,
    string? Error,
    string? IdempotencyKey,
    int TotalItems,
    int CompletedItems,
    int SucceededItems,
    int FailedItems,
    int ChunkCount,
    int ChunksDone,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    System.Text.Json.JsonElement? RunProgress = null,
    DateTimeOffset? InputsPurgedAt = null,
    DateTimeOffset? PurgedAt = null,
    ExplanationCounts? Explanations = null)
{
    public bool IsFinal => State is JobState.Succeeded or JobState.PartiallySucceeded or JobState.Failed or JobState.Cancelled;

    public double Progress => TotalItems == 0 ? 1 : (double)CompletedItems / TotalItems;
}
