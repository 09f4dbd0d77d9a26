using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace BatchWorkers.Privacy.Detection;

/// <summary>
/// IPv4 addresses (four decimal octets 0–255, no leading zeros) and IPv6 addresses (full, compressed, with an
/// embedded IPv4 tail), each confirmed by <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>.
/// A dotted quad is also the shape of a four-part version number, so one is taken for a version, not an address,
/// when it follows <c>v</c> directly, a word such as "version", "build", "release", "firmware", "section" or "§",
/// or is followed by a pre-release suffix such as <c>-beta</c>.
/// </summary>
internal sealed partial class IpAddressDetector : IPiiDetector
{
    public void Find(string text, List<PiiMatch> matches)
    {
        foreach (Match m in V4().Matches(text))
        {
            if (!HasLeadingZero(m.Value) && IPAddress.TryParse(m.Value, out _) && !FollowsVersionWord(text, m.Index))
            {
                matches.Add(new PiiMatch(m.Index, m.Length, PiiCategory.IpAddress, "IP"));
            }
        }

        foreach (Match m in V6().Matches(text))
        {
            if (m.Value.Any(char.IsAsciiHexDigit)
                && IPAddress.TryParse(m.Value, out IPAddress? address) && address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                matches.Add(new PiiMatch(m.Index, m.Length, PiiCategory.IpAddress, "IP"));
            }
        }
    }

    private static bool FollowsVersionWord(string text, int index)
    {
        int from = Math.Max(0, index - 24);
        return VersionContext().IsMatch(text.AsSpan(from, index - from));
    }

    // "010.1.1.1" is read as octal by some parsers and as decimal by others: not an address anyone writes.
    private static bool HasLeadingZero(string dotted) =>
        dotted.Split('.').Any(octet => octet.Length > 1 && octet[0] == '0');

    [GeneratedRegex(@"(?<![\w.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![\w]|\.[0-9]|-[A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex V4();

    // Hex groups of up to four digits between 2–7 colons, optionally ending in a dotted IPv4 tail; never glued to a
    // word or to a further colon, so "std::vector", times and MAC addresses either do not match or fail to parse.
    [GeneratedRegex(@"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9]{1,3}(?:\.[0-9]{1,3}){3}|[0-9A-Fa-f]{1,4})?(?![\w:]|\.[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex V6();

    // Checked against the few characters before a dotted quad, so it is anchored at their end.
    [GeneratedRegex(@"(?:\b(?:version|ver|build|release|firmware|section|chapter|clause)\.?|§)\s*[:#]?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex VersionContext();
}
