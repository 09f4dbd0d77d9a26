using BatchWorkers.Seq2Seq.Attribution;
using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Onnx;
using BatchWorkers.Seq2Seq.Tests.Onnx.Support;
using static BatchWorkers.Seq2Seq.Tests.Onnx.Support.TinySeq2SeqFixture;

namespace BatchWorkers.Seq2Seq.Tests.Attribution;

/// <summary>Teacher-forced scoring on the tiny seeded-random model, checked against the plain C# reference transformer.</summary>
[Collection(TinySeq2SeqCollection.Name)]
public sealed class TeacherForcedScorerTests(TinySeq2SeqFixture fixture)
{
    private static readonly int[] Target = [Pad, 5, 17, 3, 9, 22, Eos];

    public static TheoryData<DecoderLayout, DecoderCacheMode> Modes() => new()
    {
        { DecoderLayout.Merged, DecoderCacheMode.Cached },
        { DecoderLayout.Split, DecoderCacheMode.Cached },
        { DecoderLayout.Merged, DecoderCacheMode.Uncached },
        { DecoderLayout.Split, DecoderCacheMode.Uncached },
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public void Score_PaddedBatch_EqualsReferenceRecomputedFromScratch(DecoderLayout layout, DecoderCacheMode mode)
    {
        var scorer = new TeacherForcedScorer(fixture.Model(layout), Pad, mode);

        IReadOnlyList<double> scores = scorer.Score(Sources, Target, batchSize: Sources.Count, CancellationToken.None);

        for (int i = 0; i < Sources.Count; i++)
        {
            double expected = ReferenceScore(Sources[i], Target);
            Assert.True(Math.Abs(expected - scores[i]) <= 1e-4 * Math.Max(1, Math.Abs(expected)), $"source {i}: reference {expected}, scorer {scores[i]}");
        }
    }

    [Fact]
    public void Score_BatchSizes_GiveTheSameScores()
    {
        var scorer = new TeacherForcedScorer(fixture.Merged, Pad);

        IReadOnlyList<double> alone = scorer.Score(Sources, Target, batchSize: 1, CancellationToken.None);
        IReadOnlyList<double> pairs = scorer.Score(Sources, Target, batchSize: 2, CancellationToken.None);
        IReadOnlyList<double> all = scorer.Score(Sources, Target, batchSize: 16, CancellationToken.None);

        // Bitwise identical on x64 here (padding included); the tolerance allows for kernels that block rows by batch size.
        Assert.Equal<double>(alone, pairs, Same);
        Assert.Equal<double>(alone, all, Same);
    }

    [Fact]
    public void Score_BeforeBatch_IsCalledOncePerBatchBeforeItRuns()
    {
        var scorer = new TeacherForcedScorer(fixture.Merged, Pad);
        var calls = 0;

        scorer.Score(Sources, Target, batchSize: 2, CancellationToken.None, _ => calls++);

        Assert.Equal((Sources.Count + 1) / 2, calls);
    }

    [Fact]
    public void Score_BeforeBatchThrows_StopsBeforeTheModelRuns()
    {
        var scorer = new TeacherForcedScorer(fixture.Merged, Pad);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.Throws<OperationCanceledException>(() =>
            scorer.Score(Sources, Target, batchSize: 2, CancellationToken.None, _ => cancelled.Token.ThrowIfCancellationRequested()));
    }

    [Fact]
    public void Score_GreedyOutput_EqualsTheLogProbabilityGreedySearchSummed()
    {
        // No logits processors, so greedy's per-token scores are the raw log-softmax the scorer uses.
        GenerationConfig config = Greedy with { BadWordsIds = [] };
        using OnnxDecoderSession session = fixture.Merged.StartDecoding(Sources, Pad, DecoderCacheMode.Cached, CancellationToken.None);
        IReadOnlyList<GeneratedSequence> generated = SequenceGenerator.Generate(session, config, CancellationToken.None);
        var scorer = new TeacherForcedScorer(fixture.Merged, Pad);

        for (int i = 0; i < Sources.Count; i++)
        {
            double score = scorer.Score([Sources[i]], [Pad, .. generated[i].TokenIds], 1, CancellationToken.None)[0];

            Assert.True(Math.Abs(generated[i].LogProbability - score) <= 1e-4 * Math.Max(1, Math.Abs(score)),
                $"source {i}: greedy {generated[i].LogProbability}, scorer {score}");
        }
    }

    [Fact]
    public void Score_StartTokenOnly_IsZeroWithoutRunningTheModel() =>
        Assert.Equal([0.0, 0.0], new TeacherForcedScorer(fixture.Merged, Pad).Score([Sources[0], Sources[1]], [Pad], 4, CancellationToken.None));

    [Fact]
    public void Score_TargetOutsideTheVocabulary_Throws() =>
        Assert.Throws<ArgumentException>(() => new TeacherForcedScorer(fixture.Merged, Pad).Score(Sources, [Pad, 5, 99], 4, CancellationToken.None));

    [Fact]
    public void Score_Cancelled_Throws()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => new TeacherForcedScorer(fixture.Merged, Pad).Score(Sources, Target, 4, cancelled.Token));
    }

    // Σ log-softmax(logits at t−1)[target[t]], each source alone, the decoder recomputed over the whole target.
    private double ReferenceScore(IReadOnlyList<int> source, IReadOnlyList<int> target)
    {
        long[] mask = [.. source.Select(_ => 1L)];
        double[][] encoded = fixture.Reference.Encode([.. source.Select(id => (long)id)], mask);
        double[][] logits = fixture.Reference.Decode([.. target.Select(id => (long)id)], encoded, mask).Logits;
        double total = 0;
        for (int t = 1; t < target.Count; t++)
        {
            double[] row = logits[t - 1];
            double max = row.Max();
            total += row[target[t]] - max - Math.Log(row.Sum(value => Math.Exp(value - max)));
        }

        return total;
    }

    private static bool Same(double a, double b) => Math.Abs(a - b) <= 1e-6;
}
