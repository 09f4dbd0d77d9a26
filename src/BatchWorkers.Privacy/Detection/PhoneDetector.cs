using System.Text.RegularExpressions;

namespace BatchWorkers.Privacy.Detection;

/// <summary>
/// Phone numbers, international (<c>+44 20 7946 0958</c>, <c>+1 (415) 555-2671</c>, <c>0049 30 123456</c>) and
/// national with a trunk prefix or separators (<c>020 7946 0958</c>, <c>(415) 555-2671</c>, <c>01.23.45.67.89</c>).
/// The pattern finds whole chains of digit groups; <see cref="PhoneShape"/> decides which chains are phone numbers.
/// </summary>
internal sealed partial class PhoneDetector : IPiiDetector
{
    public void Find(string text, List<PiiMatch> matches)
    {
        foreach (Match m in Chain().Matches(text))
        {
            if (PhoneShape.IsPhone(m.Value) && !ContinuesAccountNumber(text, m.Index))
            {
                matches.Add(new PiiMatch(m.Index, m.Length, PiiCategory.Phone, "PHONE"));
            }
        }
    }

    // "NL91 ABNA 0417 1643 01": digit blocks after an IBAN-shaped start belong to that (mistyped) account number.
    private static bool ContinuesAccountNumber(string text, int index)
    {
        int from = Math.Max(0, index - 40);
        return IbanStart().IsMatch(text.AsSpan(from, index - from));
    }

    // An optional '+', then up to ten groups: digits, or digits in parentheses ("(0)", "(415)", "(+44)"), joined by one
    // space, dot, dash or slash (nothing is needed beside a parenthesis). Groups are atomic and separators are
    // mandatory between plain groups, so a digit run is never re-split and matching stays linear. The chain must be
    // whole: it may not start inside a word, a number, a path or a time, nor stop before another group or a dash or
    // slash that glues it to more of an identifier ("0-8044-2957-X").
    [GeneratedRegex("""
        (?<![\w+\#/.@\-)]|[0-9]:|[0-9)]\x20)
        (?:\+\x20?)?
        (?>\(\+?[0-9]{1,5}\)|[0-9]+)
        (?:(?:[\x20.\-/]|(?<=\))|(?=\())(?>\([0-9]{1,5}\)|[0-9]+)){0,9}
        (?![\w@]|[\x20.\-/][0-9]|[\-/]\w|:[0-9])
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Chain();

    [GeneratedRegex(@"\b[A-Z]{2}[0-9]{2}(?:\x20[A-Z0-9]{4})*\x20\z", RegexOptions.CultureInvariant)]
    private static partial Regex IbanStart();
}
