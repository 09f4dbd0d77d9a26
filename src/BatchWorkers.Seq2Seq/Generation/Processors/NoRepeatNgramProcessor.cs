namespace BatchWorkers.Seq2Seq.Generation.Processors;

/// <summary>
/// Bans every token that would complete an n-gram already in the sequence (decoder start token included, as in
/// transformers' NoRepeatNGramLogitsProcessor).
/// </summary>
internal sealed class NoRepeatNgramProcessor(int ngramSize) : ILogitsProcessor
{
    public void Process(IReadOnlyList<int> sequence, Span<float> scores)
    {
        int length = sequence.Count;
        if (length + 1 < ngramSize)
        {
            return;
        }

        // The next token would complete the n-gram whose first n−1 tokens are the sequence's last n−1.
        int prefixStart = length - (ngramSize - 1);
        for (int start = 0; start + ngramSize <= length; start++)
        {
            if (SameRun(sequence, start, prefixStart, ngramSize - 1))
            {
                scores[sequence[start + ngramSize - 1]] = float.NegativeInfinity;
            }
        }
    }

    private static bool SameRun(IReadOnlyList<int> sequence, int first, int second, int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (sequence[first + i] != sequence[second + i])
            {
                return false;
            }
        }

        return true;
    }
}
