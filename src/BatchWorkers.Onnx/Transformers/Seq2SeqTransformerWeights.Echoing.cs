namespace BatchWorkers.Onnx.Transformers;

public sealed partial class Seq2SeqTransformerWeights
{
    /// <summary>
    /// Designed weights whose whole output is decided by one source position: the decoder reads only the source
    /// token at <paramref name="sourcePosition"/> and answers with it (mapped through <paramref name="translate"/>),
    /// then <paramref name="eosTokenId"/>. Every other source token has no effect beyond rounding, which makes the
    /// model a ground truth for attribution: masking the decisive token changes the output, masking any other does not.
    /// </summary>
    /// <remarks>
    /// d_model = 3n with n = max(vocab, positions) and three heads of n. Tokens are one-hot in dims [0, n), positions
    /// in [n, 2n), and dims [2n, 3n) receive the copied token. Self-attention and feed-forward blocks are zero, so
    /// each layer norm only rescales. In head 1 of the cross-attention the query is a constant (its bias alone) that
    /// matches the key of encoder position <paramref name="sourcePosition"/> (keys read the position dims), so every
    /// decoder position attends there with a score about 1.2 × 24 ≈ 29 above any other (weights below 10⁻¹²); the value carries
    /// that source token's one-hot and the output projection writes it, with a gain, to the copy dims. Logits read
    /// the copy dims (mapped) at every position, and decoder position 1 votes for EOS with more weight than the copy
    /// carries: the output is [translate(source[k]), EOS]. A source no longer than <paramref name="sourcePosition"/>
    /// has no such position; the attention then spreads over all of it.
    /// </remarks>
    /// <param name="vocabSize">Tokens; the source may hold any of them.</param>
    /// <param name="maxPositions">Longest source; at least 2 (the output's two positions) and more than
    /// <paramref name="sourcePosition"/>.</param>
    /// <param name="sourcePosition">The decisive source position k (0-based).</param>
    /// <param name="eosTokenId">Emitted after the answer token.</param>
    /// <param name="translate">Source token → output token; tokens not in the map are echoed as they are.</param>
    public static Seq2SeqTransformerWeights Echoing(
        int vocabSize, int maxPositions, int sourcePosition, int eosTokenId, IReadOnlyDictionary<int, int>? translate = null)
    {
        const float QuerySharpness = 24f;
        const float CopyGain = 4f;
        const float LogitScale = 6f;
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPositions, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(sourcePosition);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(sourcePosition, maxPositions);
        ArgumentOutOfRangeException.ThrowIfNegative(eosTokenId);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(eosTokenId, vocabSize);
        int n = Math.Max(vocabSize, maxPositions);
        int copySlice = 2 * n;
        var shape = new Seq2SeqTransformerShape
        {
            VocabSize = vocabSize,
            ModelDim = 3 * n,
            Heads = 3,
            FeedForwardDim = 1,
            EncoderLayers = 1,
            DecoderLayers = 1,
            MaxPositions = maxPositions,
        };
        shape.Validate();
        int d = shape.ModelDim;
        bool IsPosition(int dim) => dim >= n && dim < 2 * n;

        float[] queryBias = new float[d];
        queryBias[n + sourcePosition] = QuerySharpness;
        var readPosition = new AttentionWeights(
            new ProjectionWeights(new float[d * d], queryBias),
            Route(d, from => IsPosition(from) ? (from, 1f) : null),
            Route(d, from => from < n ? (n + from, 1f) : null),
            Route(d, from => IsPosition(from) ? (copySlice + from - n, CopyGain) : null));

        // The copy dims vote for their (mapped) token everywhere; position 1's dim votes for EOS, outweighing the copy.
        float[] output = new float[d * vocabSize];
        for (int token = 0; token < vocabSize; token++)
        {
            output[((copySlice + token) * vocabSize) + (translate?.GetValueOrDefault(token, token) ?? token)] = LogitScale;
        }

        output[((n + 1) * vocabSize) + eosTokenId] = (CopyGain + 2) * LogitScale;

        return new Seq2SeqTransformerWeights
        {
            Shape = shape,
            TokenEmbedding = OneHotRows(vocabSize, d, 0),
            EncoderPositions = OneHotRows(maxPositions, d, n),
            DecoderPositions = OneHotRows(maxPositions, d, n),
            EncoderLayers = [new EncoderLayerWeights(SilentAttention(d), UnitNorm(d), NoFeedForward(d), UnitNorm(d))],
            DecoderLayers = [new DecoderLayerWeights(SilentAttention(d), UnitNorm(d), readPosition, UnitNorm(d), NoFeedForward(d), UnitNorm(d))],
            OutputProjection = output,
            FinalLogitsBias = new float[vocabSize],
        };
    }

    /// <summary>[rows, width] with row r one-hot at dim offset + r.</summary>
    private static float[] OneHotRows(int rows, int width, int offset)
    {
        float[] table = new float[rows * width];
        for (int row = 0; row < rows; row++)
        {
            table[(row * width) + offset + row] = 1f;
        }

        return table;
    }

    /// <summary>A [d, d] projection sending each input dim to at most one output dim, with no bias.</summary>
    private static ProjectionWeights Route(int d, Func<int, (int To, float Weight)?> route)
    {
        float[] weight = new float[d * d];
        for (int from = 0; from < d; from++)
        {
            if (route(from) is (int to, float value))
            {
                weight[(from * d) + to] = value;
            }
        }

        return new ProjectionWeights(weight, new float[d]);
    }

    private static ProjectionWeights ZeroProjection(int inputs, int outputs) => new(new float[inputs * outputs], new float[outputs]);

    private static AttentionWeights SilentAttention(int d) =>
        new(ZeroProjection(d, d), ZeroProjection(d, d), ZeroProjection(d, d), ZeroProjection(d, d));

    private static LayerNormWeights UnitNorm(int d) => new([.. Enumerable.Repeat(1f, d)], new float[d]);

    private static FeedForwardWeights NoFeedForward(int d) => new(ZeroProjection(d, 1), ZeroProjection(1, d));
}
