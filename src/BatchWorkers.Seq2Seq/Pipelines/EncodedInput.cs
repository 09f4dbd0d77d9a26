namespace BatchWorkers.Seq2Seq.Pipelines;

/// <summary>Encoder input ids of one text, and how many tokens were cut to fit the model's input limit.</summary>
/// <param name="Ids">The ids, ending with the family's end-of-sequence token.</param>
/// <param name="DroppedTokens">Tokens removed from the end of the text (0 when it fitted).</param>
public sealed record EncodedInput(IReadOnlyList<int> Ids, int DroppedTokens)
{
    /// <summary>Whether the text was cut.</summary>
    public bool Truncated => DroppedTokens > 0;
}
