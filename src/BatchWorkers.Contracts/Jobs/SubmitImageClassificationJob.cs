namespace BatchWorkers.Contracts;

/// <summary>
/// Published by other services to classify a batch of images with a model from the worker's model store.
/// Re-publishing with the same <see cref="IdempotencyKey"/> returns the same job instead of a new one.
/// </summary>
public sealed record SubmitImageClassificationJob
{
    /// <summary>Model name in the store, for example <c>shapes</c>.</summary>
    public required string Model { get; init; }

    /// <summary>A pinned model version; the newest installed version when null.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>Default <see cref="JobPriority.Normal"/>.</summary>
    public JobPriority Priority { get; init; } = JobPriority.Normal;

    /// <summary>Client-chosen key; when null the message id is used, so a redelivered message is still one job.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>How many labels to return per image. Default 5, at most 100.</summary>
    public int TopK { get; init; } = 5;

    /// <summary>
    /// Store the items' inputs and results encrypted (AES-GCM); null uses the worker's default
    /// (<c>Encryption:SensitiveByDefault</c>).
    /// </summary>
    public bool? Sensitive { get; init; }

    /// <summary>Explanation reports for some or all items; null uses the worker's default (none unless configured).</summary>
    public ExplainSettings? Explain { get; init; }

    /// <summary>How long inputs and results are kept; null keeps them (subject to the worker's global retention).</summary>
    public RetentionSettings? Retention { get; init; }

    /// <summary>The images. At least one.</summary>
    public required IReadOnlyList<JobItem> Items { get; init; }
}
