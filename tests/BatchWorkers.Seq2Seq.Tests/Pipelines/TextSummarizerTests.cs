using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Pipelines;

namespace BatchWorkers.Seq2Seq.Tests.Pipelines;

/// <summary>Summarization on the designed lead-sentence model: its summary of a text is the text's first sentence.</summary>
public sealed class TextSummarizerTests(SampleModelsFixture fixture) : IClassFixture<SampleModelsFixture>
{
    [Fact]
    public void Summarize_ShortText_GivesTheLeadSentenceInOnePass()
    {
        TextResult result = Summarize("The company said the new service was ready. More people will have it next year.")[0];

        Assert.Equal("The company said the new service was ready.", result.Text);
        Assert.Equal(1, result.Segments);
        Assert.Equal(FinishReason.EndOfSequence, result.FinishReason);
        Assert.Null(result.TruncationNote);
    }

    [Fact]
    public void Summarize_TextBeyondTheInputLimit_SummarizesSegmentsThenTheirSummaries()
    {
        // Each sentence spells out unknown words letter by letter, so a few sentences overflow the 192-token limit.
        string[] sentences = [.. Enumerable.Range(1, 12).Select(i => $"Sentence number {i} talks about Zyxwvut quorbl fjeld.")];
        string text = string.Join(" ", sentences);
        Assert.True(fixture.Summarizer.Encode(text).Truncated);

        TextResult result = Summarize(text)[0];

        // The lead of the joined segment leads is the lead of the first segment: the first sentence.
        Assert.Equal(sentences[0], result.Text);
        Assert.True(result.Segments >= 3, $"expected at least two segments and the joined pass, got {result.Segments}");
        Assert.Null(result.TruncationNote);
    }

    [Fact]
    public void Summarize_ManyTexts_MatchEachAlone()
    {
        string[] texts = ["It was a new year. The city said more.", "Our customer has an order! It is here.", "Short"];

        var together = Summarize(texts);
        var alone = texts.Select(text => Summarize(text)[0]);

        Assert.Equal(alone.Select(r => r.Text), together.Select(r => r.Text));
        Assert.Equal(["It was a new year.", "Our customer has an order!", "Short"], together.Select(r => r.Text));
    }

    private IReadOnlyList<TextResult> Summarize(params string[] texts) =>
        TextSummarizer.Summarize(fixture.Summarizer, texts, fixture.Summarizer.Defaults, maxBatchSize: 8, CancellationToken.None);
}
