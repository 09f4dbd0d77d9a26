namespace BatchWorkers.Onnx.Transformers;

/// <summary>
/// Changes to the designed copying model (<see cref="Seq2SeqTransformerWeights.Copying"/>): each copied token
/// may be replaced by another (word-for-word translation), and the output may end after certain tokens (the first
/// sentence of the source, a lead summary).
/// </summary>
public sealed record CopyingRules
{
    /// <summary>Source token → output token; tokens not in the map are copied as they are.</summary>
    public IReadOnlyDictionary<int, int>? Translate { get; init; }

    /// <summary>Output tokens after which the model emits <see cref="EndToken"/>.</summary>
    public IReadOnlySet<int>? EndAfter { get; init; }

    /// <summary>The end-of-sequence id emitted after an <see cref="EndAfter"/> token.</summary>
    public int EndToken { get; init; }
}
