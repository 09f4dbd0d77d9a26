using BatchWorkers.Onnx.Transformers;

namespace BatchWorkers.Seq2Seq.Tests.Onnx.Support;

/// <summary>
/// The forward pass of <see cref="Seq2SeqTransformerWeights"/> in plain C# (double precision, one row at a time,
/// no ONNX), written from the architecture's description so ONNX Runtime's numbers are checked independently.
/// </summary>
internal sealed class ReferenceTransformer(Seq2SeqTransformerWeights weights)
{
    private readonly Seq2SeqTransformerShape _shape = weights.Shape;

    /// <summary>The encoder output [positions][d_model] of one (possibly padded) row.</summary>
    public double[][] Encode(IReadOnlyList<long> ids, IReadOnlyList<long> mask)
    {
        double[][] hidden = Embed(ids, weights.EncoderPositions);
        foreach (EncoderLayerWeights layer in weights.EncoderLayers)
        {
            double[][] attention = Attention(layer.SelfAttention, hidden, hidden, (_, key) => mask[key] != 0, out _, out _);
            hidden = LayerNorm(Add(hidden, attention), layer.SelfAttentionNorm);
            hidden = LayerNorm(Add(hidden, FeedForward(layer.FeedForward, hidden)), layer.FinalNorm);
        }

        return hidden;
    }

    /// <summary>
    /// The decoder over a whole prefix (no cache): logits at every position and each layer's self-attention
    /// keys/values [heads][positions][head_dim] and cross-attention keys/values [heads][encoder positions][head_dim].
    /// </summary>
    public DecoderResult Decode(IReadOnlyList<long> ids, double[][] encoderHidden, IReadOnlyList<long> encoderMask)
    {
        double[][] hidden = Embed(ids, weights.DecoderPositions);
        var presents = new List<LayerPresents>();
        foreach (DecoderLayerWeights layer in weights.DecoderLayers)
        {
            double[][] attention = Attention(layer.SelfAttention, hidden, hidden, (query, key) => key <= query, out double[][][] selfKeys, out double[][][] selfValues);
            hidden = LayerNorm(Add(hidden, attention), layer.SelfAttentionNorm);
            double[][] cross = Attention(layer.CrossAttention, hidden, encoderHidden, (_, key) => encoderMask[key] != 0, out double[][][] crossKeys, out double[][][] crossValues);
            hidden = LayerNorm(Add(hidden, cross), layer.CrossAttentionNorm);
            hidden = LayerNorm(Add(hidden, FeedForward(layer.FeedForward, hidden)), layer.FinalNorm);
            presents.Add(new LayerPresents(selfKeys, selfValues, crossKeys, crossValues));
        }

        double[][] logits = Linear(hidden, new ProjectionWeights(weights.OutputProjection, weights.FinalLogitsBias));
        return new DecoderResult(logits, presents);
    }

    /// <summary>Next-token logits after <paramref name="prefix"/> for an unpadded source.</summary>
    public double[] NextLogits(IReadOnlyList<long> source, IReadOnlyList<long> prefix)
    {
        long[] mask = [.. source.Select(_ => 1L)];
        return Decode(prefix, Encode(source, mask), mask).Logits[^1];
    }

    private double[][] Embed(IReadOnlyList<long> ids, float[] positions)
    {
        int d = _shape.ModelDim;
        return [.. ids.Select((id, i) => Enumerable.Range(0, d)
            .Select(k => (double)weights.TokenEmbedding[(id * d) + k] + positions[(i * d) + k]).ToArray())];
    }

    private double[][] Attention(
        AttentionWeights attention,
        double[][] queryInput,
        double[][] keyValueInput,
        Func<int, int, bool> allowed,
        out double[][][] keys,
        out double[][][] values)
    {
        double[][] query = Linear(queryInput, attention.Query);
        double[][] key = Linear(keyValueInput, attention.Key);
        double[][] value = Linear(keyValueInput, attention.Value);
        int heads = _shape.Heads;
        int headDim = _shape.HeadDim;
        keys = SplitHeads(key);
        values = SplitHeads(value);
        double[][] context = [.. queryInput.Select(_ => new double[_shape.ModelDim])];
        for (int h = 0; h < heads; h++)
        {
            for (int q = 0; q < query.Length; q++)
            {
                double[] scores = new double[key.Length];
                for (int k = 0; k < key.Length; k++)
                {
                    double dot = 0;
                    for (int t = 0; t < headDim; t++)
                    {
                        dot += query[q][(h * headDim) + t] * key[k][(h * headDim) + t];
                    }

                    scores[k] = (dot / Math.Sqrt(headDim)) + (allowed(q, k) ? 0 : Seq2SeqTransformerWeights.MaskedScore);
                }

                double max = scores.Max();
                double[] exp = [.. scores.Select(score => Math.Exp(score - max))];
                double sum = exp.Sum();
                for (int k = 0; k < key.Length; k++)
                {
                    for (int t = 0; t < headDim; t++)
                    {
                        context[q][(h * headDim) + t] += exp[k] / sum * value[k][(h * headDim) + t];
                    }
                }
            }
        }

        return Linear(context, attention.Output);
    }

    // [positions][d_model] → [heads][positions][head_dim]
    private double[][][] SplitHeads(double[][] x) =>
        [.. Enumerable.Range(0, _shape.Heads).Select(h => x.Select(row => row.AsSpan(h * _shape.HeadDim, _shape.HeadDim).ToArray()).ToArray())];

    private double[][] FeedForward(FeedForwardWeights feedForward, double[][] x) =>
        Linear(Linear(x, feedForward.Up).Select(row => row.Select(v => Math.Max(v, 0)).ToArray()).ToArray(), feedForward.Down);

    private static double[][] Linear(double[][] x, ProjectionWeights projection)
    {
        int outputs = projection.Bias.Length;
        int inputs = projection.Weight.Length / outputs;
        return [.. x.Select(row =>
        {
            double[] y = [.. projection.Bias.Select(b => (double)b)];
            for (int i = 0; i < inputs; i++)
            {
                for (int j = 0; j < outputs; j++)
                {
                    y[j] += row[i] * projection.Weight[(i * outputs) + j];
                }
            }

            return y;
        })];
    }

    private static double[][] LayerNorm(double[][] x, LayerNormWeights norm) =>
        [.. x.Select(row =>
        {
            double mean = row.Average();
            double variance = row.Select(v => (v - mean) * (v - mean)).Average();
            double deviation = Math.Sqrt(variance + Seq2SeqTransformerWeights.LayerNormEpsilon);
            return row.Select((v, i) => ((v - mean) / deviation * norm.Scale[i]) + norm.Bias[i]).ToArray();
        })];

    private static double[][] Add(double[][] a, double[][] b) => [.. a.Select((row, i) => row.Select((v, j) => v + b[i][j]).ToArray())];

    public sealed record LayerPresents(double[][][] SelfKeys, double[][][] SelfValues, double[][][] CrossKeys, double[][][] CrossValues);

    public sealed record DecoderResult(double[][] Logits, IReadOnlyList<LayerPresents> Presents);
}
