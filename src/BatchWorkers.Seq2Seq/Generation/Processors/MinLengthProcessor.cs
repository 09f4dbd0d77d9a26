namespace BatchWorkers.Seq2Seq.Generation.Processors;

/// <summary>Blocks EOS while the sequence, start token included, is shorter than min_length.</summary>
internal sealed class MinLengthProcessor(int minLength, IReadOnlyList<int> eosTokenIds) : ILogitsProcessor
{
    public void Process(IReadOnlyList<int> sequence, Span<float> scores)
    {
        if (sequence.Count >= minLength)
        {
            return;
        }

        foreach (int eos in eosTokenIds)
        {
            scores[eos] = float.NegativeInfinity;
        }
    }
}
