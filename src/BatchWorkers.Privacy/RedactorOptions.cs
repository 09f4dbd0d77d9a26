namespace BatchWorkers.Privacy;

/// <summary>How a <see cref="Redactor"/> is configured.</summary>
public sealed record RedactorOptions
{
    /// <summary>The built-in detectors to run. Default: all of them.</summary>
    public IReadOnlySet<PiiCategory> Categories { get; init; } = new HashSet<PiiCategory>
    {
        PiiCategory.Email, PiiCategory.Phone, PiiCategory.Card, PiiCategory.Iban, PiiCategory.IpAddress,
    };

    /// <summary>Configured patterns. Default: none.</summary>
    public IReadOnlyList<CustomPattern> CustomPatterns { get; init; } = [];

    /// <summary>
    /// Longest one search of one custom pattern may run before the text fails with a <see cref="RedactionException"/>
    /// (a guard against catastrophic backtracking). Default: 250 ms.
    /// </summary>
    public TimeSpan CustomPatternTimeout { get; init; } = TimeSpan.FromMilliseconds(250);
}
