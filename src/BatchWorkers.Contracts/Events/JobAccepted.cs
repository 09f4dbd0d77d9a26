namespace BatchWorkers.Contracts;

/// <summary>Published once a submitted job is recorded, so a submitter learns the job id for its key.</summary>
public sealed record JobAccepted(Guid JobId, string IdempotencyKey, JobType Type, int TotalItems, DateTimeOffset AcceptedAt);
