using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Tests.Generation.Support;
using static BatchWorkers.Seq2Seq.Tests.Generation.Support.Configs;
using static BatchWorkers.Seq2Seq.Tests.Generation.Support.Tokens;

namespace BatchWorkers.Seq2Seq.Tests.Generation;

public sealed class BatchingTests
{
    [Fact]
    public void Greedy_RowsOfDifferentLengths_EachStopOnItsOwnAndLeaveTheBatch()
    {
        ToyModel[] sources = [ToyModels.Path(), ToyModels.Path(A, B), ToyModels.Path(C)];
        var session = new TableDecoderSession(sources);

        IReadOnlyList<GeneratedSequence> results = SequenceGenerator.Generate(session, Toy, CancellationToken.None);

        Assert.Equal([Eos], results[0].TokenIds);
        Assert.Equal([A, B, Eos], results[1].TokenIds);
        Assert.Equal([C, Eos], results[2].TokenIds);
        Assert.Equal([3, 2, 1], session.RowsPerStep);
    }

    [Fact]
    public void Greedy_Batch_EqualsOneByOne() =>
        AssertBatchEqualsOneByOne(Toy with { NoRepeatNgramSize = 2, MaxLength = 8 });

    [Fact]
    public void Beam_RowsOfDifferentLengths_EachStopOnItsOwnAndLeaveTheBatch()
    {
        ToyModel[] sources = [ToyModels.BeamBeatsGreedy(), ToyModels.LateBloomer(), ToyModels.Path(A)];
        var session = new TableDecoderSession(sources);

        IReadOnlyList<GeneratedSequence> results = SequenceGenerator.Generate(session, Beams(2), CancellationToken.None);

        Assert.Equal([B, Eos], results[0].TokenIds);
        Assert.Equal([A, C, D, Eos], results[1].TokenIds);
        Assert.Equal([A, Eos], results[2].TokenIds);
        // One row per source first (identical beams), then 2 beams each; Path(A) is done after step 2,
        // BeamBeatsGreedy after step 3.
        Assert.Equal([3, 6, 4, 2], session.RowsPerStep);
    }

    [Theory]
    [InlineData(2, 1.0)]
    [InlineData(3, 2.0)]
    [InlineData(4, 0.5)]
    public void Beam_Batch_EqualsOneByOne(int numBeams, double lengthPenalty) =>
        AssertBatchEqualsOneByOne(Beams(numBeams, lengthPenalty) with { NoRepeatNgramSize = 3, MaxLength = 8 });

    private static void AssertBatchEqualsOneByOne(GenerationConfig config)
    {
        Func<ToyModel>[] models =
        [
            ToyModels.BeamBeatsGreedy, ToyModels.LateBloomer, ToyModels.Repeating, ToyModels.EagerToStop,
            ToyModels.SlowStarter, () => ToyModels.Path(A, B, C),
        ];

        IReadOnlyList<GeneratedSequence> batch = SequenceGenerator.Generate(
            new TableDecoderSession([.. models.Select(model => model())]), config, CancellationToken.None);

        for (int i = 0; i < models.Length; i++)
        {
            GeneratedSequence alone = GenerateOne(models[i](), config);
            Assert.Equal(alone, batch[i] with { TokenIds = alone.TokenIds });
            Assert.Equal(alone.TokenIds, batch[i].TokenIds);
        }
    }
}
