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

    /// <summary>Translation and summarization: generation settings that override the model's defaults.</summary>
    public GenerationSettings? Generation { get; init; }

    /// <summary>Fine-tune jobs: what to train on and how (such jobs have no items).</summary>
    public FineTuneSettings? FineTune { get; init; }

    /// <summary>
    /// Translation and summarization: mask personal data (e-mail, phone, card, IBAN, IP, configured patterns) in what
    /// is stored (<see cref="RedactionMode.Stored"/>) or also before the model sees it (<see cref="RedactionMode.All"/>).
    /// Null uses the worker's default (<c>Privacy:DefaultRedaction</c>).
    /// </summary>
    public RedactionMode? Redact { get; init; }

    /// <summary>
    /// Store the items' inputs and results encrypted (AES-GCM); null uses the worker's default
    /// (<c>Encryption:SensitiveByDefault</c>).
    /// </summary>
    public bool? Sensitive { get; init; }

    /// <summary>Explanation reports for some or all items; null uses the worker's default (none unless configured).</summary>
    public ExplainSettings? Explain { get; init; }

    /// <summary>How long inputs and results are kept; null keeps them (subject to the worker's global retention).</summary>
    public RetentionSettings? Retention { get; init; }

    /// <summary>The inputs. Required, and non-empty, for every type but fine-tune.</summary>
    public IReadOnlyList<JobItem> Items { get; init; } = [];
}
