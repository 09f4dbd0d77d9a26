using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Tests.Generation.Support;
using static BatchWorkers.Seq2Seq.Tests.Generation.Support.Configs;
using static BatchWorkers.Seq2Seq.Tests.Generation.Support.Tokens;

namespace BatchWorkers.Seq2Seq.Tests.Generation;

public sealed class BeamSearchTests
{
    [Fact]
    public void Generate_TwoBeams_FindsTheLikelierSequenceGreedyMisses()
    {
        // Step 2 ranks B EOS (ln .36) first: it closes a hypothesis scored ln .36 / 2, and A C, A D run on.
        // Step 3 closes A C EOS (ln .2 / 3) and A D EOS; B EOS stays the best.
        GeneratedSequence result = GenerateOne(ToyModels.BeamBeatsGreedy(), Beams(2));

        Assert.Equal([B, Eos], result.TokenIds);
        Assert.Equal(Math.Log(0.4 * 0.9), result.LogProbability, 5);
        Assert.Equal(Math.Log(0.4 * 0.9) / 2, result.Score, 5);
    }

    [Fact]
    public void Generate_EosRankedBelowNumBeams_IsIgnored()
    {
        GeneratedSequence result = GenerateOne(ToyModels.LowRankedEos(), Beams(2, earlyStopping: EarlyStopping.WhenFull));

        // A C EOS (ln .2 / 3 = −0.54) beats A EOS (ln .25 / 2 = −0.69).
        Assert.Equal([A, C, Eos], result.TokenIds);
        Assert.Equal(Math.Log(0.5 * 0.4) / 3, result.Score, 5);
    }

    [Theory]
    [InlineData(0.0, new[] { B, Eos })]
    [InlineData(1.0, new[] { B, Eos })]
    [InlineData(2.0, new[] { A, C, Eos })] // ln .2 / 9 = −0.179 beats ln .36 / 4 = −0.255
    public void Generate_LengthPenalty_ChangesTheWinner(double lengthPenalty, int[] expected)
    {
        GeneratedSequence result = GenerateOne(ToyModels.BeamBeatsGreedy(), Beams(2, lengthPenalty));

        Assert.Equal(expected, result.TokenIds);
        Assert.Equal(result.LogProbability / Math.Pow(expected.Length, lengthPenalty), result.Score, 5);
    }

    [Fact]
    public void Generate_EarlyStoppingTrue_StopsOnceNumBeamsHypothesesAreFinished()
    {
        var session = new TableDecoderSession(ToyModels.LateBloomer());

        GeneratedSequence result = SequenceGenerator.Generate(session, Beams(2, earlyStopping: EarlyStopping.WhenFull), CancellationToken.None)[0];

        // EOS (ln .25) and A EOS (ln .18 / 2) fill both slots after two steps.
        Assert.Equal([A, Eos], result.TokenIds);
        Assert.Equal(2, session.RowsPerStep.Count);
    }

    [Fact]
    public void Generate_EarlyStoppingFalse_RunsOnWhileTheBestBeamCanStillWin()
    {
        var session = new TableDecoderSession(ToyModels.LateBloomer());

        GeneratedSequence result = SequenceGenerator.Generate(session, Beams(2, earlyStopping: EarlyStopping.Heuristic), CancellationToken.None)[0];

        // At length 3 the running A C (ln .42 / 2 = −0.43) can still beat EOS (−1.39), so the search goes on
        // and finds A C D EOS at ln .378 / 4 = −0.24.
        Assert.Equal([A, C, D, Eos], result.TokenIds);
        Assert.Equal(Math.Log(0.6 * 0.7 * 0.9) / 4, result.Score, 5);
        Assert.Equal(4, session.RowsPerStep.Count);
    }

    [Theory]
    [InlineData(EarlyStopping.WhenFull, new[] { B, Eos })]
    [InlineData(EarlyStopping.Heuristic, new[] { B, Eos })] // A C scored at length 2 (−0.80) cannot beat −0.69
    [InlineData(EarlyStopping.Never, new[] { A, C, D, Eos })] // scored at max_length − 1 (−0.08) it can
    public void Generate_EarlyStoppingNever_ScoresTheBestCaseAtMaxLength(EarlyStopping earlyStopping, int[] expected) =>
        Assert.Equal(expected, GenerateOne(ToyModels.SlowStarter(), Beams(2, earlyStopping: earlyStopping)).TokenIds);

    [Fact]
    public void Generate_AtMaxLength_FinishesTheTopCandidatesWithoutEos()
    {
        GeneratedSequence result = GenerateOne(ToyModels.Repeating(), Beams(2) with { MaxLength = 4 });

        Assert.Equal([A, B, A], result.TokenIds);
        Assert.Equal(FinishReason.MaxLength, result.FinishReason);
        Assert.Equal(3 * Math.Log(0.9) / 3, result.Score, 5);
    }

    [Fact]
    public void Generate_ForcedEos_ClosesEveryBeamAtMaxLength()
    {
        GeneratedSequence result = GenerateOne(ToyModels.Repeating(), Beams(2) with { MaxLength = 4, ForcedEosTokenIds = [Eos] });

        Assert.Equal([A, B, Eos], result.TokenIds);
        Assert.Equal(FinishReason.EndOfSequence, result.FinishReason);
        Assert.Equal(2 * Math.Log(0.9), result.LogProbability, 5);
    }

    [Fact]
    public void Generate_NoRepeatNgram_AppliesToEveryBeam() =>
        Assert.Equal([A, B, A, C, Eos], GenerateOne(ToyModels.Repeating(), Beams(3) with { NoRepeatNgramSize = 2 }).TokenIds);

    [Fact]
    public void Generate_MinLength_AppliesToEveryBeam() =>
        Assert.Equal([A, B, Eos], GenerateOne(ToyModels.EagerToStop(), Beams(2) with { MinLength = 3 }).TokenIds);

    [Theory]
    [MemberData(nameof(OneBeamCases))]
    public void BeamSearch_OneBeamStoppingWhenFull_EqualsGreedy(string model, GenerationConfig config)
    {
        GeneratedSequence greedy = GreedySearch.Run(new TableDecoderSession(Model(model)), config, CancellationToken.None).Single();
        GeneratedSequence beam = BeamSearch.Run(
            new TableDecoderSession(Model(model)), config with { NumBeams = 1, EarlyStopping = EarlyStopping.WhenFull }, CancellationToken.None).Single();

        Assert.Equal(greedy.TokenIds, beam.TokenIds);
        Assert.Equal(greedy.LogProbability, beam.LogProbability, 5);
        Assert.Equal(greedy.Score, beam.Score, 5);
        Assert.Equal(greedy.FinishReason, beam.FinishReason);
    }

    public static TheoryData<string, GenerationConfig> OneBeamCases() => new()
    {
        { nameof(ToyModels.BeamBeatsGreedy), Toy },
        { nameof(ToyModels.LateBloomer), Toy with { LengthPenalty = 2.0 } },
        { nameof(ToyModels.Repeating), Toy with { MaxLength = 6 } },
        { nameof(ToyModels.Repeating), Toy with { NoRepeatNgramSize = 3 } },
        { nameof(ToyModels.EagerToStop), Toy with { MinLength = 3 } },
        { nameof(ToyModels.EagerToStop), Toy with { ForcedBosTokenId = C } },
    };

    private static ToyModel Model(string name) => name switch
    {
        nameof(ToyModels.BeamBeatsGreedy) => ToyModels.BeamBeatsGreedy(),
        nameof(ToyModels.LateBloomer) => ToyModels.LateBloomer(),
        nameof(ToyModels.Repeating) => ToyModels.Repeating(),
        nameof(ToyModels.EagerToStop) => ToyModels.EagerToStop(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
