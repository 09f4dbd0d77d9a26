using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Onnx;
using BatchWorkers.Seq2Seq.Tests.Onnx.Support;
using static BatchWorkers.Seq2Seq.Tests.Onnx.Support.TinySeq2SeqFixture;

namespace BatchWorkers.Seq2Seq.Tests.Onnx;

/// <summary>Greedy and beam search through the ONNX runner: cache, layouts, batching and the reference agree.</summary>
[Collection(TinySeq2SeqCollection.Name)]
public sealed class OnnxGenerationTests(TinySeq2SeqFixture fixture)
{
    private const float ScoreTolerance = 1e-4f;

    public static TheoryData<DecoderLayout, int> LayoutsAndBeams => new()
    {
        { DecoderLayout.Merged, 1 },
        { DecoderLayout.Split, 1 },
        { DecoderLayout.Merged, 3 },
        { DecoderLayout.Split, 3 },
    };

    public static TheoryData<int> Beams => [1, 3];

    [Theory]
    [MemberData(nameof(LayoutsAndBeams))]
    public void Generate_KeyValueCache_EqualsUncachedRecomputation(DecoderLayout layout, int numBeams)
    {
        GenerationConfig config = Config(numBeams);

        IReadOnlyList<GeneratedSequence> cached = Generate(fixture.Model(layout), DecoderCacheMode.Cached, Sources, config);
        IReadOnlyList<GeneratedSequence> uncached = Generate(fixture.Model(layout), DecoderCacheMode.Uncached, Sources, config);

        AssertSame(uncached, cached);
    }

    [Theory]
    [MemberData(nameof(Beams))]
    public void Generate_MergedLayout_EqualsSplitLayout(int numBeams)
    {
        GenerationConfig config = Config(numBeams);

        IReadOnlyList<GeneratedSequence> merged = Generate(fixture.Merged, DecoderCacheMode.Cached, Sources, config);
        IReadOnlyList<GeneratedSequence> split = Generate(fixture.Split, DecoderCacheMode.Cached, Sources, config);

        AssertSame(split, merged);
    }

    [Theory]
    [MemberData(nameof(LayoutsAndBeams))]
    public void Generate_PaddedBatch_EqualsOneSourceAtATime(DecoderLayout layout, int numBeams)
    {
        GenerationConfig config = Config(numBeams);

        IReadOnlyList<GeneratedSequence> batch = Generate(fixture.Model(layout), DecoderCacheMode.Cached, Sources, config);
        GeneratedSequence[] oneByOne = [.. Sources.Select(source => Generate(fixture.Model(layout), DecoderCacheMode.Cached, [source], config).Single())];

        AssertSame(oneByOne, batch);
    }

    [Theory]
    [MemberData(nameof(Beams))]
    public void Generate_ThroughTheRunner_EqualsGenerationThroughTheCSharpReference(int numBeams)
    {
        GenerationConfig config = Config(numBeams);

        IReadOnlyList<GeneratedSequence> expected = SequenceGenerator.Generate(
            new ReferenceDecoderSession(fixture.Reference, Sources), config, CancellationToken.None);
        IReadOnlyList<GeneratedSequence> actual = Generate(fixture.Merged, DecoderCacheMode.Cached, Sources, config);

        AssertSame(expected, actual);
    }

    [Fact]
    public void Generate_Fixture_ProducesSequencesOfDifferentLengthsAndReasons()
    {
        // Guards the other tests' strength: rows must finish at different steps (leaving the batch mid-way)
        // and at least one must run into max_length, or SelectRows with dropped parents would go untested.
        IReadOnlyList<GeneratedSequence> greedy = Generate(fixture.Merged, DecoderCacheMode.Cached, Sources, Config(1));

        Assert.True(greedy.Select(sequence => sequence.TokenIds.Count).Distinct().Count() >= 3, Describe(greedy));
        Assert.Contains(greedy, sequence => sequence.FinishReason == FinishReason.EndOfSequence);
        Assert.Contains(greedy, sequence => sequence.FinishReason == FinishReason.MaxLength);
    }

    [Fact]
    public void Generate_Beams_FindADifferentSequenceThanGreedy()
    {
        // Beam search must really fork and prune rows here, or the beam tests would exercise no reordering.
        IReadOnlyList<GeneratedSequence> greedy = Generate(fixture.Merged, DecoderCacheMode.Cached, Sources, Config(1));
        IReadOnlyList<GeneratedSequence> beams = Generate(fixture.Merged, DecoderCacheMode.Cached, Sources, Config(3));

        Assert.Contains(Enumerable.Range(0, Sources.Count), i => !greedy[i].TokenIds.SequenceEqual(beams[i].TokenIds));
    }

    private static GenerationConfig Config(int numBeams) => Greedy with { NumBeams = numBeams };

    private static IReadOnlyList<GeneratedSequence> Generate(
        Seq2SeqOnnxModel model, DecoderCacheMode mode, IReadOnlyList<IReadOnlyList<int>> sources, GenerationConfig config)
    {
        using OnnxDecoderSession session = model.StartDecoding(sources, Pad, mode, CancellationToken.None);
        Assert.Equal(mode, session.CacheMode);
        return SequenceGenerator.Generate(session, config, CancellationToken.None);
    }

    private static void AssertSame(IReadOnlyList<GeneratedSequence> expected, IReadOnlyList<GeneratedSequence> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].TokenIds, actual[i].TokenIds);
            Assert.Equal(expected[i].FinishReason, actual[i].FinishReason);
            Assert.Equal(expected[i].LogProbability, actual[i].LogProbability, ScoreTolerance);
            Assert.Equal(expected[i].Score, actual[i].Score, ScoreTolerance);
        }
    }

    private static string Describe(IReadOnlyList<GeneratedSequence> sequences) =>
        string.Join(" | ", sequences.Select(sequence => $"{string.Join(',', sequence.TokenIds)} ({sequence.FinishReason})"));
}
