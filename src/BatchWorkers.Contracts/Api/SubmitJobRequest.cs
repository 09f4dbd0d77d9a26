namespace BatchWorkers.Contracts;

/// <summary>Body of <c>POST /api/jobs</c>.</summary>
public sealed record SubmitJobRequest
{
    public required JobType Type { get; init; }

    public required string Model { get; init; }

    public string? ModelVersion { get; init; }

    public JobPriority Priority { get; init; } = JobPriority.Normal;

    public string? IdempotencyKey { get; init; }

    /// <summary>Image classification: labels per image. Default 5.</summary>
    public int? TopK { get; init; }

    public required IReadOnlyList<JobItem> Items { get; init; }
}
