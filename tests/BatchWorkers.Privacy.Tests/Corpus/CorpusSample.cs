using System.Text;
using System.Text.RegularExpressions;

namespace BatchWorkers.Privacy.Tests.Corpus;

/// <summary>A span the corpus marks as personal data.</summary>
public readonly record struct ExpectedSpan(int Start, int Length, string Name);

/// <summary>One line of the redaction corpus: the plain text and the spans marked <c>{{NAME:value}}</c> in it.</summary>
public sealed partial record CorpusSample(int Line, string Kind, string Text, IReadOnlyList<ExpectedSpan> Expected)
{
    public static IReadOnlyList<CorpusSample> Load(string path) =>
        [.. File.ReadLines(path)
            .Select((line, index) => (line, number: index + 1))
            .Where(l => l.line.Length > 0 && !l.line.StartsWith('#'))
            .Select(l => Parse(l.number, l.line))];

    public static CorpusSample Parse(int line, string tsvLine)
    {
        int tab = tsvLine.IndexOf('\t', StringComparison.Ordinal);
        if (tab < 0)
        {
            throw new FormatException($"Corpus line {line}: expected \"kind<TAB>text\".");
        }

        string annotated = tsvLine[(tab + 1)..];
        var text = new StringBuilder();
        var spans = new List<ExpectedSpan>();
        int position = 0;
        foreach (Match m in Marked().Matches(annotated))
        {
            text.Append(annotated, position, m.Index - position);
            spans.Add(new ExpectedSpan(text.Length, m.Groups["value"].Length, m.Groups["name"].Value));
            text.Append(m.Groups["value"].Value);
            position = m.Index + m.Length;
        }

        text.Append(annotated, position, annotated.Length - position);
        return new CorpusSample(line, tsvLine[..tab], text.ToString(), spans);
    }

    /// <summary>The text as a perfect redactor would write it.</summary>
    public string ExpectedRedaction()
    {
        var redacted = new StringBuilder(Text);
        foreach (ExpectedSpan span in Expected.OrderByDescending(s => s.Start))
        {
            redacted.Remove(span.Start, span.Length).Insert(span.Start, $"[{span.Name}]");
        }

        return redacted.ToString();
    }

    [GeneratedRegex(@"\{\{(?<name>[A-Z_]+):(?<value>.+?)\}\}")]
    private static partial Regex Marked();
}
