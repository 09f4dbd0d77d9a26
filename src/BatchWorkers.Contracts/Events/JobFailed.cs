namespace BatchWorkers.Contracts;

/// <summary>
/// Published when a job ends without usable results: state <see cref="JobState.Failed"/> (every item failed,
/// or the job was rejected, for example for an unknown model) or <see cref="JobState.Cancelled"/>.
/// </summary>
public sealed record JobFailed(
    Guid JobId,
    string? IdempotencyKey,
    JobType Type,
    JobState State,
    string Reason,
    int TotalItems,
    int SucceededItems,
    int FailedItems,
    DateTimeOffset FinishedAt);
