namespace BatchWorkers.Contracts;

/// <summary>When beam search stops, as transformers' <c>early_stopping</c>: false, true or "never".</summary>
public enum EarlyStoppingMode
{
    /// <summary><c>false</c>: stop when no running beam can beat the finished ones any more.</summary>
    Heuristic,

    /// <summary><c>true</c>: stop as soon as <c>num_beams</c> hypotheses are finished.</summary>
    WhenFull,

    /// <summary><c>"never"</c>: only stop when no beam can win, even at the maximum length.</summary>
    Never,
}

/// <summary>
/// Generation settings a translation or summarization job may set; null keeps the model's value from its
/// <c>generation_config.json</c>. The worker rejects values outside sane bounds with a message naming the range.
/// </summary>
public sealed record GenerationSettings
{
    /// <summary>Beams for beam search; 1 is greedy search. 1–16.</summary>
    public int? NumBeams { get; init; }

    /// <summary>Most tokens to generate. 1–1024. Not together with <see cref="MaxLength"/>.</summary>
    public int? MaxNewTokens { get; init; }

    /// <summary>Longest output, start token included. 2–1025. Not together with <see cref="MaxNewTokens"/>.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Shortest output, start token included. 0–1024.</summary>
    public int? MinLength { get; init; }

    /// <summary>Beam scores are divided by length^this; above 0 favours longer outputs. −5 to 5.</summary>
    public double? LengthPenalty { get; init; }

    /// <summary>When beam search stops.</summary>
    public EarlyStoppingMode? EarlyStopping { get; init; }

    /// <summary>No n-gram of this size is generated twice; 0 turns it off. 0–10.</summary>
    public int? NoRepeatNgramSize { get; init; }
}
