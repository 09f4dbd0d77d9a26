using System.Collections.Concurrent;
using BatchWorkers.Onnx.Transformers;
using BatchWorkers.Seq2Seq.Generation;
using BatchWorkers.Seq2Seq.Onnx;
using BatchWorkers.Seq2Seq.Tests.Support;
using Microsoft.ML.OnnxRuntime;

namespace BatchWorkers.Seq2Seq.Tests.Onnx.Support;

/// <summary>
/// One tiny seeded-random encoder–decoder exported once in every Optimum layout (encoder, decoder, decoder with
/// past, merged decoder) into a temp folder, its sessions opened once and shared by the ONNX tests. Token ids
/// follow Marian: EOS 0, pad (and decoder start) the last id.
/// </summary>
public sealed class TinySeq2SeqFixture : IDisposable
{
    public const int Eos = 0;
    public const int Pad = 31;

    private readonly TempDirectory _folder = new();
    private readonly SessionOptions _sessionOptions = new() { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
    private readonly ConcurrentDictionary<string, InferenceSession> _files = new();

    public TinySeq2SeqFixture()
    {
        Weights = Seq2SeqTransformerWeights.Random(new Seq2SeqTransformerShape { VocabSize = Pad + 1 }, seed: 20240611);
        // A nudge towards EOS so that greedy outputs differ in length (5 and 2 tokens ending in EOS, two stopped by
        // max_length) and beams differ from greedy: finished
        // rows leave the batch mid-way. Generate_Fixture_ProducesSequencesOfDifferentLengthsAndReasons guards it.
        Weights.FinalLogitsBias[Eos] += 4f;
        Seq2SeqExporter.WriteFolder(_folder.Path, Weights, Seq2SeqExportLayout.MergedAndSplit);
        Merged = Load(_folder.Path, DecoderLayout.Merged);
        Split = Load(_folder.Path, DecoderLayout.Split);
    }

    public string Folder => _folder.Path;

    /// <summary>The same folder's encoder + <c>decoder_model_merged.onnx</c>.</summary>
    public Seq2SeqOnnxModel Merged { get; }

    /// <summary>The same folder's encoder + <c>decoder_model.onnx</c> and <c>decoder_with_past_model.onnx</c>.</summary>
    public Seq2SeqOnnxModel Split { get; }

    /// <summary>Sources of different lengths (so a batch pads), each ending in EOS as a tokenizer would.</summary>
    public static IReadOnlyList<IReadOnlyList<int>> Sources { get; } =
    [
        [5, 17, 9, Eos],
        [12, 3, 28, 8, 21, 14, 6, 30, Eos],
        [7, Eos],
        [19, 19, 2, 11, 25, Eos],
    ];

    /// <summary>Greedy, Marian-style settings: start = pad, EOS 0, pad banned.</summary>
    public static GenerationConfig Greedy { get; } = new()
    {
        DecoderStartTokenId = Pad,
        EosTokenIds = [Eos],
        PadTokenId = Pad,
        BadWordsIds = [[Pad]],
        MaxLength = 12,
    };

    internal Seq2SeqTransformerWeights Weights { get; }

    internal ReferenceTransformer Reference => new(Weights);

    public Seq2SeqOnnxModel Model(DecoderLayout layout) => layout switch
    {
        DecoderLayout.Merged => Merged,
        DecoderLayout.Split => Split,
        _ => throw new ArgumentOutOfRangeException(nameof(layout), layout, "The fixture shares merged and split models."),
    };

    /// <summary>A plain session over one exported file, for checking the graphs themselves.</summary>
    public InferenceSession File(string fileName) =>
        _files.GetOrAdd(fileName, name => new InferenceSession(Path.Combine(_folder.Path, name), _sessionOptions));

    /// <summary>Loads a model folder with the fixture's single-threaded session options.</summary>
    public Seq2SeqOnnxModel Load(string folder, DecoderLayout layout = DecoderLayout.Auto) =>
        Seq2SeqOnnxModel.Load(folder, new Seq2SeqOnnxOptions { Layout = layout, SessionOptions = _sessionOptions });

    public void Dispose()
    {
        Merged.Dispose();
        Split.Dispose();
        foreach (InferenceSession session in _files.Values)
        {
            session.Dispose();
        }

        _sessionOptions.Dispose();
        _folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TinySeq2SeqCollection : ICollectionFixture<TinySeq2SeqFixture>
{
    public const string Name = "Tiny seq2seq model";
}
