using System.Text;

namespace BatchWorkers.Privacy;

/// <summary>
/// Keeps placeholders out of the model's hands during translation. A model may translate <c>[EMAIL]</c>, split it
/// into sub-word tokens, drop its brackets or reorder it; so the text is split around placeholders, only the text
/// between them is translated, and the parts are joined back in the source order. Every placeholder comes back
/// exactly, in order, whatever the model does. The cost: the model translates the pieces between placeholders
/// without each other's context, and word order across a placeholder stays the source's.
/// </summary>
/// <example>
/// <code>
/// IReadOnlyList&lt;TextPart&gt; parts = guard.Split("Write to [EMAIL] today.");
/// IReadOnlyList&lt;string&gt; translated = Translate(PlaceholderGuard.TextsToTranslate(parts)); // "Write to", "today."
/// string output = PlaceholderGuard.Join(parts, translated);                               // "Schreib an [EMAIL] heute."
/// </code>
/// </example>
public sealed class PlaceholderGuard
{
    private readonly HashSet<string> _names;

    /// <summary>A guard for placeholders with these names (<c>EMAIL</c> for <c>[EMAIL]</c>); see <see cref="Redactor.CreateGuard"/>.</summary>
    public PlaceholderGuard(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = new HashSet<string>(names, StringComparer.Ordinal);
    }

    /// <summary>The parts of <paramref name="text"/>: placeholders, text to translate, and letterless text in between.</summary>
    public IReadOnlyList<TextPart> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<TextPart>();
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '[' && PlaceholderLength(text, i) is > 0 and var length)
            {
                AddText(parts, text[start..i]);
                parts.Add(new TextPart(TextPartKind.Placeholder, text.Substring(i, length)));
                i += length - 1;
                start = i + 1;
            }
        }

        AddText(parts, text[start..]);
        return parts;
    }

    /// <summary>The values of the <see cref="TextPartKind.Text"/> parts, in order: what the model must translate.</summary>
    public static IReadOnlyList<string> TextsToTranslate(IReadOnlyList<TextPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        return [.. parts.Where(p => p.Kind == TextPartKind.Text).Select(p => p.Value)];
    }

    /// <summary>
    /// The parts joined back, each <see cref="TextPartKind.Text"/> part replaced by its translation (one per text
    /// part, in order) inside the source's surrounding whitespace.
    /// </summary>
    public static string Join(IReadOnlyList<TextPart> parts, IReadOnlyList<string> translations)
    {
        ArgumentNullException.ThrowIfNull(parts);
        ArgumentNullException.ThrowIfNull(translations);
        int expected = parts.Count(p => p.Kind == TextPartKind.Text);
        if (translations.Count != expected)
        {
            throw new ArgumentException($"Expected {expected} translations, one per text part; got {translations.Count}.", nameof(translations));
        }

        var joined = new StringBuilder();
        int next = 0;
        foreach (TextPart part in parts)
        {
            joined.Append(part.Leading).Append(part.Kind == TextPartKind.Text ? translations[next++].Trim() : part.Value).Append(part.Trailing);
        }

        return joined.ToString();
    }

    /// <summary>Splits <paramref name="text"/>, translates its text parts in one call, and joins the result.</summary>
    public string Translate(string text, Func<IReadOnlyList<string>, IReadOnlyList<string>> translate)
    {
        ArgumentNullException.ThrowIfNull(translate);
        IReadOnlyList<TextPart> parts = Split(text);
        IReadOnlyList<string> texts = TextsToTranslate(parts);
        return Join(parts, texts.Count == 0 ? [] : translate(texts));
    }

    private int PlaceholderLength(string text, int open)
    {
        int close = open + 1;
        while (close < text.Length && (char.IsAsciiLetterUpper(text[close]) || char.IsAsciiDigit(text[close]) || text[close] == '_'))
        {
            close++;
        }

        return close < text.Length && text[close] == ']' && _names.Contains(text[(open + 1)..close]) ? close - open + 1 : 0;
    }

    private static void AddText(List<TextPart> parts, string piece)
    {
        if (piece.Length == 0)
        {
            return;
        }

        if (!piece.Any(char.IsLetter))
        {
            parts.Add(new TextPart(TextPartKind.Verbatim, piece));
            return;
        }

        string core = piece.Trim();
        int leading = piece.Length - piece.TrimStart().Length;
        parts.Add(new TextPart(TextPartKind.Text, core, piece[..leading], piece[(leading + core.Length)..]));
    }
}
