using System.Buffers;
using System.Text;

namespace BatchWorkers.Worker.Jobs;

/// <summary>
/// PostgreSQL text (and jsonb) holds neither NUL nor unpaired surrogates, which are not Unicode: strings from a
/// submission are checked, or made storable, before they reach a row.
/// </summary>
public static class StorableText
{
    public static bool IsValid(string text)
    {
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var consumed) != OperationStatus.Done || rune.Value == 0)
            {
                return false;
            }

            rest = rest[consumed..];
        }

        return true;
    }

    /// <summary>The text with each NUL and unpaired surrogate replaced by U+FFFD, for recording what was sent.</summary>
    public static string? Sanitize(string? text)
    {
        if (text is null || IsValid(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        var rest = text.AsSpan();
        while (!rest.IsEmpty)
        {
            var status = Rune.DecodeFromUtf16(rest, out var rune, out var consumed);
            builder.Append(status != OperationStatus.Done || rune.Value == 0 ? Rune.ReplacementChar : rune);
            rest = rest[Math.Max(consumed, 1)..];
        }

        return builder.ToString();
    }
}
