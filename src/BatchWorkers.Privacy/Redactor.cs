using System.Text;
using BatchWorkers.Privacy.Detection;

namespace BatchWorkers.Privacy;

/// <summary>
/// Finds personal data in text and replaces each match with its typed placeholder (<c>[EMAIL]</c>, <c>[PHONE]</c>,
/// <c>[CARD]</c>, <c>[IBAN]</c>, <c>[IP]</c>, or a custom pattern's <c>[NAME]</c>). Thread-safe once built; build
/// one per configuration and share it.
/// </summary>
/// <remarks>
/// Every detector runs over the whole text; where matches overlap, the longest wins, because the longer match saw
/// more of the context (an IBAN contains card-like digits, an IPv6 address contains an IPv4 one). Equal lengths go
/// by priority: custom patterns (the operator said so explicitly), then card, IBAN, e-mail, IP, phone, the order
/// of how strongly each is validated. Every detector is linear in the text's length.
/// </remarks>
public sealed class Redactor
{
    private static readonly PiiCategory[] Priority =
        [PiiCategory.Custom, PiiCategory.Card, PiiCategory.Iban, PiiCategory.Email, PiiCategory.IpAddress, PiiCategory.Phone];

    private readonly List<IPiiDetector> _detectors = [];

    /// <summary>A redactor with every built-in detector and no custom patterns.</summary>
    public Redactor()
        : this(new RedactorOptions())
    {
    }

    /// <summary>A redactor as <paramref name="options"/> say.</summary>
    /// <exception cref="ArgumentException">A custom pattern has an invalid or duplicate name, or does not compile.</exception>
    public Redactor(RedactorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var names = new List<string>();
        AddBuiltIn(options, PiiCategory.Email, "EMAIL", new EmailDetector(), names);
        AddBuiltIn(options, PiiCategory.Phone, "PHONE", new PhoneDetector(), names);
        AddBuiltIn(options, PiiCategory.Card, "CARD", new CardDetector(), names);
        AddBuiltIn(options, PiiCategory.Iban, "IBAN", new IbanDetector(), names);
        AddBuiltIn(options, PiiCategory.IpAddress, "IP", new IpAddressDetector(), names);
        foreach (CustomPattern pattern in options.CustomPatterns)
        {
            var detector = new CustomPatternDetector(pattern, options.CustomPatternTimeout);
            if (names.Contains(detector.Name))
            {
                throw new ArgumentException($"Custom redaction pattern name '{detector.Name}' is configured twice.", nameof(options));
            }

            names.Add(detector.Name);
            _detectors.Add(detector);
        }

        PlaceholderNames = names;
    }

    /// <summary>The placeholder names this redactor writes, such as <c>EMAIL</c> and any custom pattern's.</summary>
    public IReadOnlyList<string> PlaceholderNames { get; }

    /// <summary>The matches in <paramref name="text"/>, without overlaps, in text order.</summary>
    /// <exception cref="RedactionException">A custom pattern ran past its time limit.</exception>
    public IReadOnlyList<PiiMatch> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var candidates = new List<PiiMatch>();
        foreach (IPiiDetector detector in _detectors)
        {
            detector.Find(text, candidates);
        }

        return Resolve(candidates, text.Length);
    }

    /// <summary><paramref name="text"/> with every match replaced by its placeholder, and the counts per name.</summary>
    /// <exception cref="RedactionException">A custom pattern ran past its time limit; nothing is returned.</exception>
    public RedactionResult Redact(string text)
    {
        IReadOnlyList<PiiMatch> matches = Find(text);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (matches.Count == 0)
        {
            return new RedactionResult(text, counts);
        }

        var redacted = new StringBuilder(text.Length);
        int position = 0;
        foreach (PiiMatch match in matches)
        {
            redacted.Append(text, position, match.Start - position).Append('[').Append(match.Name).Append(']');
            position = match.End;
            counts[match.Name] = counts.GetValueOrDefault(match.Name) + 1;
        }

        redacted.Append(text, position, text.Length - position);
        return new RedactionResult(redacted.ToString(), counts);
    }

    /// <summary>A guard that keeps this redactor's placeholders intact through translation.</summary>
    public PlaceholderGuard CreateGuard() => new(PlaceholderNames);

    private void AddBuiltIn(RedactorOptions options, PiiCategory category, string name, IPiiDetector detector, List<string> names)
    {
        if (options.Categories.Contains(category))
        {
            _detectors.Add(detector);
            names.Add(name);
        }
    }

    // Longest first, then by priority, then leftmost; a candidate overlapping one already kept is dropped.
    private static List<PiiMatch> Resolve(List<PiiMatch> candidates, int textLength)
    {
        if (candidates.Count <= 1)
        {
            return candidates;
        }

        // OrderBy is stable: between equal custom matches, the pattern configured first wins.
        IEnumerable<PiiMatch> ranked = candidates
            .OrderByDescending(c => c.Length)
            .ThenBy(c => Array.IndexOf(Priority, c.Category))
            .ThenBy(c => c.Start);
        var taken = new bool[textLength];
        var kept = new List<PiiMatch>();
        foreach (PiiMatch candidate in ranked)
        {
            if (Array.IndexOf(taken, true, candidate.Start, candidate.Length) < 0)
            {
                Array.Fill(taken, true, candidate.Start, candidate.Length);
                kept.Add(candidate);
            }
        }

        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }
}
