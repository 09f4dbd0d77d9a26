using BatchWorkers.Onnx.Protos;

namespace BatchWorkers.Onnx.Transformers;

/// <summary>
/// Writes the nodes of <see cref="Seq2SeqTransformerWeights"/>' encoder or decoder into a graph or an <c>If</c>
/// branch. Weights and constants live in the outermost graph (<see cref="AddConstants"/>, <see cref="AddEncoderWeights"/>,
/// <see cref="AddDecoderWeights"/>), so both branches of a merged decoder share one copy; every intermediate
/// tensor is prefixed with <paramref name="scope"/> so the branches never clash.
/// </summary>
internal sealed class Seq2SeqGraphWriter(OnnxGraph graph, string scope, Seq2SeqTransformerShape shape)
{
    public const string InputIds = "input_ids";
    public const string AttentionMask = "attention_mask";
    public const string LastHiddenState = "last_hidden_state";
    public const string EncoderAttentionMask = "encoder_attention_mask";
    public const string EncoderHiddenStates = "encoder_hidden_states";
    public const string UseCacheBranch = "use_cache_branch";
    public const string Logits = "logits";

    private const string Shared = "shared.weight";
    private const string OutputProjection = "lm_head.weight";
    private const string FinalLogitsBias = "final_logits_bias";
    private const string Zero = "const.zero";
    private const string One = "const.one";
    private const string Two = "const.two";
    private const string Three = "const.three";
    private const string SplitHeadsShape = "const.split_heads_shape";
    private const string MergeHeadsShape = "const.merge_heads_shape";
    private const string MaskShape = "const.mask_shape";
    private const string AttentionScale = "const.attention_scale";
    private const string FloatOne = "const.float_one";
    private const string MaskedScore = "const.masked_score";
    private const string LayerNormEpsilon = "const.layer_norm_epsilon";
    private const string CausalBias = "const.causal_bias";

    public static string Past(int layer, string part, string kind) => $"past_key_values.{layer}.{part}.{kind}";

    public static string Present(int layer, string part, string kind) => $"present.{layer}.{part}.{kind}";

    /// <summary>The decoder's present outputs in Optimum's order: per layer decoder key, value, encoder key, value.</summary>
    public static IEnumerable<(int Layer, string Part, string Kind)> PresentOrder(int layers) =>
        from layer in Enumerable.Range(0, layers)
        from part in new[] { "decoder", "encoder" }
        from kind in new[] { "key", "value" }
        select (layer, part, kind);

    /// <summary>
    /// Index and shape constants the encoder and decoder read; <paramref name="readsPast"/> adds the one only a
    /// decoder with past needs (ONNX Runtime warns about unused initializers).
    /// </summary>
    public static void AddConstants(OnnxGraph graph, Seq2SeqTransformerShape shape, bool readsPast)
    {
        graph.AddInt64Initializer(Zero, [0], 1);
        graph.AddInt64Initializer(One, [1], 1);
        graph.AddInt64Initializer(Two, [2], 1);
        if (readsPast)
        {
            graph.AddInt64Initializer(Three, [3], 1);
        }

        graph.AddInt64Initializer(SplitHeadsShape, [0, 0, shape.Heads, shape.HeadDim], 4);
        graph.AddInt64Initializer(MergeHeadsShape, [0, 0, shape.ModelDim], 3);
        graph.AddInt64Initializer(MaskShape, [0, 1, 1, -1], 4);
        graph.AddInitializer(AttentionScale, [(float)(1 / Math.Sqrt(shape.HeadDim))]);
        graph.AddInitializer(FloatOne, [1f]);
        graph.AddInitializer(MaskedScore, [Seq2SeqTransformerWeights.MaskedScore]);
        graph.AddInitializer(LayerNormEpsilon, [Seq2SeqTransformerWeights.LayerNormEpsilon]);
    }

    public static void AddEncoderWeights(OnnxGraph graph, Seq2SeqTransformerWeights weights)
    {
        Seq2SeqTransformerShape s = weights.Shape;
        graph.AddInitializer(Shared, weights.TokenEmbedding, s.VocabSize, s.ModelDim);
        graph.AddInitializer("encoder.embed_positions.weight", weights.EncoderPositions, s.MaxPositions, s.ModelDim);
        for (int i = 0; i < weights.EncoderLayers.Count; i++)
        {
            EncoderLayerWeights layer = weights.EncoderLayers[i];
            string prefix = $"encoder.layers.{i}";
            AddAttention(graph, $"{prefix}.self_attn", layer.SelfAttention, s);
            AddNorm(graph, $"{prefix}.self_attn_layer_norm", layer.SelfAttentionNorm, s);
            AddFeedForward(graph, prefix, layer.FeedForward, s);
            AddNorm(graph, $"{prefix}.final_layer_norm", layer.FinalNorm, s);
        }
    }

    /// <summary>
    /// The decoder's weights; <paramref name="projectsEncoderOutput"/> false leaves out the cross-attention key
    /// and value projections, which a decoder that only reads past encoder key/values never uses.
    /// </summary>
    public static void AddDecoderWeights(OnnxGraph graph, Seq2SeqTransformerWeights weights, bool projectsEncoderOutput)
    {
        Seq2SeqTransformerShape s = weights.Shape;
        graph.AddInitializer(Shared, weights.TokenEmbedding, s.VocabSize, s.ModelDim);
        graph.AddInitializer("decoder.embed_positions.weight", weights.DecoderPositions, s.MaxPositions, s.ModelDim);
        float[] causal = new float[s.MaxPositions * s.MaxPositions];
        for (int row = 0; row < s.MaxPositions; row++)
        {
            for (int column = row + 1; column < s.MaxPositions; column++)
            {
                causal[(row * s.MaxPositions) + column] = Seq2SeqTransformerWeights.MaskedScore;
            }
        }

        graph.AddInitializer(CausalBias, causal, s.MaxPositions, s.MaxPositions);
        for (int i = 0; i < weights.DecoderLayers.Count; i++)
        {
            DecoderLayerWeights layer = weights.DecoderLayers[i];
            string prefix = $"decoder.layers.{i}";
            AddAttention(graph, $"{prefix}.self_attn", layer.SelfAttention, s);
            AddNorm(graph, $"{prefix}.self_attn_layer_norm", layer.SelfAttentionNorm, s);
            AddAttention(graph, $"{prefix}.encoder_attn", layer.CrossAttention, s, projectsEncoderOutput);
            AddNorm(graph, $"{prefix}.encoder_attn_layer_norm", layer.CrossAttentionNorm, s);
            AddFeedForward(graph, prefix, layer.FeedForward, s);
            AddNorm(graph, $"{prefix}.final_layer_norm", layer.FinalNorm, s);
        }

        graph.AddInitializer(OutputProjection, weights.OutputProjection, s.ModelDim, s.VocabSize);
        graph.AddInitializer(FinalLogitsBias, weights.FinalLogitsBias, s.VocabSize);
    }

    /// <summary>input_ids, attention_mask → the tensor named <paramref name="output"/> [b, L, d_model].</summary>
    public void WriteEncoder(string output)
    {
        string hidden = Embed(InputIds, "encoder.embed_positions.weight", Zero, SequenceLength(InputIds, "enc"), "enc");
        string bias = PaddingBias(AttentionMask, "enc.mask_bias");
        for (int i = 0; i < shape.EncoderLayers; i++)
        {
            string prefix = $"encoder.layers.{i}";
            string attention = SelfAttention(hidden, $"{prefix}.self_attn", bias, pastKey: null, pastValue: null, out _, out _);
            hidden = LayerNorm(graph.Add(hidden, attention, Name($"{prefix}.self_attn.residual")), $"{prefix}.self_attn_layer_norm");
            string feedForward = FeedForward(hidden, prefix);
            hidden = LayerNorm(graph.Add(hidden, feedForward, Name($"{prefix}.ffn.residual")), $"{prefix}.final_layer_norm");
        }

        graph.Identity(hidden, output);
    }

    /// <summary>
    /// The decoder over the graph inputs input_ids, encoder_attention_mask and either encoder_hidden_states (no
    /// past) or past_key_values.* (with past). <paramref name="outputName"/> maps logits and present.* to the
    /// names to write; with past, encoder presents are not written.
    /// </summary>
    public void WriteDecoder(bool withPast, Func<string, string> outputName)
    {
        string sequenceLength = SequenceLength(InputIds, "dec");
        string start = withPast
            ? graph.Slice(graph.Shape(Past(0, "decoder", "key"), Name("dec.past_shape")), Two, Three, Zero, Name("dec.past_length"))
            : Zero;
        string end = graph.Add(start, sequenceLength, Name("dec.end"));
        string hidden = Embed(InputIds, "decoder.embed_positions.weight", start, end, "dec");
        string causalRows = graph.Slice(CausalBias, start, end, Zero, Name("dec.causal_rows"));
        string causal = graph.Slice(causalRows, Zero, end, One, Name("dec.causal_bias"));
        string crossBias = PaddingBias(EncoderAttentionMask, "dec.cross_bias");
        for (int i = 0; i < shape.DecoderLayers; i++)
        {
            string prefix = $"decoder.layers.{i}";
            string attention = SelfAttention(
                hidden,
                $"{prefix}.self_attn",
                causal,
                withPast ? Past(i, "decoder", "key") : null,
                withPast ? Past(i, "decoder", "value") : null,
                out string key,
                out string value);
            graph.Identity(key, outputName(Present(i, "decoder", "key")));
            graph.Identity(value, outputName(Present(i, "decoder", "value")));
            hidden = LayerNorm(graph.Add(hidden, attention, Name($"{prefix}.self_attn.residual")), $"{prefix}.self_attn_layer_norm");

            string cross = $"{prefix}.encoder_attn";
            string query = SplitHeads(Linear(hidden, $"{cross}.q_proj"), $"{cross}.q_heads");
            string crossKey;
            string crossValue;
            if (withPast)
            {
                crossKey = Past(i, "encoder", "key");
                crossValue = Past(i, "encoder", "value");
            }
            else
            {
                crossKey = SplitHeads(Linear(EncoderHiddenStates, $"{cross}.k_proj"), $"{cross}.k_heads");
                crossValue = SplitHeads(Linear(EncoderHiddenStates, $"{cross}.v_proj"), $"{cross}.v_heads");
                graph.Identity(crossKey, outputName(Present(i, "encoder", "key")));
                graph.Identity(crossValue, outputName(Present(i, "encoder", "value")));
            }

            string context = Attend(query, crossKey, crossValue, crossBias, cross);
            string crossOut = Linear(context, $"{cross}.out_proj");
            hidden = LayerNorm(graph.Add(hidden, crossOut, Name($"{cross}.residual")), $"{prefix}.encoder_attn_layer_norm");
            string feedForward = FeedForward(hidden, prefix);
            hidden = LayerNorm(graph.Add(hidden, feedForward, Name($"{prefix}.ffn.residual")), $"{prefix}.final_layer_norm");
        }

        string projected = graph.MatMul(hidden, OutputProjection, Name("lm_head"));
        string logits = graph.Add(projected, FinalLogitsBias, Name("logits.biased"));
        graph.Identity(logits, outputName(Logits));
    }

    /// <summary>The cache branch's stand-ins for present.*.encoder.*: empty [0, heads, 1, head_dim] tensors.</summary>
    public void WriteEmptyEncoderPresents(Func<string, string> outputName)
    {
        string empty = graph.AddInitializer(Name("empty_encoder_present"), [], 0, shape.Heads, 1, shape.HeadDim);
        for (int i = 0; i < shape.DecoderLayers; i++)
        {
            graph.Identity(empty, outputName(Present(i, "encoder", "key")));
            graph.Identity(empty, outputName(Present(i, "encoder", "value")));
        }
    }

    private static void AddAttention(
        OnnxGraph graph, string prefix, AttentionWeights weights, Seq2SeqTransformerShape s, bool withKeyValue = true)
    {
        AddProjection(graph, $"{prefix}.q_proj", weights.Query, s.ModelDim, s.ModelDim);
        if (withKeyValue)
        {
            AddProjection(graph, $"{prefix}.k_proj", weights.Key, s.ModelDim, s.ModelDim);
            AddProjection(graph, $"{prefix}.v_proj", weights.Value, s.ModelDim, s.ModelDim);
        }

        AddProjection(graph, $"{prefix}.out_proj", weights.Output, s.ModelDim, s.ModelDim);
    }

    private static void AddFeedForward(OnnxGraph graph, string prefix, FeedForwardWeights weights, Seq2SeqTransformerShape s)
    {
        AddProjection(graph, $"{prefix}.fc1", weights.Up, s.ModelDim, s.FeedForwardDim);
        AddProjection(graph, $"{prefix}.fc2", weights.Down, s.FeedForwardDim, s.ModelDim);
    }

    private static void AddProjection(OnnxGraph graph, string prefix, ProjectionWeights weights, int inputs, int outputs)
    {
        graph.AddInitializer($"{prefix}.weight", weights.Weight, inputs, outputs);
        graph.AddInitializer($"{prefix}.bias", weights.Bias, outputs);
    }

    private static void AddNorm(OnnxGraph graph, string prefix, LayerNormWeights weights, Seq2SeqTransformerShape s)
    {
        graph.AddInitializer($"{prefix}.weight", weights.Scale, s.ModelDim);
        graph.AddInitializer($"{prefix}.bias", weights.Bias, s.ModelDim);
    }

    private string Name(string local) => scope + local;

    // [1] int64: the length of axis 1 of an id tensor.
    private string SequenceLength(string ids, string id) =>
        graph.Slice(graph.Shape(ids, Name($"{id}.ids_shape")), One, Two, Zero, Name($"{id}.length"));

    // Token embeddings plus the position rows [start, end).
    private string Embed(string ids, string positions, string start, string end, string id)
    {
        string tokens = graph.Gather(Shared, ids, Name($"{id}.tokens"));
        string rows = graph.Slice(positions, start, end, Zero, Name($"{id}.positions"));
        return graph.Add(tokens, rows, Name($"{id}.embedded"));
    }

    // int64 mask [b, L] (1 = attend) → additive float bias [b, 1, 1, L].
    private string PaddingBias(string mask, string id)
    {
        string asFloat = graph.Cast(mask, Name($"{id}.float"), TensorProto.Types.DataType.Float);
        string inverted = graph.Sub(FloatOne, asFloat, Name($"{id}.inverted"));
        string scores = graph.Mul(inverted, MaskedScore, Name($"{id}.scores"));
        return graph.Reshape(scores, MaskShape, Name(id));
    }

    private string Linear(string input, string prefix)
    {
        string product = graph.MatMul(input, $"{prefix}.weight", Name($"{prefix}.matmul"));
        return graph.Add(product, $"{prefix}.bias", Name(prefix));
    }

    // [b, L, d] → [b, heads, L, head_dim]
    private string SplitHeads(string input, string id)
    {
        string reshaped = graph.Reshape(input, SplitHeadsShape, Name($"{id}.reshaped"));
        return graph.Transpose(reshaped, Name(id), [0, 2, 1, 3]);
    }

    private string SelfAttention(
        string hidden, string prefix, string bias, string? pastKey, string? pastValue, out string key, out string value)
    {
        string query = SplitHeads(Linear(hidden, $"{prefix}.q_proj"), $"{prefix}.q_heads");
        key = SplitHeads(Linear(hidden, $"{prefix}.k_proj"), $"{prefix}.k_heads");
        value = SplitHeads(Linear(hidden, $"{prefix}.v_proj"), $"{prefix}.v_heads");
        if (pastKey is not null && pastValue is not null)
        {
            key = graph.Concat([pastKey, key], Name($"{prefix}.k_all"), axis: 2);
            value = graph.Concat([pastValue, value], Name($"{prefix}.v_all"), axis: 2);
        }

        return Linear(Attend(query, key, value, bias, prefix), $"{prefix}.out_proj");
    }

    // softmax(q·kᵀ/√head_dim + bias)·v with heads merged back: [b, Lq, d].
    private string Attend(string query, string key, string value, string bias, string prefix)
    {
        string keyT = graph.Transpose(key, Name($"{prefix}.k_t"), [0, 1, 3, 2]);
        string scores = graph.MatMul(query, keyT, Name($"{prefix}.scores"));
        string scaled = graph.Mul(scores, AttentionScale, Name($"{prefix}.scaled"));
        string masked = graph.Add(scaled, bias, Name($"{prefix}.masked"));
        string probabilities = graph.Softmax(masked, Name($"{prefix}.probs"));
        string context = graph.MatMul(probabilities, value, Name($"{prefix}.context"));
        string transposed = graph.Transpose(context, Name($"{prefix}.context_t"), [0, 2, 1, 3]);
        return graph.Reshape(transposed, MergeHeadsShape, Name($"{prefix}.merged"));
    }

    private string FeedForward(string hidden, string prefix)
    {
        string up = Linear(hidden, $"{prefix}.fc1");
        string activated = graph.Relu(up, Name($"{prefix}.fc1.relu"));
        return Linear(activated, $"{prefix}.fc2");
    }

    private string LayerNorm(string input, string prefix)
    {
        string mean = graph.ReduceMean(input, Name($"{prefix}.mean"), [-1]);
        string centered = graph.Sub(input, mean, Name($"{prefix}.centered"));
        string squared = graph.Mul(centered, centered, Name($"{prefix}.squared"));
        string variance = graph.ReduceMean(squared, Name($"{prefix}.variance"), [-1]);
        string shifted = graph.Add(variance, LayerNormEpsilon, Name($"{prefix}.variance_eps"));
        string deviation = graph.Sqrt(shifted, Name($"{prefix}.std"));
        string normalized = graph.Div(centered, deviation, Name($"{prefix}.normalized"));
        string scaled = graph.Mul(normalized, $"{prefix}.weight", Name($"{prefix}.scaled"));
        return graph.Add(scaled, $"{prefix}.bias", Name(prefix));
    }
}
