namespace BatchWorkers.Seq2Seq.Generation;

/// <summary>The output of generation for one input.</summary>
/// <param name="TokenIds">Generated ids without the decoder start token, ending with EOS when
/// <paramref name="FinishReason"/> is <see cref="Generation.FinishReason.EndOfSequence"/>.</param>
/// <param name="LogProbability">Sum of the chosen tokens' log-probabilities after the logits processors
/// (a forced token counts 0).</param>
/// <param name="Score"><paramref name="LogProbability"/> divided by (generated length)^length_penalty, the
/// length counting EOS; beam search ranks hypotheses by it (transformers' <c>sequences_scores</c>).</param>
/// <param name="FinishReason">Why the sequence ended.</param>
public sealed record GeneratedSequence(
    IReadOnlyList<int> TokenIds,
    float LogProbability,
    float Score,
    FinishReason FinishReason);
