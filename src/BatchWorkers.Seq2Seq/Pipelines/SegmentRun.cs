using BatchWorkers.Seq2Seq.Generation;

namespace BatchWorkers.Seq2Seq.Pipelines;

/// <summary>Accumulates the segments of one text as they are generated.</summary>
internal sealed class SegmentRun
{
    public int InputTokens { get; private set; }

    public int OutputTokens { get; private set; }

    public int Segments { get; private set; }

    public int DroppedTokens { get; private set; }

    public int TruncatedSegments { get; private set; }

    public bool HitMaxLength { get; private set; }

    public double GenerateMs { get; private set; }

    public void AddInput(EncodedInput input)
    {
        InputTokens += input.Ids.Count;
        Segments++;
        if (input.Truncated)
        {
            DroppedTokens += input.DroppedTokens;
            TruncatedSegments++;
        }
    }

    public void AddOutput(BatchedSequence output)
    {
        OutputTokens += output.Sequence.TokenIds.Count;
        HitMaxLength |= output.Sequence.FinishReason == FinishReason.MaxLength;
        GenerateMs += output.GenerateMs;
    }

    public TextResult ToResult(string text, int inputLimit, string what) => new(
        text,
        null,
        InputTokens,
        OutputTokens,
        Segments,
        TruncatedSegments == 0
            ? null
            : $"{TruncatedSegments} {what} exceeded the model's input limit of {inputLimit} tokens; {DroppedTokens} tokens were cut from their ends.",
        HitMaxLength ? FinishReason.MaxLength : FinishReason.EndOfSequence,
        GenerateMs);
}
