using System.Text.RegularExpressions;

namespace BatchWorkers.Privacy.Detection;

/// <summary>
/// E-mail addresses in the form people write them: a dot-atom local part (letters in any script, digits and
/// <c>_ % + - '</c>), <c>@</c>, and a domain of at least two labels ending in an alphabetic or punycode TLD.
/// Quoted local parts and IP-literal domains are left out: they are vanishingly rare in prose and would make the
/// pattern match far more that is not an address. <c>user@localhost</c>, <c>@handle</c>, <c>lodash@4.17.21</c>
/// and retina image names such as <c>icon@2x.png</c> are not addresses.
/// </summary>
internal sealed partial class EmailDetector : IPiiDetector
{
    // File extensions that are not top-level domains: "logo@2x.png" names an image, not a mailbox.
    private static readonly HashSet<string> FileExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "tif", "tiff", "heic", "avif", "pdf", "css", "json", "html",
    };

    public void Find(string text, List<PiiMatch> matches)
    {
        foreach (Match m in Address().Matches(text))
        {
            int at = m.Value.IndexOf('@', StringComparison.Ordinal);
            int dot = m.Value.LastIndexOf('.');
            if (m.Length <= 254 && at <= 64 && !FileExtensions.Contains(m.Value[(dot + 1)..]))
            {
                matches.Add(new PiiMatch(m.Index, m.Length, PiiCategory.Email, "EMAIL"));
            }
        }
    }

    // The local part is bounded (64 characters) so that a long run without '@' costs linear time, and may not start
    // inside a word or after a dot; the domain is 1–10 labels plus a TLD and may not run on into a word.
    [GeneratedRegex("""
        (?<![\p{L}\p{N}_%+\-.])
        [\p{L}\p{N}_](?:[\p{L}\p{N}_%+'\-]|\.(?![.@])){0,63}
        @
        (?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]{0,61}[\p{L}\p{N}])?\.){1,10}
        (?:\p{L}{2,63}|xn--[a-z0-9\-]{1,59})
        (?![\p{L}\p{N}_\-]|\.[\p{L}\p{N}])
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex Address();
}
