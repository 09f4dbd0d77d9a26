namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>One sequence being decoded: its source, its tokens (start token first) and their log-probability.</summary>
internal sealed class DecodingRow(int source, List<int> tokens, float logProbability)
{
    public int Source { get; } = source;

    public List<int> Tokens { get; } = tokens;

    /// <summary>Running sum of processed log-probabilities (beam search's beam score).</summary>
    public float LogProbability { get; private set; } = logProbability;

    public static DecodingRow Start(int source, int decoderStartTokenId, float logProbability = 0f) =>
        new(source, [decoderStartTokenId], logProbability);

    /// <summary>A new row: these tokens plus <paramref name="token"/>, with the given total.</summary>
    public DecodingRow Extend(int token, float logProbability) => new(Source, [.. Tokens, token], logProbability);

    /// <summary>Appends <paramref name="token"/> in place (greedy search never forks).</summary>
    public void Append(int token, float tokenLogProbability)
    {
        Tokens.Add(token);
        LogProbability += tokenLogProbability;
    }

    /// <summary>The result: the tokens after the start token, scored as transformers' beam hypotheses are.</summary>
    public GeneratedSequence ToResult(double lengthPenalty, FinishReason reason) =>
        Finish(Tokens, LogProbability, lengthPenalty, reason);

    public static GeneratedSequence Finish(List<int> tokens, float logProbability, double lengthPenalty, FinishReason reason)
    {
        int generated = tokens.Count - 1;
        return new GeneratedSequence(
            tokens.GetRange(1, generated), logProbability, LengthNormalized(logProbability, generated, lengthPenalty), reason);
    }

    public static float LengthNormalized(float logProbability, int generatedLength, double lengthPenalty) =>
        (float)(logProbability / Math.Pow(generatedLength, lengthPenalty));
}
