namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>
/// Keeps the <c>capacity</c> best (score, flat index) pairs seen, best first; on equal scores the lower index
/// ranks first. Offers must come in increasing index order.
/// </summary>
internal sealed class TopCandidates(int capacity)
{
    private readonly float[] _scores = new float[capacity];
    private readonly int[] _indices = new int[capacity];

    public int Count { get; private set; }

    public float Score(int rank) => _scores[rank];

    public int Index(int rank) => _indices[rank];

    public void Clear() => Count = 0;

    public void Offer(float score, int index)
    {
        // A NaN ranks as impossible rather than breaking the ordering.
        if (float.IsNaN(score))
        {
            score = float.NegativeInfinity;
        }

        // Indices arrive in increasing order, so an equal score never displaces an earlier candidate.
        if (Count == capacity && !(score > _scores[Count - 1]))
        {
            return;
        }

        int position = Count == capacity ? Count - 1 : Count++;
        while (position > 0 && score > _scores[position - 1])
        {
            _scores[position] = _scores[position - 1];
            _indices[position] = _indices[position - 1];
            position--;
        }

        _scores[position] = score;
        _indices[position] = index;
    }
}
