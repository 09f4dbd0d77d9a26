using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Generation.Processors;
using BatchWorkers.Seq2Seq.Tests.Generation.Support;
using static BatchWorkers.Seq2Seq.Tests.Generation.Support.Configs;
using static BatchWorkers.Seq2Seq.Tests.Generation.Support.Tokens;

namespace BatchWorkers.Seq2Seq.Tests.Generation;

public sealed class LogitsProcessorTests
{
    [Fact]
    public void Generate_NoRepeatBigram_BlocksTheRepeat()
    {
        // Start A B A, then B would repeat the bigram "A B": C (0.08) is the best left, then EOS.
        GeneratedSequence result = GenerateOne(ToyModels.Repeating(), Toy with { NoRepeatNgramSize = 2 });

        Assert.Equal([A, B, A, C, Eos], result.TokenIds);
        Assert.Equal(Math.Log(0.9 * 0.9 * 0.9 * 0.08), result.LogProbability, 5);
    }

    [Fact]
    public void Generate_NoRepeatTrigram_AllowsTheBigramOnceMore() =>
        // "A B A" would repeat after Start A B A B, so EOS (0.1) follows B.
        Assert.Equal([A, B, A, B, Eos], GenerateOne(ToyModels.Repeating(), Toy with { NoRepeatNgramSize = 3 }).TokenIds);

    [Fact]
    public void Generate_NoNgramLimit_RepeatsUntilMaxLength() =>
        Assert.Equal([A, B, A, B, A], GenerateOne(ToyModels.Repeating(), Toy with { MaxLength = 6 }).TokenIds);

    [Fact]
    public void NoRepeatNgram_CountsTheStartToken()
    {
        var processor = new NoRepeatNgramProcessor(2);
        float[] scores = new float[VocabSize];

        processor.Process([Start, A, Start], scores);

        Assert.Equal(float.NegativeInfinity, scores[A]);
        Assert.All(scores.Where((_, token) => token != A), score => Assert.Equal(0f, score));
    }

    [Theory]
    [InlineData(0, new[] { Eos })]
    [InlineData(2, new[] { A, Eos })]
    [InlineData(3, new[] { A, B, Eos })] // length counts the start token: EOS may come at length 3
    public void Generate_MinLength_DelaysEos(int minLength, int[] expected) =>
        Assert.Equal(expected, GenerateOne(ToyModels.EagerToStop(), Toy with { MinLength = minLength }).TokenIds);

    [Fact]
    public void Generate_ForcedBos_ForcesTheFirstGeneratedToken()
    {
        GeneratedSequence result = GenerateOne(ToyModels.EagerToStop(), Toy with { ForcedBosTokenId = C });

        Assert.Equal([C, Eos], result.TokenIds);
        Assert.Equal(0f, result.LogProbability); // a forced token scores log 1, like transformers
    }

    [Fact]
    public void Generate_ForcedEos_EndsAtMaxLengthMinusOne()
    {
        GeneratedSequence result = GenerateOne(ToyModels.Repeating(), Toy with { MaxLength = 4, ForcedEosTokenIds = [Eos] });

        Assert.Equal([A, B, Eos], result.TokenIds);
        Assert.Equal(FinishReason.EndOfSequence, result.FinishReason);
    }

    [Fact]
    public void Generate_ForcedEos_WinsOverMinLength() =>
        Assert.Equal(
            [A, Eos],
            GenerateOne(ToyModels.EagerToStop(), Toy with { MaxLength = 3, MinLength = 10, ForcedEosTokenIds = [Eos] }).TokenIds);

    [Fact]
    public void Generate_SingleTokenBadWord_IsNeverGenerated() =>
        Assert.Equal([B, Eos], GenerateOne(ToyModels.BeamBeatsGreedy(), Toy with { BadWordsIds = [[A]] }).TokenIds);

    [Fact]
    public void Generate_BadWordSequence_BansItsLastTokenAfterThePrefix() =>
        Assert.Equal([A, D, Eos], GenerateOne(ToyModels.BeamBeatsGreedy(), Toy with { BadWordsIds = [[A, C]] }).TokenIds);

    [Fact]
    public void Generate_BadWordThatIsJustEos_IsIgnoredLikeTransformers() =>
        Assert.Equal([Eos], GenerateOne(ToyModels.EagerToStop(), Toy with { BadWordsIds = [[Eos]] }).TokenIds);

    [Fact]
    public void Pipeline_BadWordOutsideTheVocabulary_ThrowsNamingTheSetting()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => LogitsProcessorPipeline.Create(Toy with { BadWordsIds = [[58100]] }, VocabSize));

        Assert.Contains("bad_words_ids", error.Message, StringComparison.Ordinal);
    }
}
