using Xunit.Abstractions;

namespace BatchWorkers.Privacy.Tests.Corpus;

/// <summary>
/// Runs the whole corpus (Corpus/redaction-corpus.tsv) and reports precision and recall per category. The thresholds
/// are what the detectors reach; lower them only with a reason written beside them.
/// </summary>
public sealed class RedactionCorpusTests(ITestOutputHelper output)
{
    public static readonly CustomPattern EmployeeId = new("EMPLOYEE_ID", @"\bEMP-\d{6}\b");

    private static readonly IReadOnlyList<CorpusSample> Development = Load("redaction-corpus.tsv");

    // Written after the detectors were frozen; measured apart so that tuning to the development lines shows.
    private static readonly IReadOnlyList<CorpusSample> HeldOut = Load("redaction-holdout.tsv");

    private static readonly IReadOnlyList<CorpusSample> Samples = [.. Development, .. HeldOut];

    private readonly Redactor _redactor = new(new RedactorOptions { CustomPatterns = [EmployeeId] });

    [Fact]
    public void Corpus_IsLargeAndCoversEveryCategory()
    {
        Assert.True(Samples.Count >= 300, $"{Samples.Count} samples");
        Assert.All(new[] { "EMAIL", "PHONE", "CARD", "IBAN", "IP", "EMPLOYEE_ID" },
            name => Assert.Contains(Samples, s => s.Expected.Any(e => e.Name == name)));
        Assert.True(Samples.Count(s => s.Expected.Count == 0) >= 100, "look-alikes");
    }

    [Fact]
    public void Corpus_PrecisionAndRecall_MeetThresholds()
    {
        CorpusScore score = Report("All samples", Samples);
        Report("Development corpus", Development);
        Report("Held-out corpus", HeldOut);

        // Measured: precision 0.997, recall 0.980 overall; phones are the weakest category (0.991 / 0.946), see
        // docs/privacy.md for the misses. These floors sit just below, so any regression fails the build.
        Assert.True(score.Overall.Precision >= 0.99, $"overall precision {score.Overall.Precision:0.000}");
        Assert.True(score.Overall.Recall >= 0.975, $"overall recall {score.Overall.Recall:0.000}");
        Assert.All(score.ByName, category =>
        {
            Assert.True(category.Value.Precision >= 0.98, $"{category.Key} precision {category.Value.Precision:0.000}");
            Assert.True(category.Value.Recall >= 0.94, $"{category.Key} recall {category.Value.Recall:0.000}");
        });
    }

    [Fact]
    public void Corpus_RedactedTexts_HaveOnePlaceholderPerFoundMatch()
    {
        foreach (CorpusSample sample in Samples)
        {
            RedactionResult result = _redactor.Redact(sample.Text);
            int placeholders = _redactor.PlaceholderNames.Sum(name => CountOf(result.Text, $"[{name}]"));
            Assert.Equal(result.Total, placeholders);
        }
    }

    private CorpusScore Report(string title, IReadOnlyList<CorpusSample> samples)
    {
        CorpusScore score = CorpusScore.Measure(_redactor, samples);
        output.WriteLine($"## {title}: {samples.Count} samples, {samples.Count(s => s.Expected.Count == 0)} without personal data");
        output.WriteLine(score.ToMarkdown());
        score.Errors.ForEach(output.WriteLine);
        output.WriteLine("");
        return score;
    }

    private static IReadOnlyList<CorpusSample> Load(string file) =>
        CorpusSample.Load(Path.Combine(AppContext.BaseDirectory, "Corpus", file));

    private static int CountOf(string text, string value) =>
        (text.Length - text.Replace(value, "", StringComparison.Ordinal).Length) / value.Length;
}
