using BatchWorkers.Seq2Seq.Pipelines;

namespace BatchWorkers.Seq2Seq.Tests.Pipelines;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Split_Punctuation_EndsSentencesAndKeepsClosingQuotes()
    {
        var sentences = SentenceSplitter.Split("He said \"Stop!\" Then he left... Did she? Yes. 3.5 stays whole.");

        Assert.Equal(["He said \"Stop!\"", "Then he left...", "Did she?", "Yes.", "3.5 stays whole."], sentences.Select(s => s.Text));
    }

    [Fact]
    public void Split_LineBreaks_EndSentencesAndJoinKeepsThem()
    {
        var sentences = SentenceSplitter.Split("  Title\n\nFirst line. Second\nThird  ");

        Assert.Equal(["Title", "First line.", "Second", "Third"], sentences.Select(s => s.Text));
        Assert.Equal("A\n\nB C\nD", SentenceSplitter.Join(sentences, ["A", "B", "C", "D"]));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \n\t ")]
    public void Split_WhitespaceOnly_GivesNoSentence(string text) => Assert.Empty(SentenceSplitter.Split(text));

    [Fact]
    public void Split_ChineseAndJapanesePunctuation_EndSentences() =>
        Assert.Equal(2, SentenceSplitter.Split("你好。 世界！").Count);
}
