namespace BatchWorkers.Contracts;

/// <summary>
/// Published when every item of a job has a result or an error: state <see cref="JobState.Succeeded"/>
/// or <see cref="JobState.PartiallySucceeded"/>. Delivery is at-least-once: handle duplicates by <see cref="JobId"/>.
/// </summary>
public sealed record JobCompleted(
    Guid JobId,
    string? IdempotencyKey,
    JobType Type,
    JobState State,
    int TotalItems,
    int SucceededItems,
    int FailedItems,
    DateTimeOffset FinishedAt);
