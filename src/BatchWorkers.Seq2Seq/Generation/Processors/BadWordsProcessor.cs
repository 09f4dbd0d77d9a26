namespace BatchWorkers.Seq2Seq.Generation.Processors;

/// <summary>
/// Never lets a bad_words_ids sequence complete: a single token is always −∞, a longer sequence's last token is
/// −∞ whenever the sequence ends with the rest of it.
/// </summary>
internal sealed class BadWordsProcessor : ILogitsProcessor
{
    private readonly int[] _alwaysBanned;
    private readonly int[][] _sequences;

    public BadWordsProcessor(IReadOnlyList<IReadOnlyList<int>> badWordsIds, IReadOnlyList<int> eosTokenIds)
    {
        // transformers drops a bad word that is exactly one EOS token: banning it would stop nothing ever ending.
        IReadOnlyList<int>[] kept = [.. badWordsIds.Where(
            words => words.Count > 0 && !(words.Count == 1 && eosTokenIds.Contains(words[0])))];
        _alwaysBanned = [.. kept.Where(words => words.Count == 1).Select(words => words[0])];
        _sequences = [.. kept.Where(words => words.Count > 1).Select(words => words.ToArray())];
    }

    public void Process(IReadOnlyList<int> sequence, Span<float> scores)
    {
        foreach (int token in _alwaysBanned)
        {
            scores[token] = float.NegativeInfinity;
        }

        foreach (int[] words in _sequences)
        {
            if (EndsWith(sequence, words.AsSpan(0, words.Length - 1)))
            {
                scores[words[^1]] = float.NegativeInfinity;
            }
        }
    }

    private static bool EndsWith(IReadOnlyList<int> sequence, ReadOnlySpan<int> prefix)
    {
        int offset = sequence.Count - prefix.Length;
        if (offset < 0)
        {
            return false;
        }

        for (int i = 0; i < prefix.Length; i++)
        {
            if (sequence[offset + i] != prefix[i])
            {
                return false;
            }
        }

        return true;
    }
}
