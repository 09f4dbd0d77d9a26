using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Onnx;
using BatchWorkers.Seq2Seq.Tests.Onnx.Support;
using static BatchWorkers.Seq2Seq.Tests.Onnx.Support.CopyModelFixture;

namespace BatchWorkers.Seq2Seq.Tests.Onnx;

/// <summary>A model with designed weights whose correct output is known: it copies its source.</summary>
public sealed class CopyModelTests(CopyModelFixture fixture) : IClassFixture<CopyModelFixture>
{
    private static readonly IReadOnlyList<IReadOnlyList<int>> Sources =
    [
        [5, 12, 9, Eos],
        [12, 3, 8, 8, 1, 14, 6, 13, 10, 2, Eos],
        [7, Eos],
        [Eos],
    ];

    public static TheoryData<DecoderLayout, DecoderCacheMode, int> Cases()
    {
        var cases = new TheoryData<DecoderLayout, DecoderCacheMode, int>();
        foreach (DecoderLayout layout in new[] { DecoderLayout.Merged, DecoderLayout.Split })
        {
            foreach (DecoderCacheMode mode in new[] { DecoderCacheMode.Cached, DecoderCacheMode.Uncached })
            {
                cases.Add(layout, mode, 1);
                cases.Add(layout, mode, 4);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generate_CopyModel_ReproducesEverySourceOfAPaddedBatch(DecoderLayout layout, DecoderCacheMode mode, int numBeams)
    {
        var config = new GenerationConfig
        {
            DecoderStartTokenId = Pad,
            EosTokenIds = [Eos],
            PadTokenId = Pad,
            BadWordsIds = [[Pad]],
            MaxLength = 16,
            NumBeams = numBeams,
        };
        using OnnxDecoderSession session = fixture.Model(layout).StartDecoding(Sources, Pad, mode, CancellationToken.None);

        IReadOnlyList<GeneratedSequence> results = SequenceGenerator.Generate(session, config, CancellationToken.None);

        Assert.Equal(Sources, results.Select(result => result.TokenIds));
        Assert.All(results, result => Assert.Equal(FinishReason.EndOfSequence, result.FinishReason));
    }
}
