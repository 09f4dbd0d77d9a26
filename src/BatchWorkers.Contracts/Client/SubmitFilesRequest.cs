namespace BatchWorkers.Contracts;

/// <summary>
/// The fields of a multipart <c>POST /api/jobs</c>: everything of a <see cref="SubmitJobRequest"/> except the items,
/// which travel as file parts named <c>files</c>.
/// </summary>
public sealed record SubmitFilesRequest
{
    public required JobType Type { get; init; }

    public required string Model { get; init; }

    /// <summary>A pinned model version; the newest installed version when null.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>Default <see cref="JobPriority.Normal"/>.</summary>
    public JobPriority Priority { get; init; } = JobPriority.Normal;

    public string? IdempotencyKey { get; init; }

    /// <summary>Image classification: labels per image. The worker's default (5) when null.</summary>
    public int? TopK { get; init; }
}
