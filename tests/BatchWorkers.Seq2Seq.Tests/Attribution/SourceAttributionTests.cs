using BatchWorkers.Seq2Seq.Attribution;
using BatchWorkers.Seq2Seq.Pipelines;

namespace BatchWorkers.Seq2Seq.Tests.Attribution;

/// <summary>Occlusion attribution on the designed keyword model, whose output only the token at position 3 decides.</summary>
public sealed class SourceAttributionTests(KeywordModelFixture fixture) : IClassFixture<KeywordModelFixture>
{
    private const double Negligible = 1e-3;

    private Seq2SeqPipeline Pipeline => fixture.Pipeline;

    [Theory]
    [InlineData("the car is red")]
    [InlineData("a house was green today and the sky blue")]
    [InlineData("the sky is blue, not red")]
    public void Explain_KeywordModel_DecisiveTokenGetsTheHighestAttributionAndTheOthersNone(string text)
    {
        TokenAttributionReport report = Explain(text, new AttributionOptions());

        Assert.Equal(AttributionGranularity.Token, report.Granularity);
        AttributionUnit decisive = report.Units.MaxBy(unit => unit.Score)!;
        Assert.Equal(KeywordModelFixture.DecisivePosition, decisive.Start);
        Assert.Equal(1, decisive.NormalizedScore);
        Assert.True(decisive.Score > 10, $"masking the decisive token costs the output only {decisive.Score} nats");
        Assert.All(report.Units.Where(unit => unit != decisive), unit => Assert.True(Math.Abs(unit.Score) < Negligible, $"'{unit.Text}' scored {unit.Score}"));
        Assert.True(report.BaseLogProbability > -0.01, $"the model should be sure of its answer: {report.BaseLogProbability}");
    }

    [Fact]
    public void Explain_Text_ReportsEveryTokenWithItsPieceAndNeverMasksTheFinalEos()
    {
        TokenAttributionReport report = Explain("the car is red", new AttributionOptions());

        Assert.Equal([" the", " car", " is", " red", "</s>"], report.Tokens.Select(token => token.Text));
        Assert.Equal([0, 1, 2, 3, -1], report.Tokens.Select(token => token.Unit));
        Assert.Equal(" red", report.Units[3].Text);
        Assert.Equal(report.Units[3].Score, report.Tokens[3].Score);
        Assert.Equal("rot", report.OutputText);
        Assert.Equal(2, report.OutputTokenIds.Count);
        Assert.Equal(5, report.Evaluations);
        Assert.Equal(Pipeline.Tokenizer.UnknownTokenId, report.MaskTokenId);
        Assert.Equal(0, report.DroppedSourceTokens);
    }

    [Fact]
    public void Explain_Ids_GivesTheSameScoresAsTheText()
    {
        TokenAttributionReport fromText = Explain("a house was green today", new AttributionOptions());

        TokenAttributionReport fromIds = SourceAttribution.Explain(
            Pipeline, Pipeline.Encode("a house was green today").Ids, fromText.OutputTokenIds, Pipeline.Defaults.DecoderStartTokenId,
            new AttributionOptions(), CancellationToken.None);

        Assert.Equal(fromText.Units.Select(unit => unit.Score), fromIds.Units.Select(unit => unit.Score));
        Assert.Equal(fromText.BaseLogProbability, fromIds.BaseLogProbability);
    }

    [Fact]
    public void Explain_BatchSizes_GiveIdenticalScores()
    {
        const string Text = "the sky was blue and the house was green today";

        TokenAttributionReport alone = Explain(Text, new AttributionOptions { BatchSize = 1 });
        TokenAttributionReport threes = Explain(Text, new AttributionOptions { BatchSize = 3 });
        TokenAttributionReport together = Explain(Text, new AttributionOptions { BatchSize = 64 });

        // Bitwise identical on x64 here; the tolerance only allows for kernels that block rows by batch size elsewhere.
        Assert.Equal<double>(alone.Units.Select(unit => unit.Score), threes.Units.Select(unit => unit.Score), Same);
        Assert.Equal<double>(alone.Units.Select(unit => unit.Score), together.Units.Select(unit => unit.Score), Same);
        Assert.True(Same(alone.BaseLogProbability, together.BaseLogProbability));
    }

    [Fact]
    public void Explain_MoreTokensThanTheBudget_MasksSentencesWithinIt()
    {
        const string Text = "the car is red. a house was green. the sky is very blue.";
        var options = new AttributionOptions { MaxEvaluations = 5 };

        TokenAttributionReport report = Explain(Text, options);

        Assert.Equal(AttributionGranularity.Sentence, report.Granularity);
        Assert.Equal(4, report.Evaluations);
        Assert.Equal([" the car is red.", " a house was green.", " the sky is very blue."], report.Units.Select(unit => unit.Text));
        Assert.True(report.Units[0].NormalizedScore == 1 && report.Units[0].Score > 10, $"the decisive sentence scored {report.Units[0].Score}");
        Assert.All(report.Units.Skip(1), unit => Assert.True(Math.Abs(unit.Score) < Negligible, $"'{unit.Text}' scored {unit.Score}"));
        AssertUnitsTileTheSource(report);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    public void Explain_LongSentence_MasksRunsOfTokensWithinTheBudget(int maxEvaluations)
    {
        const string Text = "the car and the house and the sky was red and green and blue and very very red today";

        TokenAttributionReport report = Explain(Text, new AttributionOptions { MaxEvaluations = maxEvaluations });

        Assert.Equal(AttributionGranularity.Span, report.Granularity);
        Assert.True(report.Evaluations <= maxEvaluations, $"{report.Evaluations} evaluations for a budget of {maxEvaluations}");
        AssertUnitsTileTheSource(report);
        AttributionUnit decisive = report.Units.Single(unit => unit.Start <= KeywordModelFixture.DecisivePosition
            && KeywordModelFixture.DecisivePosition < unit.Start + unit.Length);
        Assert.Equal(1, decisive.NormalizedScore);
        Assert.All(report.Units.Where(unit => unit != decisive), unit => Assert.True(Math.Abs(unit.Score) < Negligible));
    }

    [Fact]
    public void Explain_TextPastTheInputLimit_ExplainsWhatTheModelReadAndSaysWhatWasCut()
    {
        string text = string.Join(" ", Enumerable.Repeat("the car is red", 20));

        TokenAttributionReport report = Explain(text, new AttributionOptions { MaxEvaluations = 100 });

        Assert.Equal(Pipeline.InputLimit, report.Tokens.Count);
        Assert.True(report.DroppedSourceTokens > 0);
        Assert.Equal(AttributionGranularity.Token, report.Granularity);
    }

    [Fact]
    public void Explain_BudgetBelowTwo_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Explain("the car is red", new AttributionOptions { MaxEvaluations = 1 }));

    [Theory]
    [InlineData(10, 64)]
    [InlineData(63, 64)]
    [InlineData(64, 64)]
    [InlineData(511, 64)]
    [InlineData(100, 2)]
    [InlineData(7, 4)]
    public void PlanUnits_AnySize_TilesTheMaskableTokensWithinTheBudget(int maskable, int maxEvaluations)
    {
        (AttributionGranularity granularity, List<(int Start, int End)> units) = SourceAttribution.PlanUnits(1, 1 + maskable, null, maxEvaluations);

        Assert.True(units.Count + 1 <= maxEvaluations);
        Assert.Equal(maskable + 1 <= maxEvaluations ? AttributionGranularity.Token : AttributionGranularity.Span, granularity);
        Assert.Equal(1, units[0].Start);
        Assert.Equal(1 + maskable, units[^1].End);
        Assert.All(units.Zip(units.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
        Assert.All(units, unit => Assert.True(unit.End > unit.Start));
    }

    private TokenAttributionReport Explain(string text, AttributionOptions options) =>
        SourceAttribution.Explain(Pipeline, text, Pipeline.Defaults, options, CancellationToken.None);

    // Units are contiguous, in order, and cover every token but the final EOS exactly once.
    private static void AssertUnitsTileTheSource(TokenAttributionReport report)
    {
        Assert.Equal(0, report.Units[0].Start);
        Assert.All(report.Units.Zip(report.Units.Skip(1)), pair => Assert.Equal(pair.First.Start + pair.First.Length, pair.Second.Start));
        Assert.Equal(report.Tokens.Count - 1, report.Units[^1].Start + report.Units[^1].Length);
        Assert.Equal(-1, report.Tokens[^1].Unit);
    }

    private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-6;
}
