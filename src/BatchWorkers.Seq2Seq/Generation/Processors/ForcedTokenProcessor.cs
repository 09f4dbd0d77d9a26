namespace BatchWorkers.Seq2Seq.Generation.Processors;

/// <summary>
/// Forces tokens at one sequence length: everything else −∞, the forced tokens 0. Covers forced_bos (length 1,
/// the first generated position) and forced_eos (length max_length − 1, the last).
/// </summary>
internal sealed class ForcedTokenProcessor(int atLength, IReadOnlyList<int> tokenIds) : ILogitsProcessor
{
    public static ForcedTokenProcessor Bos(int bosTokenId) => new(1, [bosTokenId]);

    public static ForcedTokenProcessor Eos(int maxLength, IReadOnlyList<int> eosTokenIds) => new(maxLength - 1, eosTokenIds);

    public void Process(IReadOnlyList<int> sequence, Span<float> scores)
    {
        if (sequence.Count != atLength)
        {
            return;
        }

        scores.Fill(float.NegativeInfinity);
        foreach (int token in tokenIds)
        {
            scores[token] = 0f;
        }
    }
}
