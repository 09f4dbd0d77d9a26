using System.Text.RegularExpressions;

namespace BatchWorkers.Privacy.Detection;

/// <summary>
/// A configured pattern. It is compiled once with a match timeout, because an operator's pattern may backtrack
/// catastrophically on some text, and a redactor that hangs is worse than one that fails the item.
/// </summary>
internal sealed partial class CustomPatternDetector : IPiiDetector
{
    private static readonly HashSet<string> BuiltInNames = new(StringComparer.Ordinal) { "EMAIL", "PHONE", "CARD", "IBAN", "IP" };

    private readonly Regex _regex;

    public CustomPatternDetector(CustomPattern pattern, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Name = (pattern.Name ?? "").ToUpperInvariant();
        if (!ValidName().IsMatch(Name))
        {
            throw new ArgumentException(
                $"Custom redaction pattern name '{pattern.Name}' is not valid: use letters, digits and underscores, starting with a letter (at most 32).",
                nameof(pattern));
        }

        if (BuiltInNames.Contains(Name))
        {
            throw new ArgumentException($"Custom redaction pattern name '{Name}' is taken by a built-in detector.", nameof(pattern));
        }

        try
        {
            _regex = new Regex(pattern.Pattern, RegexOptions.CultureInvariant, timeout);
        }
        catch (ArgumentException ex)
        {
            // ArgumentNullException and RegexParseException both land here; the latter's message names the position.
            throw new ArgumentException($"Custom redaction pattern '{Name}' is not a valid regular expression: {ex.Message}", nameof(pattern), ex);
        }
    }

    /// <summary>The placeholder name, upper-cased.</summary>
    public string Name { get; }

    public void Find(string text, List<PiiMatch> matches)
    {
        try
        {
            for (Match m = _regex.Match(text); m.Success; m = m.NextMatch())
            {
                if (m.Length > 0)
                {
                    matches.Add(new PiiMatch(m.Index, m.Length, PiiCategory.Custom, Name));
                }
            }
        }
        catch (RegexMatchTimeoutException ex)
        {
            throw new RedactionException(
                $"Custom redaction pattern '{Name}' ran longer than {ex.MatchTimeout.TotalMilliseconds:0} ms on a text of {text.Length} characters "
                + "(catastrophic backtracking?); the text was not redacted. Simplify the pattern, for example by removing nested quantifiers.",
                ex);
        }
    }

    [GeneratedRegex(@"^[A-Z][A-Z0-9_]{0,31}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ValidName();
}
