using BatchWorkers.Seq2Seq.Generation;

namespace BatchWorkers.Seq2Seq.Pipelines;

/// <summary>The translation or summary of one text, or why there is none.</summary>
/// <param name="Text">The output text; null when <paramref name="Error"/> is set.</param>
/// <param name="Error">Why the text could not be processed (it held something the tokenizer refuses).</param>
/// <param name="InputTokens">Encoder tokens over every segment.</param>
/// <param name="OutputTokens">Generated tokens over every segment.</param>
/// <param name="Segments">Pieces the text was run in.</param>
/// <param name="TruncationNote">What was cut to fit the input limit, or null when nothing was.</param>
/// <param name="FinishReason">End-of-sequence when every segment ended with it, else max length.</param>
/// <param name="GenerateMs">The text's share of model time.</param>
public sealed record TextResult(
    string? Text,
    string? Error,
    int InputTokens,
    int OutputTokens,
    int Segments,
    string? TruncationNote,
    FinishReason FinishReason,
    double GenerateMs)
{
    /// <summary>A text that could not be processed.</summary>
    public static TextResult Failed(string error) => new(null, error, 0, 0, 0, null, FinishReason.EndOfSequence, 0);
}
