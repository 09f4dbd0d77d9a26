namespace BatchWorkers.Privacy;

/// <summary>
/// Where one piece of personal data lies in a text: a position, not the value, so that it can be logged or kept.
/// </summary>
/// <param name="Start">Index of the first character.</param>
/// <param name="Length">Characters covered.</param>
/// <param name="Category">What was found.</param>
/// <param name="Name">The placeholder's name: <c>EMAIL</c>, <c>PHONE</c>, <c>CARD</c>, <c>IBAN</c>, <c>IP</c> or a custom pattern's.</param>
public readonly record struct PiiMatch(int Start, int Length, PiiCategory Category, string Name)
{
    /// <summary>Index just past the last character.</summary>
    public int End => Start + Length;

    /// <summary>The text that replaces the match, for example <c>[EMAIL]</c>.</summary>
    public string Placeholder => "[" + Name + "]";
}
