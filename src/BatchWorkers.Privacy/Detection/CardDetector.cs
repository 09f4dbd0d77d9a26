using System.Text.RegularExpressions;

namespace BatchWorkers.Privacy.Detection;

/// <summary>
/// Payment card numbers: 13–19 digits, unbroken or in groups separated by one kind of separator (spaces or dashes,
/// as in <c>4111 1111 1111 1111</c> or <c>3782-822463-10005</c>), with a known issuer prefix and length and a valid
/// Luhn check digit. A longer run of digit groups (a card followed by an expiry, a reference before it) is searched
/// for the longest run of whole groups that qualifies.
/// </summary>
internal sealed partial class CardDetector : IPiiDetector
{
    public void Find(string text, List<PiiMatch> matches)
    {
        int position = 0;
        Match m;
        while (position < text.Length && (m = DigitRun().Match(text, position)).Success)
        {
            (int Start, int Length)? card = LongestCard(text, m.Index, m.Length);
            if (card is { } found)
            {
                matches.Add(new PiiMatch(found.Start, found.Length, PiiCategory.Card, "CARD"));
            }

            position = m.Index + m.Length;
        }
    }

    private static (int Start, int Length)? LongestCard(string text, int start, int length)
    {
        List<(int Start, int Length, char Separator)> groups = DigitGroups.Split(text, start, length);
        (int Start, int Length)? best = null;
        int bestDigits = 0;
        for (int first = 0; first < groups.Count; first++)
        {
            int digits = 0;
            for (int last = first; last < groups.Count && digits + groups[last].Length <= 19; last++)
            {
                digits += groups[last].Length;
                if (digits > bestDigits && digits >= 13 && IsCard(text, groups, first, last, digits))
                {
                    int from = groups[first].Start;
                    best = (from, groups[last].Start + groups[last].Length - from);
                    bestDigits = digits;
                }
            }
        }

        return best;
    }

    private static bool IsCard(string text, List<(int Start, int Length, char Separator)> groups, int first, int last, int count)
    {
        Span<char> digits = stackalloc char[count];
        int n = 0;
        for (int g = first; g <= last; g++)
        {
            // Grouped numbers are printed in blocks of 4–6 (4-4-4-4, 4-6-5, 4-6-4); only the last block may be short.
            if (g > first && groups[g].Separator != groups[first + 1].Separator
                || g < last && groups[g].Length is < 4 or > 6)
            {
                return false;
            }

            text.AsSpan(groups[g].Start, groups[g].Length).CopyTo(digits[n..]);
            n += groups[g].Length;
        }

        return CardIssuers.IsKnown(digits) && Luhn.IsValid(digits);
    }

    // A maximal run of digits in groups joined by single spaces or dashes, not glued to a word or to more digits.
    [GeneratedRegex(@"(?<![\w]|[0-9][ \-])[0-9](?:[ \-]?[0-9]){12,}(?![\w]|[ \-][0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex DigitRun();
}
