using BatchWorkers.Onnx.Tokenizers;
using System.Text.Json;

namespace BatchWorkers.Seq2Seq.Tests.Support;

/// <summary>Writes tiny but real tokenizer files for each family into a folder.</summary>
internal static class TokenizerFixtures
{
    /// <summary>Letters for single-character pieces, so any text made of them round-trips.</summary>
    public const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüßéèçàÇÉ,.!?:'";

    /// <summary>Whole-word pieces; "▁cat" is in the Marian source.spm but deliberately not in its vocab.json.</summary>
    public static readonly string[] Words = ["▁Hello", "▁world", "▁Grüße", "▁Welt", "▁the", "▁cat", "▁summarize", "▁Ça", "▁va"];

    public const string MarianPieceMissingFromVocab = "▁cat";

    /// <summary>Unigram pieces after the special ones: words beat spelling out, spelling out always works.</summary>
    public static IEnumerable<(string Piece, float Score, int Type)> NormalPieces() =>
        Words.Select(word => (word, -2f, SentencePieceModelWriter.Normal))
            .Append(("▁", -3f, SentencePieceModelWriter.Normal))
            .Concat(Letters.Select(letter => (letter.ToString(), -5f, SentencePieceModelWriter.Normal)));

    /// <summary>
    /// Marian: source.spm with &lt;unk&gt; 0, &lt;s&gt; 1, &lt;/s&gt; 2, and a vocab.json with its own ids:
    /// &lt;/s&gt; 0, &lt;unk&gt; 1, &gt;&gt;de&lt;&lt; 2, &gt;&gt;fr&lt;&lt; 3, pieces, &lt;pad&gt; last.
    /// </summary>
    public static MarianVocabulary WriteMarian(string directory, bool withConfig = true)
    {
        (string, float, int)[] special =
        [
            ("<unk>", 0f, SentencePieceModelWriter.Unknown),
            ("<s>", 0f, SentencePieceModelWriter.Control),
            ("</s>", 0f, SentencePieceModelWriter.Control),
        ];
        SentencePieceModelWriter.Write(
            Path.Combine(directory, "source.spm"), [.. special, .. NormalPieces()], new(Unknown: 0, Bos: 1, Eos: 2, Pad: -1));

        var vocabulary = new Dictionary<string, int> { ["</s>"] = 0, ["<unk>"] = 1, [">>de<<"] = 2, [">>fr<<"] = 3 };
        foreach ((string piece, _, _) in NormalPieces())
        {
            if (piece != MarianPieceMissingFromVocab)
            {
                vocabulary[piece] = vocabulary.Count;
            }
        }

        vocabulary["<pad>"] = vocabulary.Count;
        File.WriteAllText(Path.Combine(directory, "vocab.json"), JsonSerializer.Serialize(vocabulary));
        if (withConfig)
        {
            File.WriteAllText(Path.Combine(directory, "config.json"), """{ "model_type": "marian" }""");
        }

        return new MarianVocabulary(vocabulary);
    }

    /// <summary>T5: spiece.model with &lt;pad&gt; 0, &lt;/s&gt; 1, &lt;unk&gt; 2 and bos_id = −1, as t5-small ships it.</summary>
    public static IReadOnlyList<string> WriteT5(string directory, bool withConfig = true)
    {
        (string Piece, float Score, int Type)[] pieces =
        [
            ("<pad>", 0f, SentencePieceModelWriter.Control),
            ("</s>", 0f, SentencePieceModelWriter.Control),
            ("<unk>", 0f, SentencePieceModelWriter.Unknown),
            .. NormalPieces(),
        ];
        SentencePieceModelWriter.Write(Path.Combine(directory, "spiece.model"), pieces, new(Unknown: 2, Bos: -1, Eos: 1, Pad: 0));
        if (withConfig)
        {
            File.WriteAllText(Path.Combine(directory, "config.json"), """{ "model_type": "t5" }""");
        }

        return [.. pieces.Select(piece => piece.Piece)];
    }

    /// <summary>The piece → id table of a Marian fixture's vocab.json.</summary>
    public sealed class MarianVocabulary(IReadOnlyDictionary<string, int> ids)
    {
        public int this[string piece] => ids[piece];

        public int Count => ids.Count;
    }
}
