namespace BatchWorkers.Seq2Seq.Tests.Generation.Support;

/// <summary>
/// A deterministic "model" whose next-token distribution depends only on the previous token, written as
/// probabilities so expected scores can be worked out by hand. Unlisted tokens have probability 0.
/// </summary>
internal sealed class ToyModel
{
    private readonly Dictionary<int, double[]> _next = [];

    public ToyModel After(int previous, params (int Token, double Probability)[] next)
    {
        var probabilities = new double[Tokens.VocabSize];
        foreach ((int token, double probability) in next)
        {
            probabilities[token] = probability;
        }

        _next[previous] = probabilities;
        return this;
    }

    /// <summary>Writes ln p as logits; log-softmax of them gives back ln p. An unlisted previous token
    /// (only ever reached by impossible, −∞ beams) is followed by EOS.</summary>
    public void WriteLogits(int previous, Span<float> logits)
    {
        if (!_next.TryGetValue(previous, out double[]? probabilities))
        {
            probabilities = new double[Tokens.VocabSize];
            probabilities[Tokens.Eos] = 1.0;
        }

        for (int token = 0; token < probabilities.Length; token++)
        {
            logits[token] = (float)Math.Log(probabilities[token]);
        }
    }
}
