using System.Text.RegularExpressions;

namespace BatchWorkers.Privacy.Detection;

/// <summary>
/// IBANs: a country code, two check digits and the account (BBAN), upper-case, unbroken or in groups separated by
/// single spaces (<c>GB82 WEST 1234 5698 7654 32</c>). The length must be the country's (15–34 for a country the
/// table lacks) and the whole must pass the mod-97 check, which catches every single-character typo.
/// </summary>
internal sealed partial class IbanDetector : IPiiDetector
{
    public void Find(string text, List<PiiMatch> matches)
    {
        int position = 0;
        Match m;
        while (position < text.Length && (m = Candidate().Match(text, position)).Success)
        {
            int length = IbanLength(text, m.Index, m.Length);
            if (length > 0)
            {
                matches.Add(new PiiMatch(m.Index, length, PiiCategory.Iban, "IBAN"));
                position = m.Index + length;
            }
            else
            {
                // The candidate may have swallowed the start of the next IBAN: look again just after this one's start.
                position = m.Index + 1;
            }
        }
    }

    // The characters of the candidate that form an IBAN ending at a group boundary, or 0 for none. The candidate can
    // run on into the next upper-case word ("… 7654 32 BIC WESTGB22"), so the country's length decides where it ends.
    private static int IbanLength(string text, int start, int length)
    {
        Span<char> compact = stackalloc char[IbanCountries.MaxLength];
        string country = text.Substring(start, 2);
        int best = 0;
        int n = 0;
        for (int i = start; i < start + length && n < compact.Length; i++)
        {
            if (text[i] == ' ')
            {
                continue;
            }

            compact[n++] = text[i];
            bool atBoundary = i + 1 == start + length || text[i + 1] == ' ';
            if (atBoundary && IbanCountries.AllowsLength(country, n) && Mod97.IsValidIban(compact[..n]))
            {
                best = i + 1 - start;
            }
        }

        return best;
    }

    [GeneratedRegex(@"(?<![\w])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Candidate();
}
