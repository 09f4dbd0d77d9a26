using System.Globalization;
using System.Text;

namespace BatchWorkers.Privacy.Tests.Corpus;

/// <summary>True positives, false positives and false negatives of one placeholder name, strict span matching.</summary>
public sealed class CategoryScore
{
    public int TruePositives { get; set; }

    public int FalsePositives { get; set; }

    public int FalseNegatives { get; set; }

    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);
}

/// <summary>
/// Scores a redactor against the corpus. A found span counts only when its start, length and name all equal a marked
/// span: a match one character too long both leaks nothing and destroys a character, so it is a miss and a false
/// alarm, not half a hit.
/// </summary>
public sealed class CorpusScore
{
    public SortedDictionary<string, CategoryScore> ByName { get; } = new(StringComparer.Ordinal);

    public CategoryScore Overall { get; } = new();

    public List<string> Errors { get; } = [];

    public static CorpusScore Measure(Redactor redactor, IEnumerable<CorpusSample> samples)
    {
        var score = new CorpusScore();
        foreach (CorpusSample sample in samples)
        {
            var expected = sample.Expected.Select(e => (e.Start, e.Length, e.Name)).ToHashSet();
            var found = redactor.Find(sample.Text).Select(m => (m.Start, m.Length, m.Name)).ToHashSet();
            foreach (var span in expected.Union(found))
            {
                CategoryScore category = score.Get(span.Name);
                bool wasExpected = expected.Contains(span), wasFound = found.Contains(span);
                if (wasExpected && wasFound)
                {
                    category.TruePositives++;
                    score.Overall.TruePositives++;
                }
                else if (wasFound)
                {
                    category.FalsePositives++;
                    score.Overall.FalsePositives++;
                    score.Errors.Add($"line {sample.Line} [{sample.Kind}] false positive {span.Name}: \"{sample.Text.Substring(span.Start, span.Length)}\"");
                }
                else
                {
                    category.FalseNegatives++;
                    score.Overall.FalseNegatives++;
                    score.Errors.Add($"line {sample.Line} [{sample.Kind}] missed {span.Name}: \"{sample.Text.Substring(span.Start, span.Length)}\"");
                }
            }
        }

        return score;
    }

    /// <summary>A Markdown table, as docs/privacy.md shows it.</summary>
    public string ToMarkdown()
    {
        var table = new StringBuilder();
        table.AppendLine("| Category | Marked | Found | Correct | Precision | Recall |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, s) in ByName.Append(new KeyValuePair<string, CategoryScore>("overall", Overall)))
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {name} | {s.TruePositives + s.FalseNegatives} | {s.TruePositives + s.FalsePositives} | {s.TruePositives} | {s.Precision:0.000} | {s.Recall:0.000} |");
        }

        return table.ToString();
    }

    private CategoryScore Get(string name)
    {
        if (!ByName.TryGetValue(name, out CategoryScore? score))
        {
            ByName[name] = score = new CategoryScore();
        }

        return score;
    }
}
