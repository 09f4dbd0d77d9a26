namespace BatchWorkers.Privacy;

/// <summary>
/// A redacted text and how many matches of each placeholder name it had (<c>{"EMAIL": 2, "PHONE": 1}</c>).
/// It never holds the values that were replaced, so it may be stored and logged as it is.
/// </summary>
/// <param name="Text">The text with every match replaced by its placeholder.</param>
/// <param name="Counts">Matches per placeholder name (<c>EMAIL</c>, <c>PHONE</c>, …); names with none are absent.</param>
public sealed record RedactionResult(string Text, IReadOnlyDictionary<string, int> Counts)
{
    /// <summary>All matches together.</summary>
    public int Total => Counts.Values.Sum();
}
