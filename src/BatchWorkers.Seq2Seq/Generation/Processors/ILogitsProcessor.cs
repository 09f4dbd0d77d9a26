namespace BatchWorkers.Seq2Seq.Generation.Processors;

/// <summary>Adjusts one row's next-token log-probabilities, as a transformers LogitsProcessor does.</summary>
internal interface ILogitsProcessor
{
    /// <param name="sequence">The row's tokens so far, decoder start token included.</param>
    /// <param name="scores">The row's log-probabilities over the vocabulary, changed in place.</param>
    void Process(IReadOnlyList<int> sequence, Span<float> scores);
}
