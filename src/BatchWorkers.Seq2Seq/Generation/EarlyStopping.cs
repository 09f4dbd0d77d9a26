namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>When beam search stops a batch row, as transformers' <c>early_stopping</c> setting.</summary>
public enum EarlyStopping
{
    /// <summary>
    /// <c>false</c>, the default: stop once <c>num_beams</c> hypotheses are finished and the best running beam,
    /// scored at the current length, can no longer beat the worst of them.
    /// </summary>
    Heuristic,

    /// <summary><c>true</c>: stop as soon as <c>num_beams</c> hypotheses are finished.</summary>
    WhenFull,

    /// <summary>
    /// <c>"never"</c>: like <see cref="Heuristic"/>, but with a positive length penalty the best running beam
    /// is scored at the maximum length, so the search only stops when no beam can win.
    /// </summary>
    Never,
}
