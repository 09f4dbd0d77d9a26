namespace BatchWorkers.Contracts;

/// <summary>
/// Published by other services to summarize texts with a seq2seq model (BART, DistilBART, T5) from the worker's
/// model store. Texts beyond the model's input limit are summarized in segments, then the joined summaries once
/// more. Re-publishing with the same <see cref="IdempotencyKey"/> returns the same job.
/// </summary>
public sealed record SubmitSummarizationJob
{
    /// <summary>Model name in the store, for example <c>distilbart-cnn-6-6</c>.</summary>
    public required string Model { get; init; }

    /// <summary>A pinned model version; the production version when null.</summary>
    public string? ModelVersion { get; init; }

    /// <summary>Default <see cref="JobPriority.Normal"/>.</summary>
    public JobPriority Priority { get; init; } = JobPriority.Normal;

    /// <summary>Client-chosen key; when null the message id is used, so a redelivered message is still one job.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>Overrides of the model's generation settings.</summary>
    public GenerationSettings? Generation { get; init; }

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

    /// <summary>The texts: inline <see cref="JobItem.Text"/>, UTF-8 bytes, or references.</summary>
    public required IReadOnlyList<JobItem> Items { get; init; }
}
