using BatchWorkers.Seq2Seq.Attribution;

namespace BatchWorkers.Seq2Seq.Tests.Attribution;

public sealed class AttributionHtmlTests(KeywordModelFixture fixture) : IClassFixture<KeywordModelFixture>
{
    [Fact]
    public void Render_TokensAndOutputWithMarkup_EscapesEverything()
    {
        TokenAttributionReport report = Report(
            [("<script>alert(1)</script>", 0, 2.0), (" & co", 1, -1.0), (" \"quoted\" 'single'", 2, 0.5), ("</s>", -1, 0)],
            output: "<b>bold</b> & \"x\" 'y'");

        string html = AttributionHtml.Render(report, title: "<title> & \"t\"");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<title> &", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains(" &amp; co", html, StringComparison.Ordinal);
        Assert.Contains(" &quot;quoted&quot; &#39;single&#39;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;x&quot; &#39;y&#39;", html, StringComparison.Ordinal);
        Assert.Contains("&lt;/s&gt;", html, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderFragment_Scores_ColourPositiveRedNegativeBlueWithTheScoreAsTooltip()
    {
        TokenAttributionReport report = Report([("up", 0, 2.0), ("down", 1, -1.0), ("flat", 2, 0)], output: "out");

        string html = AttributionHtml.RenderFragment(report);

        Assert.Contains("<span style=\"background-color: rgba(220, 38, 38, 0.85);\" title=\"score +2.000 (normalised +1.00)\">up</span>", html, StringComparison.Ordinal);
        Assert.Contains("<span style=\"background-color: rgba(37, 99, 235, 0.425);\" title=\"score -1.000 (normalised -0.50)\">down</span>", html, StringComparison.Ordinal);
        Assert.Contains("rgba(220, 38, 38, 0);\" title=\"score 0 (normalised 0)\">flat</span>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RenderFragment_SentenceUnits_HighlightEachSentenceAsOneBlock()
    {
        TokenAttributionReport report = Report([(" a", 0, 1.0), (" b.", 0, 1.0), (" c.", 1, 0)], output: "x", AttributionGranularity.Sentence);

        string html = AttributionHtml.RenderFragment(report);

        Assert.Contains("title=\"score +1.000 (normalised +1.00)\"> a b.</span>", html, StringComparison.Ordinal);
        Assert.Contains("Masked by sentence", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_KeywordModelReport_HighlightsTheDecisiveTokenAndShowsTheOutput()
    {
        var pipeline = fixture.Pipeline;
        TokenAttributionReport report = SourceAttribution.Explain(
            pipeline, "the car is red \"quoted\" <tag> &", pipeline.Defaults, new AttributionOptions(), CancellationToken.None);

        string html = AttributionHtml.Render(report);

        Assert.Equal(" red", report.Units.MaxBy(unit => unit.Score)!.Text);
        Assert.Contains("rgba(220, 38, 38, 0.85);\" title=\"score +", html, StringComparison.Ordinal);
        Assert.Contains("> red</span>", html, StringComparison.Ordinal);
        Assert.Contains(" &lt;tag&gt;</span>", html, StringComparison.Ordinal);
        Assert.Contains(" &quot;quoted&quot;</span>", html, StringComparison.Ordinal);
        Assert.Contains(">rot</div>", html, StringComparison.Ordinal);
    }

    private static TokenAttributionReport Report(
        (string Text, int Unit, double Score)[] tokens, string output, AttributionGranularity granularity = AttributionGranularity.Token)
    {
        double largest = tokens.Max(token => Math.Abs(token.Score));
        AttributedToken[] attributed = [.. tokens.Select((token, i) => new AttributedToken(i, token.Text, token.Unit, token.Score, token.Score / largest))];
        AttributionUnit[] units = [.. tokens.Where(token => token.Unit >= 0).GroupBy(token => token.Unit)
            .Select(unit => new AttributionUnit(0, unit.Count(), string.Concat(unit.Select(t => t.Text)), unit.First().Score, unit.First().Score / largest, -unit.First().Score))];
        return new TokenAttributionReport(granularity, attributed, units, [1, 0], output, -0.1, units.Length + 1, 64, 1, 0);
    }
}
