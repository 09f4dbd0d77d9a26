using System.Text.RegularExpressions;

namespace BatchWorkers.Seq2Seq.Pipelines;

/// <summary>A sentence and the whitespace that followed it in the source.</summary>
public readonly record struct Sentence(string Text, string Separator);

/// <summary>
/// Splits text into sentences for translation. Written by hand because none of the project's libraries splits
/// sentences: a sentence ends at '.', '!', '?', '…' or their CJK forms (with closing quotes or brackets) followed by
/// whitespace, or at a line break. The separators are kept so that translations reassemble in the source's layout.
/// </summary>
public static partial class SentenceSplitter
{
    /// <summary>The sentences of <paramref name="text"/>, in order; whitespace-only text gives none.</summary>
    public static IReadOnlyList<Sentence> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<Sentence>();
        int start = SkipWhitespace(text, 0);
        foreach (Match boundary in Boundary().Matches(text))
        {
            int end = boundary.Index + boundary.Groups["end"].Length;
            if (end <= start)
            {
                continue;
            }

            sentences.Add(new Sentence(text[start..end].Trim(), boundary.Groups["space"].Value));
            start = boundary.Index + boundary.Length;
        }

        if (start < text.Length && text[start..].Trim() is { Length: > 0 } rest)
        {
            sentences.Add(new Sentence(rest, ""));
        }

        return sentences;
    }

    /// <summary>Joins translated sentences with the separators of the source: line breaks kept, other runs one space.</summary>
    public static string Join(IReadOnlyList<Sentence> source, IReadOnlyList<string> translated)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(translated);
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < translated.Count; i++)
        {
            text.Append(translated[i]);
            if (i < translated.Count - 1)
            {
                string separator = source[i].Separator;
                text.Append(separator.Contains('\n', StringComparison.Ordinal) ? NormaliseBreaks(separator) : " ");
            }
        }

        return text.ToString();
    }

    private static string NormaliseBreaks(string separator) =>
        new('\n', Math.Min(2, separator.Count(c => c == '\n')));

    private static int SkipWhitespace(string text, int index)
    {
        while (index < text.Length && char.IsWhiteSpace(text[index]))
        {
            index++;
        }

        return index;
    }

    // (end) a run of terminal punctuation with closing quotes/brackets, then whitespace; or a line break.
    [GeneratedRegex("""(?<end>[.!?…。！？]+["'”’)\]»]*)(?<space>\s+)|(?<end>)(?<space>\s*\n\s*)""")]
    private static partial Regex Boundary();
}
