using System.Text.Json;
using BatchWorkers.Onnx.Tokenizers;
using BatchWorkers.Onnx.Transformers;

namespace BatchWorkers.Onnx.Samples;

/// <summary>
/// Seq2seq models with designed (not trained) weights, in the Hugging Face Optimum layout with real tokenizer
/// files, so a fresh setup can run translation and summarization jobs end to end before any real model is pulled:
/// <list type="bullet">
/// <item>a word-for-word English→German glossary translator (Marian family): the designed copying model with
/// a token map; words outside the glossary are copied letter by letter;</item>
/// <item>a lead-sentence summarizer (T5 family): the copying model ending after the first '.', '!' or '?'.</item>
/// </list>
/// </summary>
public static class SampleTextModels
{
    /// <summary>Longest input, in tokens, of the sample translator (sentences; documents are split).</summary>
    public const int TranslatorMaxPositions = 128;

    /// <summary>Longest input, in tokens, of the sample summarizer; longer texts are summarized in segments.</summary>
    public const int SummarizerMaxPositions = 192;

    private const string Note =
        "Placeholder with designed (not trained) weights written by BatchWorkers.Onnx: it copies its input with fixed rules. "
        + "Pull a real model with `bw models pull` for real output.";

    /// <summary>Letters, digits and punctuation spelled out one piece each, so any such text round-trips.</summary>
    private const string Characters =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüßÄÖÜéèàçñ0123456789.,;:!?'\"()-/&%€$";

    /// <summary>The translator's glossary, English → German, word for word.</summary>
    public static IReadOnlyDictionary<string, string> Glossary { get; } = new Dictionary<string, string>
    {
        ["Hello"] = "Hallo", ["hello"] = "hallo", ["world"] = "Welt", ["Good"] = "Guten", ["good"] = "guten",
        ["morning"] = "Morgen", ["evening"] = "Abend", ["my"] = "mein", ["friend"] = "Freund", ["The"] = "Die",
        ["the"] = "die", ["cat"] = "Katze", ["is"] = "ist", ["small"] = "klein", ["big"] = "groß", ["We"] = "Wir",
        ["we"] = "wir", ["are"] = "sind", ["here"] = "hier", ["I"] = "Ich", ["love"] = "liebe", ["coffee"] = "Kaffee",
        ["and"] = "und", ["tea"] = "Tee", ["water"] = "Wasser", ["Thank"] = "Danke", ["thank"] = "danke",
        ["you"] = "dir", ["very"] = "sehr", ["much"] = "viel", ["It"] = "Es", ["it"] = "es", ["rains"] = "regnet",
        ["today"] = "heute", ["not"] = "nicht", ["book"] = "Buch", ["read"] = "lese", ["a"] = "ein",
        ["house"] = "Haus", ["garden"] = "Garten", ["green"] = "grün", ["night"] = "Nacht",
    };

    /// <summary>Words the summarizer keeps as single pieces; any other text is spelled out.</summary>
    private static readonly string[] SummarizerWords =
    [
        "The", "the", "a", "of", "and", "to", "in", "is", "was", "for", "on", "that", "with", "as", "by", "at", "it",
        "from", "this", "be", "are", "has", "have", "will", "new", "said", "after", "report", "company", "year",
        "people", "city", "first", "more", "than", "its", "their", "we", "our", "service", "customer", "order",
    ];

    /// <summary>
    /// Writes the glossary translator (Marian family) into <paramref name="modelDirectory"/>: the ONNX files
    /// (merged decoder), <c>config.json</c>, <c>generation_config.json</c>, <c>source.spm</c>, <c>target.spm</c>
    /// and <c>vocab.json</c>.
    /// </summary>
    public static void WriteTranslator(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        Directory.CreateDirectory(modelDirectory);
        (string, float, int)[] special =
        [
            ("<unk>", 0f, SentencePieceModelWriter.Unknown),
            ("<s>", 0f, SentencePieceModelWriter.Control),
            ("</s>", 0f, SentencePieceModelWriter.Control),
        ];
        var sourcePieces = Pieces(Glossary.Keys);
        var targetPieces = Pieces(Glossary.Values);
        var ids = new SentencePieceModelWriter.SpecialIds(Unknown: 0, Bos: 1, Eos: 2, Pad: -1);
        SentencePieceModelWriter.Write(Path.Combine(modelDirectory, "source.spm"), [.. special, .. sourcePieces], ids);
        SentencePieceModelWriter.Write(Path.Combine(modelDirectory, "target.spm"), [.. special, .. targetPieces], ids);

        // Marian's vocab.json: </s> 0, <unk> 1, the pieces of both sides, <pad> last (also the decoder start).
        var vocabulary = new Dictionary<string, int> { ["</s>"] = 0, ["<unk>"] = 1 };
        foreach ((string piece, _, _) in sourcePieces.Concat(targetPieces))
        {
            vocabulary.TryAdd(piece, vocabulary.Count);
        }

        vocabulary["<pad>"] = vocabulary.Count;
        File.WriteAllText(Path.Combine(modelDirectory, "vocab.json"), JsonSerializer.Serialize(vocabulary));

        var translate = Glossary.ToDictionary(pair => vocabulary[Word(pair.Key)], pair => vocabulary[Word(pair.Value)]);
        var weights = Seq2SeqTransformerWeights.Copying(vocabulary.Count, TranslatorMaxPositions, new CopyingRules { Translate = translate });
        Seq2SeqExporter.WriteFolder(modelDirectory, weights, Seq2SeqExportLayout.Merged);
        Seq2SeqConfigFiles.Write(modelDirectory, weights.Shape, Seq2SeqSpecialTokens.Marian(vocabulary.Count), "marian", TranslatorMaxPositions);
        WriteNote(modelDirectory, "glossary-en-de");
    }

    /// <summary>
    /// Writes the lead-sentence summarizer (T5 family) into <paramref name="modelDirectory"/>: the ONNX files
    /// (merged decoder), <c>config.json</c>, <c>generation_config.json</c> and <c>spiece.model</c>.
    /// </summary>
    public static void WriteSummarizer(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelDirectory);
        Directory.CreateDirectory(modelDirectory);
        const int Pad = 0, Eos = 1;
        (string Piece, float Score, int Type)[] pieces =
        [
            ("<pad>", 0f, SentencePieceModelWriter.Control),
            ("</s>", 0f, SentencePieceModelWriter.Control),
            ("<unk>", 0f, SentencePieceModelWriter.Unknown),
            .. Pieces(SummarizerWords),
        ];
        SentencePieceModelWriter.Write(
            Path.Combine(modelDirectory, "spiece.model"), pieces, new(Unknown: 2, Bos: -1, Eos: Eos, Pad: Pad));

        // T5's vocabulary also holds 100 <extra_id_N> sentinels after the pieces.
        int vocabSize = pieces.Length + 100;
        var sentenceEnds = pieces.Select((piece, id) => (piece.Piece, id)).Where(p => p.Piece is "." or "!" or "?").Select(p => p.id);
        var weights = Seq2SeqTransformerWeights.Copying(
            vocabSize, SummarizerMaxPositions, new CopyingRules { EndAfter = sentenceEnds.ToHashSet(), EndToken = Eos });
        Seq2SeqExporter.WriteFolder(modelDirectory, weights, Seq2SeqExportLayout.Merged);
        Seq2SeqConfigFiles.Write(modelDirectory, weights.Shape, new Seq2SeqSpecialTokens(Pad, Eos, Pad), "t5", SummarizerMaxPositions);
        WriteNote(modelDirectory, "lead-sentence");
    }

    private static string Word(string word) => "\u2581" + word;

    /// <summary>Whole words first (cheapest), then the word boundary and single characters as the fallback.</summary>
    private static List<(string Piece, float Score, int Type)> Pieces(IEnumerable<string> words) =>
    [
        .. words.Distinct().Select(word => (Word(word), -2f, SentencePieceModelWriter.Normal)),
        ("\u2581", -3f, SentencePieceModelWriter.Normal),
        .. Characters.Select(c => (c.ToString(), -5f, SentencePieceModelWriter.Normal)),
    ];

    private static void WriteNote(string modelDirectory, string kind) =>
        File.WriteAllText(Path.Combine(modelDirectory, "README.md"), $"# Sample model: {kind}\n\n{Note}\n");
}
