namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>
/// The best finished hypotheses of one source, at most num_beams, scored as sum of log-probabilities divided
/// by (generated length)^length_penalty, the length counting EOS and not the start token.
/// </summary>
internal sealed class BeamHypotheses(int numBeams, double lengthPenalty)
{
    private readonly List<(float Score, GeneratedSequence Sequence)> _kept = new(numBeams + 1);

    public int Count => _kept.Count;

    public bool IsFull => _kept.Count >= numBeams;

    /// <summary>Score of the worst kept hypothesis; +∞ while none is kept.</summary>
    public float WorstScore { get; private set; } = float.PositiveInfinity;

    /// <summary>Offers a finished sequence (start token first) with its summed log-probability.</summary>
    public void Add(List<int> tokens, float logProbability, FinishReason reason)
    {
        GeneratedSequence sequence = DecodingRow.Finish(tokens, logProbability, lengthPenalty, reason);
        if (IsFull && !(sequence.Score > WorstScore))
        {
            return;
        }

        _kept.Add((sequence.Score, sequence));
        if (_kept.Count > numBeams)
        {
            _kept.RemoveAt(IndexOfWorst());
        }

        WorstScore = _kept.Min(kept => kept.Score);
    }

    /// <summary>The highest-scoring hypothesis; the earliest found wins a tie.</summary>
    public GeneratedSequence Best()
    {
        if (_kept.Count == 0)
        {
            throw new InvalidOperationException("Beam search finished a source without any hypothesis.");
        }

        (float Score, GeneratedSequence Sequence) best = _kept[0];
        foreach ((float Score, GeneratedSequence Sequence) kept in _kept)
        {
            if (kept.Score > best.Score)
            {
                best = kept;
            }
        }

        return best.Sequence;
    }

    private int IndexOfWorst()
    {
        int worst = 0;
        for (int i = 1; i < _kept.Count; i++)
        {
            if (_kept[i].Score < _kept[worst].Score)
            {
                worst = i;
            }
        }

        return worst;
    }
}
