using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Pipelines;

namespace BatchWorkers.Seq2Seq.Tests.Pipelines;

/// <summary>Document translation on the designed glossary model, whose correct output is known word for word.</summary>
public sealed class TextTranslatorTests(SampleModelsFixture fixture) : IClassFixture<SampleModelsFixture>
{
    [Theory]
    [InlineData("Good morning, my friend.", "Guten Morgen, mein Freund.")]
    [InlineData("I love coffee and tea!", "Ich liebe Kaffee und Tee!")]
    [InlineData("Hello Anna, we are here.", "Hallo Anna, wir sind hier.")]
    public void Translate_GlossaryModel_TranslatesWordForWordAndCopiesTheRest(string source, string expected)
    {
        TextResult result = Translate(source)[0];

        Assert.Equal(expected, result.Text);
        Assert.Equal(FinishReason.EndOfSequence, result.FinishReason);
        Assert.Null(result.TruncationNote);
    }

    [Fact]
    public void Translate_Document_SplitsSentencesAndReassemblesInOrderWithLineBreaks()
    {
        TextResult result = Translate("The cat is small. It rains today!\n\nThank you very much.")[0];

        Assert.Equal("Die Katze ist klein. Es regnet heute!\n\nDanke dir sehr viel.", result.Text);
        Assert.Equal(3, result.Segments);
        Assert.True(result.OutputTokens > 0 && result.InputTokens > 0);
    }

    [Fact]
    public void Translate_BatchOfDocuments_EqualsEachDocumentAlone()
    {
        string[] texts = ["Good evening.", "We love the garden and the house. I read a book.", "Hello world!"];
        var config = fixture.Translator.Defaults;

        var together = TextTranslator.Translate(fixture.Translator, texts, config, maxBatchSize: 16, CancellationToken.None);
        var alone = texts.Select(text => TextTranslator.Translate(fixture.Translator, [text], config, 1, CancellationToken.None)[0]);

        Assert.Equal(alone.Select(r => r.Text), together.Select(r => r.Text));
    }

    [Fact]
    public void Translate_SentenceLongerThanTheInputLimit_IsCutAndRecorded()
    {
        string longSentence = string.Join(" ", Enumerable.Repeat("Anna", 60)) + ".";

        TextResult result = Translate(longSentence)[0];

        Assert.NotNull(result.TruncationNote);
        Assert.Contains("1 sentence(s)", result.TruncationNote, StringComparison.Ordinal);
        Assert.Equal(fixture.Translator.InputLimit, result.InputTokens);
    }

    [Fact]
    public void Translate_UnknownLanguageCode_FailsThatTextAlone()
    {
        var results = Translate(">>xx<< Hello.", "Hello.");

        Assert.Null(results[0].Text);
        Assert.Contains(">>xx<<", results[0].Error, StringComparison.Ordinal);
        Assert.Equal("Hallo.", results[1].Text);
    }

    private IReadOnlyList<TextResult> Translate(params string[] texts) =>
        TextTranslator.Translate(fixture.Translator, texts, fixture.Translator.Defaults, maxBatchSize: 8, CancellationToken.None);
}
