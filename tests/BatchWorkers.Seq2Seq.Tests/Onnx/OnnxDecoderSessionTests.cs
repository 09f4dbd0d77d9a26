using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Onnx;
using BatchWorkers.Seq2Seq.Tests.Onnx.Support;
using static BatchWorkers.Seq2Seq.Tests.Onnx.Support.TinySeq2SeqFixture;

namespace BatchWorkers.Seq2Seq.Tests.Onnx;

/// <summary>The runner's <see cref="IDecoderSession"/> stepped by hand, row by row against the C# reference.</summary>
[Collection(TinySeq2SeqCollection.Name)]
public sealed class OnnxDecoderSessionTests(TinySeq2SeqFixture fixture)
{
    public static TheoryData<DecoderLayout, DecoderCacheMode> LayoutsAndModes => new()
    {
        { DecoderLayout.Merged, DecoderCacheMode.Cached },
        { DecoderLayout.Split, DecoderCacheMode.Cached },
        { DecoderLayout.Merged, DecoderCacheMode.Uncached },
        { DecoderLayout.Split, DecoderCacheMode.Uncached },
    };

    [Theory]
    [MemberData(nameof(LayoutsAndModes))]
    public void Step_SuccessiveSteps_MatchReferenceLogits(DecoderLayout layout, DecoderCacheMode mode)
    {
        int[][] continuations = [[4, 9, 13], [22, 1, 7], [3, 3, 3], [30, 2, 18]];
        List<int>[] prefixes = [.. Sources.Select(_ => new List<int> { Pad })];
        using OnnxDecoderSession session = fixture.Model(layout).StartDecoding(Sources, Pad, mode, CancellationToken.None);

        for (int step = 0; step < 3; step++)
        {
            Logits logits = session.Step(prefixes, CancellationToken.None);

            AssertRowsMatchReference(logits, [.. Sources], prefixes);
            for (int row = 0; row < prefixes.Length; row++)
            {
                prefixes[row].Add(continuations[row][step]);
            }
        }

        Assert.Equal(mode == DecoderCacheMode.Cached ? 3 : 0, session.CachedLength);
    }

    [Theory]
    [MemberData(nameof(LayoutsAndModes))]
    public void SelectRows_RepeatedDroppedAndReorderedParents_EachRowContinuesItsParent(DecoderLayout layout, DecoderCacheMode mode)
    {
        IReadOnlyList<int>[] sources = [Sources[0], Sources[1]];
        using OnnxDecoderSession session = fixture.Model(layout).StartDecoding(sources, Pad, mode, CancellationToken.None);
        session.Step([[Pad], [Pad]], CancellationToken.None);

        // Beams widen: rows become source 1, source 0, source 0, source 1.
        session.SelectRows([1, 0, 0, 1]);
        List<int>[] widened = [[Pad, 5], [Pad, 6], [Pad, 7], [Pad, 8]];
        Logits second = session.Step(widened, CancellationToken.None);
        AssertRowsMatchReference(second, [sources[1], sources[0], sources[0], sources[1]], widened);

        // Rows finish or are pruned and the rest reorder: old rows 2, 3, 0.
        session.SelectRows([2, 3, 0]);
        List<int>[] pruned = [[Pad, 7, 9], [Pad, 8, 10], [Pad, 5, 11]];
        Logits third = session.Step(pruned, CancellationToken.None);
        AssertRowsMatchReference(third, [sources[0], sources[1], sources[1]], pruned);
        Assert.Equal(3, session.Rows);
    }

    [Fact]
    public void Step_CachedSequenceNotOneTokenLonger_ThrowsInsteadOfFeedingTheWrongToken()
    {
        using OnnxDecoderSession session = fixture.Merged.StartDecoding([Sources[0]], Pad, DecoderCacheMode.Cached, CancellationToken.None);
        session.Step([[Pad]], CancellationToken.None);

        var error = Assert.Throws<InvalidOperationException>(() => session.Step([[Pad, 4, 9]], CancellationToken.None));

        Assert.Contains("holds 1 positions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Step_RowCountDiffersFromTheSession_Throws()
    {
        using OnnxDecoderSession session = fixture.Merged.StartDecoding(Sources, Pad, DecoderCacheMode.Cached, CancellationToken.None);

        Assert.Throws<InvalidOperationException>(() => session.Step([[Pad], [Pad]], CancellationToken.None));
    }

    [Fact]
    public void Step_CancelledToken_ThrowsOperationCanceled()
    {
        using OnnxDecoderSession session = fixture.Split.StartDecoding(Sources, Pad, DecoderCacheMode.Cached, CancellationToken.None);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => session.Step([[Pad], [Pad], [Pad], [Pad]], cancellation.Token));
    }

    [Fact]
    public void StartDecoding_CancelledToken_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(
            () => fixture.Merged.StartDecoding(Sources, Pad, DecoderCacheMode.Cached, cancellation.Token));
    }

    [Fact]
    public void SelectRows_ParentOutOfRange_ThrowsAndKeepsTheRows()
    {
        using OnnxDecoderSession session = fixture.Merged.StartDecoding([Sources[0], Sources[1]], Pad, DecoderCacheMode.Cached, CancellationToken.None);
        session.Step([[Pad], [Pad]], CancellationToken.None);

        Assert.Throws<ArgumentOutOfRangeException>(() => session.SelectRows([0, 2]));

        Assert.Equal(2, session.Rows);
        AssertRowsMatchReference(session.Step([[Pad, 4], [Pad, 5]], CancellationToken.None), [Sources[0], Sources[1]], [[Pad, 4], [Pad, 5]]);
    }

    [Fact]
    public void StartDecoding_EmptySource_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(
            () => fixture.Merged.StartDecoding([Sources[0], []], Pad, DecoderCacheMode.Cached, CancellationToken.None));

        Assert.Contains("Source 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartDecoding_NoSources_GeneratesNothing()
    {
        using OnnxDecoderSession session = fixture.Merged.StartDecoding([], Pad, DecoderCacheMode.Cached, CancellationToken.None);

        Assert.Empty(SequenceGenerator.Generate(session, Greedy, CancellationToken.None));
        Assert.Equal(0, session.BatchSize);
    }

    [Theory]
    [InlineData(DecoderLayout.Merged)]
    [InlineData(DecoderLayout.Split)]
    public void StartDecoding_AutoOnCacheCapableFiles_UsesTheCache(DecoderLayout layout)
    {
        using OnnxDecoderSession session = fixture.Model(layout).StartDecoding(Sources, Pad, DecoderCacheMode.Auto, CancellationToken.None);

        Assert.Equal(DecoderCacheMode.Cached, session.CacheMode);
        Assert.Equal(Sources.Max(source => source.Count), session.EncoderLength);
    }

    private void AssertRowsMatchReference(Logits logits, IReadOnlyList<int>[] rowSources, IReadOnlyList<IReadOnlyList<int>> prefixes)
    {
        ReferenceTransformer reference = fixture.Reference;
        Assert.Equal(rowSources.Length, logits.Rows);
        for (int row = 0; row < rowSources.Length; row++)
        {
            double[] expected = reference.NextLogits([.. rowSources[row].Select(id => (long)id)], [.. prefixes[row].Select(id => (long)id)]);
            Span<float> actual = logits.Row(row);
            Assert.Equal(expected.Length, actual.Length);
            for (int token = 0; token < expected.Length; token++)
            {
                Close.Equal(expected[token], actual[token], $"row {row} token {token}");
            }
        }
    }
}
