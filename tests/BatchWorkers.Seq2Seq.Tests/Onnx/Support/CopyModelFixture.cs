using BatchWorkers.Onnx.Transformers;
using BatchWorkers.Seq2Seq.Onnx;
using BatchWorkers.Seq2Seq.Tests.Support;

namespace BatchWorkers.Seq2Seq.Tests.Onnx.Support;

/// <summary>
/// The designed copy-and-shift model (<see cref="Seq2SeqTransformerWeights.Copying"/>) exported in every layout:
/// its correct output for any source is the source itself. Vocabulary 16, EOS 0, pad and decoder start 15.
/// </summary>
public sealed class CopyModelFixture : IDisposable
{
    public const int VocabSize = 16;
    public const int Eos = 0;
    public const int Pad = VocabSize - 1;

    private readonly TempDirectory _folder = new();

    public CopyModelFixture()
    {
        Seq2SeqExporter.WriteFolder(_folder.Path, Seq2SeqTransformerWeights.Copying(VocabSize, maxPositions: 16), Seq2SeqExportLayout.MergedAndSplit);
        Merged = Seq2SeqOnnxModel.Load(_folder.Path, new Seq2SeqOnnxOptions { Layout = DecoderLayout.Merged });
        Split = Seq2SeqOnnxModel.Load(_folder.Path, new Seq2SeqOnnxOptions { Layout = DecoderLayout.Split });
    }

    public Seq2SeqOnnxModel Merged { get; }

    public Seq2SeqOnnxModel Split { get; }

    public Seq2SeqOnnxModel Model(DecoderLayout layout) => layout == DecoderLayout.Merged ? Merged : Split;

    public void Dispose()
    {
        Merged.Dispose();
        Split.Dispose();
        _folder.Dispose();
    }
}
