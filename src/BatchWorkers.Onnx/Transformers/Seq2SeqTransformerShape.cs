namespace BatchWorkers.Onnx.Transformers;

/// <summary>The sizes of a <see cref="Seq2SeqTransformerWeights"/> model; the defaults make a test-sized one.</summary>
public sealed record Seq2SeqTransformerShape
{
    /// <summary>Tokens in the shared vocabulary. Default 32.</summary>
    public int VocabSize { get; init; } = 32;

    /// <summary>d_model. Default 16.</summary>
    public int ModelDim { get; init; } = 16;

    /// <summary>Attention heads in every attention block; must divide <see cref="ModelDim"/>. Default 2.</summary>
    public int Heads { get; init; } = 2;

    /// <summary>Width of the feed-forward blocks. Default 32.</summary>
    public int FeedForwardDim { get; init; } = 32;

    /// <summary>Encoder layers. Default 1.</summary>
    public int EncoderLayers { get; init; } = 1;

    /// <summary>Decoder layers, each with its own key/value cache entries. Default 2.</summary>
    public int DecoderLayers { get; init; } = 2;

    /// <summary>Longest encoder or decoder sequence (rows of the learned position tables). Default 64.</summary>
    public int MaxPositions { get; init; } = 64;

    /// <summary>Size of one head: d_model / heads.</summary>
    public int HeadDim => ModelDim / Heads;

    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the heads do not divide d_model.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(VocabSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ModelDim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Heads);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(FeedForwardDim);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EncoderLayers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(DecoderLayers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxPositions);
        if (ModelDim % Heads != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(Heads), Heads, $"The heads must divide d_model ({ModelDim}).");
        }
    }
}
