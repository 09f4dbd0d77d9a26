namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>
/// Generation settings with transformers' meanings and defaults. Load a model's with
/// <see cref="GenerationConfigLoader"/> and apply a job's <see cref="GenerationOverrides"/> with
/// <see cref="With"/>.
/// </summary>
public sealed record GenerationConfig
{
    /// <summary>First decoder token (<c>decoder_start_token_id</c>): Marian and T5 pad, BART <c>&lt;/s&gt;</c>.</summary>
    public required int DecoderStartTokenId { get; init; }

    /// <summary><c>bos_token_id</c>; informational, generation forces it only through <see cref="ForcedBosTokenId"/>.</summary>
    public int? BosTokenId { get; init; }

    /// <summary><c>eos_token_id</c>: any of these ends a sequence. Default none.</summary>
    public IReadOnlyList<int> EosTokenIds { get; init; } = [];

    /// <summary><c>pad_token_id</c>. Default none.</summary>
    public int? PadTokenId { get; init; }

    /// <summary><c>forced_bos_token_id</c>: forced at the first generated position (BART). Default none.</summary>
    public int? ForcedBosTokenId { get; init; }

    /// <summary><c>forced_eos_token_id</c>: forced at position max_length − 1. Default none.</summary>
    public IReadOnlyList<int> ForcedEosTokenIds { get; init; } = [];

    /// <summary><c>bad_words_ids</c>: token sequences never generated (Marian: <c>[[pad]]</c>). Default none.</summary>
    public IReadOnlyList<IReadOnlyList<int>> BadWordsIds { get; init; } = [];

    /// <summary><c>num_beams</c>: 1 is greedy search. Default 1.</summary>
    public int NumBeams { get; init; } = 1;

    /// <summary><c>length_penalty</c>: beam scores are divided by length^this; above 0 favours longer output. Default 1.</summary>
    public double LengthPenalty { get; init; } = 1.0;

    /// <summary><c>early_stopping</c>. Default <see cref="Generation.EarlyStopping.Heuristic"/> (false).</summary>
    public EarlyStopping EarlyStopping { get; init; } = EarlyStopping.Heuristic;

    /// <summary><c>no_repeat_ngram_size</c>: no n-gram of this size occurs twice; 0 is off. Default 0.</summary>
    public int NoRepeatNgramSize { get; init; }

    /// <summary><c>min_length</c>: EOS is blocked while the sequence, start token included, is shorter. Default 0.</summary>
    public int MinLength { get; init; }

    /// <summary><c>max_length</c>: longest sequence, start token included. Default 20.</summary>
    public int MaxLength { get; init; } = 20;

    /// <summary><c>max_new_tokens</c>: when set, wins over <see cref="MaxLength"/>. Default none.</summary>
    public int? MaxNewTokens { get; init; }

    /// <summary>The maximum length generation runs to, start token included: max_new_tokens + 1 or max_length.</summary>
    public int EffectiveMaxLength => MaxNewTokens is int newTokens ? newTokens + 1 : MaxLength;

    /// <summary>Applies a job's overrides after checking them against <see cref="GenerationLimits"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An override is out of range; the message names the
    /// parameter and the allowed range.</exception>
    /// <exception cref="ArgumentException">max_length and max_new_tokens are both set.</exception>
    public GenerationConfig With(GenerationOverrides overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        GenerationLimits.Validate(overrides);
        GenerationConfig result = this with
        {
            NumBeams = overrides.NumBeams ?? NumBeams,
            LengthPenalty = overrides.LengthPenalty ?? LengthPenalty,
            EarlyStopping = overrides.EarlyStopping ?? EarlyStopping,
            NoRepeatNgramSize = overrides.NoRepeatNgramSize ?? NoRepeatNgramSize,
            MinLength = overrides.MinLength ?? MinLength,
            MaxLength = overrides.MaxLength ?? MaxLength,
            // An explicit max_length must not be shadowed by the model's max_new_tokens.
            MaxNewTokens = overrides.MaxNewTokens ?? (overrides.MaxLength is null ? MaxNewTokens : null),
        };

        if (overrides.MinLength is int minLength && minLength > result.EffectiveMaxLength)
        {
            throw new ArgumentOutOfRangeException(
                GenerationLimits.MinLengthName,
                minLength,
                $"min_length must not exceed the maximum length ({result.EffectiveMaxLength}, start token included).");
        }

        return result;
    }
}
