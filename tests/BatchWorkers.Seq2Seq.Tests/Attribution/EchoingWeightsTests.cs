using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Onnx;

namespace BatchWorkers.Seq2Seq.Tests.Attribution;

/// <summary>The designed keyword model answers with the (translated) token at its decisive position, then stops.</summary>
public sealed class EchoingWeightsTests(KeywordModelFixture fixture) : IClassFixture<KeywordModelFixture>
{
    [Theory]
    [InlineData("the car is red", "rot")]
    [InlineData("a house was green today", "grün")]
    [InlineData("the sky is blue and very blue", "blau")]
    [InlineData("the sky is not blue", "not")]
    [InlineData("red red red blue red", "blau")]
    public void Generate_KeywordModel_AnswersWithTheTokenAtTheDecisivePosition(string text, string expected)
    {
        var pipeline = fixture.Pipeline;

        GeneratedSequence output = pipeline.Generate([pipeline.Encode(text).Ids], pipeline.Defaults, 1, CancellationToken.None)[0].Sequence;

        Assert.Equal(expected, pipeline.Tokenizer.Decode(output.TokenIds));
        Assert.Equal(2, output.TokenIds.Count);
        Assert.Equal(FinishReason.EndOfSequence, output.FinishReason);
    }

    [Theory]
    [InlineData(DecoderLayout.Merged, DecoderCacheMode.Cached)]
    [InlineData(DecoderLayout.Split, DecoderCacheMode.Cached)]
    [InlineData(DecoderLayout.Merged, DecoderCacheMode.Uncached)]
    public void Generate_EveryLayout_GivesTheSameAnswer(DecoderLayout layout, DecoderCacheMode mode)
    {
        var pipeline = fixture.Pipeline;
        using Seq2SeqOnnxModel model = Seq2SeqOnnxModel.Load(fixture.Folder, new Seq2SeqOnnxOptions { Layout = layout });
        IReadOnlyList<IReadOnlyList<int>> sources = [pipeline.Encode("the car is red").Ids, pipeline.Encode("a house was green and the sky blue").Ids];
        using OnnxDecoderSession session = model.StartDecoding(sources, pipeline.Tokenizer.PadTokenId, mode, CancellationToken.None);

        IReadOnlyList<GeneratedSequence> outputs = SequenceGenerator.Generate(session, pipeline.Defaults, CancellationToken.None);

        Assert.Equal(["rot", "grün"], outputs.Select(output => pipeline.Tokenizer.Decode(output.TokenIds)));
    }
}
