namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>
/// Settings a job may change; null keeps the model's value. Checked against <see cref="GenerationLimits"/> by
/// <see cref="GenerationConfig.With"/>.
/// </summary>
public sealed record GenerationOverrides
{
    /// <summary><c>num_beams</c>, 1–16.</summary>
    public int? NumBeams { get; init; }

    /// <summary><c>length_penalty</c>, −5 to 5.</summary>
    public double? LengthPenalty { get; init; }

    /// <summary><c>early_stopping</c>.</summary>
    public EarlyStopping? EarlyStopping { get; init; }

    /// <summary><c>no_repeat_ngram_size</c>, 0–10 (0 turns it off).</summary>
    public int? NoRepeatNgramSize { get; init; }

    /// <summary><c>min_length</c>, 0–1024, start token included.</summary>
    public int? MinLength { get; init; }

    /// <summary><c>max_length</c>, 2–1025, start token included. Not together with <see cref="MaxNewTokens"/>.</summary>
    public int? MaxLength { get; init; }

    /// <summary><c>max_new_tokens</c>, 1–1024. Not together with <see cref="MaxLength"/>.</summary>
    public int? MaxNewTokens { get; init; }
}
