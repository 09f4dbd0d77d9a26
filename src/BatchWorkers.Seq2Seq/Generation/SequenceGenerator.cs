namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>Runs greedy or beam search over an <see cref="IDecoderSession"/>.</summary>
public static class SequenceGenerator
{
    /// <summary>
    /// Generates one sequence per source of <paramref name="session"/>: greedy search when
    /// <see cref="GenerationConfig.NumBeams"/> is 1 (as transformers does), beam search otherwise. Each source
    /// stops on its own and its rows leave the batch.
    /// </summary>
    /// <returns>The sequences in source order.</returns>
    /// <exception cref="ArgumentException">The settings cannot be generated with (for example num_beams 0).</exception>
    /// <exception cref="InvalidOperationException">A token id in the settings lies outside the model's
    /// vocabulary, or the session returned the wrong number of rows.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static IReadOnlyList<GeneratedSequence> Generate(
        IDecoderSession session, GenerationConfig config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(config);
        Validate(config);
        if (session.BatchSize == 0)
        {
            return [];
        }

        if (config.EffectiveMaxLength <= 1)
        {
            // The start token already fills the maximum length: transformers returns it alone.
            return [.. Enumerable.Repeat(new GeneratedSequence([], 0f, 0f, FinishReason.MaxLength), session.BatchSize)];
        }

        return config.NumBeams == 1
            ? GreedySearch.Run(session, config, cancellationToken)
            : BeamSearch.Run(session, config, cancellationToken);
    }

    private static void Validate(GenerationConfig config)
    {
        static void Require(bool condition, string message)
        {
            if (!condition)
            {
                throw new ArgumentException(message, nameof(config));
            }
        }

        Require(config.NumBeams >= 1, $"num_beams must be at least 1; it is {config.NumBeams}.");
        Require(config.NoRepeatNgramSize >= 0, $"no_repeat_ngram_size must not be negative; it is {config.NoRepeatNgramSize}.");
        Require(config.MinLength >= 0, $"min_length must not be negative; it is {config.MinLength}.");
        Require(config.MaxNewTokens is null or >= 1, $"max_new_tokens must be at least 1; it is {config.MaxNewTokens}.");
        Require(double.IsFinite(config.LengthPenalty), $"length_penalty must be a finite number; it is {config.LengthPenalty}.");
    }
}
