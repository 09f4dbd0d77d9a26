using System.Text.Json;
using BatchWorkers.Onnx.Tokenizers;
using BatchWorkers.Onnx.Transformers;
using BatchWorkers.Seq2Seq.Pipelines;
using BatchWorkers.Seq2Seq.Tests.Support;

namespace BatchWorkers.Seq2Seq.Tests.Attribution;

/// <summary>
/// A Marian-family model folder (source.spm, vocab.json, config files, ONNX with merged and split decoders) whose
/// designed weights (<see cref="Seq2SeqTransformerWeights.Echoing"/>) answer with the German for the colour at
/// source position <see cref="DecisivePosition"/> and nothing else: "the car is red" → "rot". Every other source
/// token has no effect on the output, so it is the ground truth for attribution.
/// </summary>
public sealed class KeywordModelFixture : IDisposable
{
    public const int DecisivePosition = 3;

    public const int MaxPositions = 48;

    private static readonly string[] Words =
    [
        "the", "a", "car", "house", "sky", "is", "was", "very", "and", "today", "not", "red", "green", "blue",
        "rot", "grün", "blau", "<tag>", "&", "\"quoted\"",
    ];

    private static readonly Dictionary<string, string> Colours = new() { ["red"] = "rot", ["green"] = "grün", ["blue"] = "blau" };

    private const string Letters = "abcdefghijklmnopqrstuvwxyzäöü.,!?<>&\"'";

    private readonly TempDirectory _folder = new();

    public KeywordModelFixture()
    {
        (string, float, int)[] pieces =
        [
            ("<unk>", 0f, SentencePieceModelWriter.Unknown),
            ("<s>", 0f, SentencePieceModelWriter.Control),
            ("</s>", 0f, SentencePieceModelWriter.Control),
            .. Words.Select(word => ("\u2581" + word, -2f, SentencePieceModelWriter.Normal)),
            ("\u2581", -3f, SentencePieceModelWriter.Normal),
            .. Letters.Select(letter => (letter.ToString(), -5f, SentencePieceModelWriter.Normal)),
        ];
        SentencePieceModelWriter.Write(_folder.File("source.spm"), pieces, new(Unknown: 0, Bos: 1, Eos: 2, Pad: -1));

        // Marian's vocab.json: </s> 0, <unk> 1, the pieces, <pad> last (also the decoder start).
        var vocabulary = new Dictionary<string, int> { ["</s>"] = 0, ["<unk>"] = 1 };
        foreach ((string piece, _, _) in pieces.Skip(3))
        {
            vocabulary.TryAdd(piece, vocabulary.Count);
        }

        vocabulary["<pad>"] = vocabulary.Count;
        File.WriteAllText(_folder.File("vocab.json"), JsonSerializer.Serialize(vocabulary));
        Vocabulary = vocabulary;

        var translate = Colours.ToDictionary(pair => vocabulary["\u2581" + pair.Key], pair => vocabulary["\u2581" + pair.Value]);
        Weights = Seq2SeqTransformerWeights.Echoing(vocabulary.Count, MaxPositions, DecisivePosition, eosTokenId: 0, translate);
        Seq2SeqExporter.WriteFolder(_folder.Path, Weights, Seq2SeqExportLayout.MergedAndSplit);
        Seq2SeqConfigFiles.Write(_folder.Path, Weights.Shape, Seq2SeqSpecialTokens.Marian(vocabulary.Count), "marian", maxLength: 8);
        Pipeline = Seq2SeqPipeline.Load(_folder.Path, Seq2SeqTask.Translation);
    }

    public string Folder => _folder.Path;

    public Seq2SeqPipeline Pipeline { get; }

    public IReadOnlyDictionary<string, int> Vocabulary { get; }

    internal Seq2SeqTransformerWeights Weights { get; }

    public void Dispose()
    {
        Pipeline.Dispose();
        _folder.Dispose();
    }
}
