using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Onnx;

namespace BatchWorkers.Seq2Seq.Attribution;

/// <summary>
/// Scores one known output under many sources by teacher forcing: each step feeds the output's next token instead
/// of a generated one, and the log-probability the model gives that token is added up. Sources run in batches,
/// one encoder run per batch; every row decodes the same tokens, so the rows never diverge and the key/value
/// cache serves them all without reordering. Thread-safe: each call opens decoder sessions of its own.
/// </summary>
/// <param name="model">The model's ONNX sessions.</param>
/// <param name="padTokenId">Pads sources of different lengths within a batch (the attention mask hides it).</param>
/// <param name="cacheMode">Key/value cache or full recomputation at each step; <see cref="DecoderCacheMode.Auto"/>
/// caches when the files allow. Default Auto.</param>
public sealed class TeacherForcedScorer(Seq2SeqOnnxModel model, int padTokenId, DecoderCacheMode cacheMode = DecoderCacheMode.Auto)
{
    private readonly Seq2SeqOnnxModel _model = model ?? throw new ArgumentNullException(nameof(model));

    /// <summary>
    /// The sum of log p(target[t] | target[..t], source) over t ≥ 1 for each source: the raw model's
    /// log-softmax over its full vocabulary, with no logits processors (bad words, forced or minimum-length
    /// tokens), so the number says how likely the model itself finds the output.
    /// </summary>
    /// <param name="sources">Encoder inputs (token ids as the tokenizer gives them, EOS included).</param>
    /// <param name="target">The decoder start token, then the output's ids (its EOS included when it has one).</param>
    /// <param name="batchSize">Sources per encoder run and decoder batch.</param>
    /// <param name="cancellationToken">Stops between decoder steps.</param>
    /// <param name="beforeBatch">Called before each batch's encoder run (see <see cref="AttributionOptions.BeforeBatch"/>).</param>
    /// <returns>One sum per source, in order; 0 when the target holds only the start token.</returns>
    /// <exception cref="ArgumentException">A source is empty, the target is empty, or a target id lies outside the
    /// model's vocabulary.</exception>
    public IReadOnlyList<double> Score(
        IReadOnlyList<IReadOnlyList<int>> sources, IReadOnlyList<int> target, int batchSize, CancellationToken cancellationToken,
        Action<CancellationToken>? beforeBatch = null)
    {
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        if (target.Count == 0)
        {
            throw new ArgumentException("The target needs at least the decoder start token.", nameof(target));
        }

        double[] totals = new double[sources.Count];
        if (target.Count == 1)
        {
            return totals;
        }

        int[] tokens = [.. target];
        for (int first = 0; first < sources.Count; first += batchSize)
        {
            int rows = Math.Min(batchSize, sources.Count - first);
            IReadOnlyList<int>[] batch = [.. sources.Skip(first).Take(rows)];
            beforeBatch?.Invoke(cancellationToken);
            using OnnxDecoderSession session = _model.StartDecoding(batch, padTokenId, cacheMode, cancellationToken);
            var sequences = new IReadOnlyList<int>[rows];
            for (int position = 1; position < tokens.Length; position++)
            {
                // Every row holds the same prefix: the known output up to (not including) the token being scored.
                Array.Fill(sequences, new ArraySegment<int>(tokens, 0, position));
                Logits logits = session.Step(sequences, cancellationToken);
                int token = tokens[position];
                if ((uint)token >= (uint)logits.VocabSize)
                {
                    throw new ArgumentException(
                        $"Target token {token} lies outside the model's vocabulary of {logits.VocabSize}.", nameof(target));
                }

                for (int row = 0; row < rows; row++)
                {
                    totals[first + row] += LogProbability(logits.Row(row), token);
                }
            }
        }

        return totals;
    }

    /// <summary>log-softmax(logits)[token], in double: logits[token] − log Σ exp(logits).</summary>
    internal static double LogProbability(ReadOnlySpan<float> logits, int token)
    {
        float max = float.NegativeInfinity;
        foreach (float value in logits)
        {
            max = Math.Max(max, value);
        }

        if (float.IsNegativeInfinity(max))
        {
            return double.NegativeInfinity;
        }

        double sum = 0;
        foreach (float value in logits)
        {
            sum += Math.Exp(value - (double)max);
        }

        return logits[token] - (double)max - Math.Log(sum);
    }
}
