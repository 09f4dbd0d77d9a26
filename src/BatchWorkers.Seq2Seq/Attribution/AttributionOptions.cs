namespace BatchWorkers.Seq2Seq.Attribution;

/// <summary>How <see cref="SourceAttribution"/> spends its model evaluations.</summary>
public sealed record AttributionOptions
{
    /// <summary>
    /// Most teacher-forced scorings of the output per item, the unmasked one included; at least 2. A source with
    /// more maskable tokens than this minus one is masked by sentence, or by runs of tokens. Default 64.
    /// </summary>
    public int MaxEvaluations { get; init; } = 64;

    /// <summary>Masked sources per encoder run and decoder batch. Default 16.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>
    /// The id that replaces a masked token; null (the default) takes the tokenizer's unknown token. Replacing keeps
    /// every other token at its position, which deleting would shift; <c>&lt;unk&gt;</c> is an input the model met in
    /// training, whereas <c>&lt;pad&gt;</c> is usually an untrained (zero) embedding never seen unmasked.
    /// </summary>
    public int? MaskTokenId { get; init; }

    /// <summary>
    /// Called on the scoring thread before the output is generated and before each batch of masked sources; a host
    /// may block there to let other work on the same cores go first. Null (the default): nothing waits.
    /// </summary>
    public Action<CancellationToken>? BeforeBatch { get; init; }

    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEvaluations, 2);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(BatchSize);
        if (MaskTokenId is int mask)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(mask, nameof(MaskTokenId));
        }
    }
}
