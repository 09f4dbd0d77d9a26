using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Pipelines;

namespace BatchWorkers.Worker.TextGeneration;

/// <summary>Adds up the results of an item's pieces (the text parts between placeholders).</summary>
public static class TextResults
{
    public static TextResult Combine(IReadOnlyList<TextResult> pieces, string text)
    {
        if (pieces.FirstOrDefault(p => p.Error is not null) is { } failed)
        {
            return failed;
        }

        var notes = pieces.Select(p => p.TruncationNote).OfType<string>().ToList();
        return new TextResult(
            text, null, pieces.Sum(p => p.InputTokens), pieces.Sum(p => p.OutputTokens), pieces.Sum(p => p.Segments),
            notes.Count == 0 ? null : string.Join(" ", notes),
            pieces.Any(p => p.FinishReason == FinishReason.MaxLength) ? FinishReason.MaxLength : FinishReason.EndOfSequence,
            pieces.Sum(p => p.GenerateMs));
    }
}
