using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Tests.Generation.Support;
using static BatchWorkers.Seq2Seq.Tests.Generation.Support.Configs;
using static BatchWorkers.Seq2Seq.Tests.Generation.Support.Tokens;

namespace BatchWorkers.Seq2Seq.Tests.Generation;

public sealed class GreedySearchTests
{
    [Fact]
    public void Generate_OneBeam_TakesTheMostLikelyTokenEachStep()
    {
        GeneratedSequence result = GenerateOne(ToyModels.BeamBeatsGreedy(), Toy);

        Assert.Equal([A, C, Eos], result.TokenIds);
        Assert.Equal(FinishReason.EndOfSequence, result.FinishReason);
        Assert.Equal(Math.Log(0.5 * 0.4), result.LogProbability, 5);
        Assert.Equal(Math.Log(0.5 * 0.4) / 3, result.Score, 5);
    }

    [Fact]
    public void Generate_MaxLength_CountsTheStartToken()
    {
        GeneratedSequence result = GenerateOne(ToyModels.Repeating(), Toy with { MaxLength = 4 });

        Assert.Equal([A, B, A], result.TokenIds);
        Assert.Equal(FinishReason.MaxLength, result.FinishReason);
    }

    [Fact]
    public void Generate_MaxNewTokens_WinsOverMaxLength()
    {
        GeneratedSequence result = GenerateOne(ToyModels.Repeating(), Toy with { MaxLength = 3, MaxNewTokens = 5 });

        Assert.Equal([A, B, A, B, A], result.TokenIds);
    }

    [Fact]
    public void Generate_MaxLengthOfOne_ReturnsNothingWithoutStepping()
    {
        var session = new TableDecoderSession(ToyModels.Repeating());

        GeneratedSequence result = SequenceGenerator.Generate(session, Toy with { MaxLength = 1 }, CancellationToken.None).Single();

        Assert.Empty(result.TokenIds);
        Assert.Empty(session.RowsPerStep);
    }

    [Fact]
    public void Generate_CancelledToken_Throws()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => SequenceGenerator.Generate(new TableDecoderSession(ToyModels.Repeating()), Toy, cancellation.Token));
    }

    [Fact]
    public void Generate_EosOutsideTheVocabulary_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(() => GenerateOne(ToyModels.Repeating(), Toy with { EosTokenIds = [VocabSize] }));

        Assert.Contains("eos_token_id", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Generate_ZeroBeams_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<ArgumentException>(() => GenerateOne(ToyModels.Repeating(), Toy with { NumBeams = 0 }));

        Assert.Contains("num_beams", error.Message, StringComparison.Ordinal);
    }
}
