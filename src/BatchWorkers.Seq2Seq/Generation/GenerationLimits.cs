namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>The bounds a job's <see cref="GenerationOverrides"/> must stay within.</summary>
public static class GenerationLimits
{
    /// <summary>Most beams a job may ask for: cost grows linearly with beams.</summary>
    public const int MaxNumBeams = 16;

    /// <summary>Most new tokens a job may ask for.</summary>
    public const int MaxNewTokens = 1024;

    /// <summary>Largest max_length: <see cref="MaxNewTokens"/> plus the start token.</summary>
    public const int MaxLength = MaxNewTokens + 1;

    /// <summary>Largest <c>no_repeat_ngram_size</c>.</summary>
    public const int MaxNoRepeatNgramSize = 10;

    /// <summary>Largest magnitude of <c>length_penalty</c>.</summary>
    public const double MaxAbsLengthPenalty = 5.0;

    internal const string MinLengthName = "min_length";

    internal static void Validate(GenerationOverrides overrides)
    {
        CheckRange("num_beams", overrides.NumBeams, 1, MaxNumBeams);
        CheckRange("no_repeat_ngram_size", overrides.NoRepeatNgramSize, 0, MaxNoRepeatNgramSize);
        CheckRange(MinLengthName, overrides.MinLength, 0, MaxNewTokens);
        CheckRange("max_length", overrides.MaxLength, 2, MaxLength);
        CheckRange("max_new_tokens", overrides.MaxNewTokens, 1, MaxNewTokens);
        if (overrides.LengthPenalty is double penalty && !(Math.Abs(penalty) <= MaxAbsLengthPenalty))
        {
            throw new ArgumentOutOfRangeException(
                "length_penalty", penalty, $"length_penalty must be between −{MaxAbsLengthPenalty} and {MaxAbsLengthPenalty}.");
        }

        if (overrides.EarlyStopping is EarlyStopping stopping && !Enum.IsDefined(stopping))
        {
            throw new ArgumentOutOfRangeException("early_stopping", stopping, "early_stopping must be true, false or \"never\".");
        }

        if (overrides is { MaxLength: not null, MaxNewTokens: not null })
        {
            throw new ArgumentException("Set max_length or max_new_tokens, not both.", "max_new_tokens");
        }
    }

    private static void CheckRange(string name, int? value, int min, int max)
    {
        if (value is int actual && (actual < min || actual > max))
        {
            throw new ArgumentOutOfRangeException(name, actual, $"{name} must be between {min} and {max}.");
        }
    }
}
