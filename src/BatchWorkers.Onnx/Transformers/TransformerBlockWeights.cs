namespace BatchWorkers.Onnx.Transformers;

/// <summary>A linear layer y = x·W + b, W stored row-major as [in, out] (the transpose of a PyTorch Linear weight).</summary>
public sealed record ProjectionWeights(float[] Weight, float[] Bias);

/// <summary>Layer normalisation over the last axis: (x − mean) / √(var + ε) · Scale + Bias.</summary>
public sealed record LayerNormWeights(float[] Scale, float[] Bias);

/// <summary>Multi-head attention: query, key, value and output projections, each [d_model, d_model].</summary>
public sealed record AttentionWeights(ProjectionWeights Query, ProjectionWeights Key, ProjectionWeights Value, ProjectionWeights Output);

/// <summary>The feed-forward block: Down(relu(Up(x))).</summary>
public sealed record FeedForwardWeights(ProjectionWeights Up, ProjectionWeights Down);

/// <summary>A post-norm encoder layer: x = LN(x + SelfAttention(x)); x = LN(x + FeedForward(x)).</summary>
public sealed record EncoderLayerWeights(
    AttentionWeights SelfAttention,
    LayerNormWeights SelfAttentionNorm,
    FeedForwardWeights FeedForward,
    LayerNormWeights FinalNorm);

/// <summary>
/// A post-norm decoder layer: causal self-attention, cross-attention over the encoder output, feed-forward,
/// each followed by a residual add and layer normalisation.
/// </summary>
public sealed record DecoderLayerWeights(
    AttentionWeights SelfAttention,
    LayerNormWeights SelfAttentionNorm,
    AttentionWeights CrossAttention,
    LayerNormWeights CrossAttentionNorm,
    FeedForwardWeights FeedForward,
    LayerNormWeights FinalNorm);
