namespace BatchWorkers.Onnx.Transformers;

/// <summary>
/// The weights of a small BART/Marian-like encoder–decoder transformer that <see cref="Seq2SeqExporter"/>
/// writes in Hugging Face Optimum's ONNX layouts: shared token embeddings, learned positions, post-norm layers,
/// an output projection and <c>final_logits_bias</c>.
/// </summary>
/// <remarks>
/// Encoder: h = E[ids] + P_enc[0..L); each layer h = LN(h + Attn(h, h, padding mask)), h = LN(h + FFN(h)).
/// Decoder: x = E[ids] + P_dec[past..past+L); each layer x = LN(x + Attn(x, x, causal)),
/// x = LN(x + Attn(x, encoder output, encoder mask)), x = LN(x + FFN(x)); logits = x·W_out + final_logits_bias.
/// Attention scores are q·k/√head_dim plus <see cref="MaskedScore"/> where masked, softmaxed over the keys.
/// </remarks>
public sealed partial class Seq2SeqTransformerWeights
{
    /// <summary>ε of every layer normalisation.</summary>
    public const float LayerNormEpsilon = 1e-5f;

    /// <summary>Added to the attention score of a masked key (padding, or a future position).</summary>
    public const float MaskedScore = -1e9f;

    /// <summary>The sizes.</summary>
    public required Seq2SeqTransformerShape Shape { get; init; }

    /// <summary>Token embeddings [vocab, d_model], shared by encoder and decoder.</summary>
    public required float[] TokenEmbedding { get; init; }

    /// <summary>Encoder position embeddings [max_positions, d_model].</summary>
    public required float[] EncoderPositions { get; init; }

    /// <summary>Decoder position embeddings [max_positions, d_model].</summary>
    public required float[] DecoderPositions { get; init; }

    /// <summary>The encoder layers, first to last.</summary>
    public required IReadOnlyList<EncoderLayerWeights> EncoderLayers { get; init; }

    /// <summary>The decoder layers, first to last; layer i owns the key/value cache entries named i.</summary>
    public required IReadOnlyList<DecoderLayerWeights> DecoderLayers { get; init; }

    /// <summary>The output projection [d_model, vocab].</summary>
    public required float[] OutputProjection { get; init; }

    /// <summary>Added to every position's logits [vocab] (Marian and BART carry one).</summary>
    public required float[] FinalLogitsBias { get; init; }

    /// <summary>
    /// Seeded random weights: projections uniform in ±√(3/in) (unit-variance outputs), layer-norm scales near 1,
    /// embeddings in ±1 and an output projection wide enough that next-token distributions are far from flat.
    /// The same shape and seed always give the same weights.
    /// </summary>
    public static Seq2SeqTransformerWeights Random(Seq2SeqTransformerShape shape, int seed)
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.Validate();
        var random = new Random(seed);
        int d = shape.ModelDim;

        float[] Uniform(int count, double limit) =>
            [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2 - 1) * limit))];
        ProjectionWeights Projection(int inputs, int outputs) =>
            new(Uniform(inputs * outputs, Math.Sqrt(3.0 / inputs)), Uniform(outputs, 0.1));
        AttentionWeights Attention() => new(Projection(d, d), Projection(d, d), Projection(d, d), Projection(d, d));
        LayerNormWeights Norm() => new([.. Uniform(d, 0.1).Select(x => 1 + x)], Uniform(d, 0.1));
        FeedForwardWeights FeedForward() => new(Projection(d, shape.FeedForwardDim), Projection(shape.FeedForwardDim, d));

        return new Seq2SeqTransformerWeights
        {
            Shape = shape,
            TokenEmbedding = Uniform(shape.VocabSize * d, 1.0),
            EncoderPositions = Uniform(shape.MaxPositions * d, 0.5),
            DecoderPositions = Uniform(shape.MaxPositions * d, 0.5),
            EncoderLayers = [.. Enumerable.Range(0, shape.EncoderLayers).Select(_ => new EncoderLayerWeights(Attention(), Norm(), FeedForward(), Norm()))],
            DecoderLayers = [.. Enumerable.Range(0, shape.DecoderLayers).Select(_ => new DecoderLayerWeights(Attention(), Norm(), Attention(), Norm(), FeedForward(), Norm()))],
            OutputProjection = Uniform(d * shape.VocabSize, 3 * Math.Sqrt(3.0 / d)),
            FinalLogitsBias = Uniform(shape.VocabSize, 0.5),
        };
    }

    /// <summary>
    /// Designed weights whose output is known in advance: the decoder at position p copies the source token at
    /// position p, so generation from a start token reproduces the source, EOS included (copy-and-shift).
    /// </summary>
    /// <remarks>
    /// d_model = 2n with n = max(vocab, positions) and two heads of n. Tokens and positions are one-hot in
    /// dims [0, n) and [n, 2n). Self-attention and feed-forward blocks are zero, so each layer norm only rescales.
    /// Head 1 of the cross-attention matches decoder position p to encoder position p (query and key read the
    /// position dims) and carries that source token's one-hot as its value; the output projection writes it
    /// back to the token dims with a gain, where it outweighs the current token, and the output projection reads
    /// the token dims as logits. With <see cref="CopyingRules.EndAfter"/>, d_model = 3n and three heads: the copy
    /// lands in dims [2n, 3n), so the logits can tell the current token (which may call for EOS) from the copied one.
    /// </remarks>
    /// <param name="vocabSize">Tokens; the source may hold any of them.</param>
    /// <param name="maxPositions">Longest source (and so longest output, start token included).</param>
    /// <param name="rules">Optional changes to plain copying: a token map (word-for-word translation) and tokens
    /// after which the output ends (a lead-sentence summary).</param>
    public static Seq2SeqTransformerWeights Copying(int vocabSize, int maxPositions, CopyingRules? rules = null)
    {
        const float AttentionSharpness = 8f;
        const float CopyGain = 4f;
        const float LogitScale = 6f;
        int n = Math.Max(vocabSize, maxPositions);
        // Ending after a token needs the current token apart from the copied one: a third slice holds the copy.
        int slices = rules?.EndAfter is { Count: > 0 } ? 3 : 2;
        int copySlice = slices == 3 ? 2 * n : 0;
        var shape = new Seq2SeqTransformerShape
        {
            VocabSize = vocabSize,
            ModelDim = slices * n,
            Heads = slices,
            FeedForwardDim = 1,
            EncoderLayers = 1,
            DecoderLayers = 1,
            MaxPositions = maxPositions,
        };
        shape.Validate();
        int d = shape.ModelDim;

        float[] OneHots(int rows, int offset)
        {
            float[] table = new float[rows * d];
            for (int row = 0; row < rows; row++)
            {
                table[(row * d) + offset + row] = 1f;
            }

            return table;
        }

        bool IsPosition(int dim) => dim >= n && dim < 2 * n;
        ProjectionWeights Zero(int inputs, int outputs) => new(new float[inputs * outputs], new float[outputs]);
        ProjectionWeights Map(Func<int, (int To, float Weight)?> route)
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

        AttentionWeights Silent() => new(Zero(d, d), Zero(d, d), Zero(d, d), Zero(d, d));
        LayerNormWeights Norm() => new([.. Enumerable.Repeat(1f, d)], new float[d]);
        FeedForwardWeights NoFeedForward() => new(Zero(d, 1), Zero(1, d));
        var positionMatch = new AttentionWeights(
            Map(from => IsPosition(from) ? (from, AttentionSharpness) : null),
            Map(from => IsPosition(from) ? (from, 1f) : null),
            Map(from => from < n ? (n + from, 1f) : null),
            Map(from => IsPosition(from) ? (copySlice + from - n, CopyGain) : null));

        // Logits read the copied token (mapped when translating). With a copy slice of its own, the current token's
        // dims vote for EOS after an ending token, with more weight than the copy carries.
        float[] output = new float[d * vocabSize];
        for (int token = 0; token < vocabSize; token++)
        {
            int target = rules?.Translate?.GetValueOrDefault(token, token) ?? token;
            output[((copySlice + token) * vocabSize) + target] = LogitScale;
            if (rules?.EndAfter?.Contains(token) == true)
            {
                output[(token * vocabSize) + rules.EndToken] = (CopyGain + 2) * LogitScale;
            }
        }

        return new Seq2SeqTransformerWeights
        {
            Shape = shape,
            TokenEmbedding = OneHots(vocabSize, 0),
            EncoderPositions = OneHots(maxPositions, n),
            DecoderPositions = OneHots(maxPositions, n),
            EncoderLayers = [new EncoderLayerWeights(Silent(), Norm(), NoFeedForward(), Norm())],
            DecoderLayers = [new DecoderLayerWeights(Silent(), Norm(), positionMatch, Norm(), NoFeedForward(), Norm())],
            OutputProjection = output,
            FinalLogitsBias = new float[vocabSize],
        };
    }

    /// <summary>Checks every array against <see cref="Shape"/>.</summary>
    /// <exception cref="ArgumentException">An array has the wrong length, or a layer count differs from the shape.</exception>
    public void Validate()
    {
        Shape.Validate();
        int d = Shape.ModelDim;
        int f = Shape.FeedForwardDim;
        Check(TokenEmbedding, Shape.VocabSize * d, nameof(TokenEmbedding));
        Check(EncoderPositions, Shape.MaxPositions * d, nameof(EncoderPositions));
        Check(DecoderPositions, Shape.MaxPositions * d, nameof(DecoderPositions));
        Check(OutputProjection, d * Shape.VocabSize, nameof(OutputProjection));
        Check(FinalLogitsBias, Shape.VocabSize, nameof(FinalLogitsBias));
        CheckCount(EncoderLayers.Count, Shape.EncoderLayers, nameof(EncoderLayers));
        CheckCount(DecoderLayers.Count, Shape.DecoderLayers, nameof(DecoderLayers));
        for (int i = 0; i < EncoderLayers.Count; i++)
        {
            EncoderLayerWeights layer = EncoderLayers[i];
            string name = $"{nameof(EncoderLayers)}[{i}]";
            CheckAttention(layer.SelfAttention, d, $"{name}.{nameof(layer.SelfAttention)}");
            CheckNorm(layer.SelfAttentionNorm, d, $"{name}.{nameof(layer.SelfAttentionNorm)}");
            CheckFeedForward(layer.FeedForward, d, f, $"{name}.{nameof(layer.FeedForward)}");
            CheckNorm(layer.FinalNorm, d, $"{name}.{nameof(layer.FinalNorm)}");
        }

        for (int i = 0; i < DecoderLayers.Count; i++)
        {
            DecoderLayerWeights layer = DecoderLayers[i];
            string name = $"{nameof(DecoderLayers)}[{i}]";
            CheckAttention(layer.SelfAttention, d, $"{name}.{nameof(layer.SelfAttention)}");
            CheckNorm(layer.SelfAttentionNorm, d, $"{name}.{nameof(layer.SelfAttentionNorm)}");
            CheckAttention(layer.CrossAttention, d, $"{name}.{nameof(layer.CrossAttention)}");
            CheckNorm(layer.CrossAttentionNorm, d, $"{name}.{nameof(layer.CrossAttentionNorm)}");
            CheckFeedForward(layer.FeedForward, d, f, $"{name}.{nameof(layer.FeedForward)}");
            CheckNorm(layer.FinalNorm, d, $"{name}.{nameof(layer.FinalNorm)}");
        }
    }

    private static void CheckAttention(AttentionWeights attention, int d, string name)
    {
        CheckProjection(attention.Query, d, d, $"{name}.{nameof(attention.Query)}");
        CheckProjection(attention.Key, d, d, $"{name}.{nameof(attention.Key)}");
        CheckProjection(attention.Value, d, d, $"{name}.{nameof(attention.Value)}");
        CheckProjection(attention.Output, d, d, $"{name}.{nameof(attention.Output)}");
    }

    private static void CheckFeedForward(FeedForwardWeights feedForward, int d, int f, string name)
    {
        CheckProjection(feedForward.Up, d, f, $"{name}.{nameof(feedForward.Up)}");
        CheckProjection(feedForward.Down, f, d, $"{name}.{nameof(feedForward.Down)}");
    }

    private static void CheckProjection(ProjectionWeights projection, int inputs, int outputs, string name)
    {
        Check(projection.Weight, inputs * outputs, $"{name}.{nameof(projection.Weight)}");
        Check(projection.Bias, outputs, $"{name}.{nameof(projection.Bias)}");
    }

    private static void CheckNorm(LayerNormWeights norm, int d, string name)
    {
        Check(norm.Scale, d, $"{name}.{nameof(norm.Scale)}");
        Check(norm.Bias, d, $"{name}.{nameof(norm.Bias)}");
    }

    private static void Check(float[] values, int expected, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        if (values.Length != expected)
        {
            throw new ArgumentException($"{name} holds {values.Length} values; the shape needs {expected}.", name);
        }
    }

    private static void CheckCount(int actual, int expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} has {actual} layers; the shape says {expected}.", name);
        }
    }
}
